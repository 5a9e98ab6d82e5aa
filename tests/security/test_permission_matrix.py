"""The global permission matrix: EVERY URL name × 8 personas × {GET, POST} → the expected status.

Objects live in agency A (กรมพัฒนาธุรกิจการค้า): a law, a procedure of A, handbooks of A in the state each URL
acts on (draft, pending, published). Outside the official's scope → 404; in scope with the wrong role → 403;
anonymous → the sign-in page (302 to /accounts/login/?next=); POST-only URLs answer GET with 405 and read-only
URLs answer POST with 405. POSTs carry no data: an empty form comes back with errors (200) or the transition that
needs no data happens (302) — never a 500. A refused request writes nothing (counts, states and audit rows).
A URL name missing from the matrix fails `test_every_url_name_is_in_the_matrix`.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from handbooks.models import FormSample, Handbook
from handbooks.workflow import HandbookVersion, Status
from laws.models import Law, LawRefresh
from portal.models import AuditEntry
from procedures.models import Procedure
from tests.approvals.helpers import make_handbook, pending, published, published_with_form_file
from tests.conftest import PERSONAS
from tests.factories import LawFactory, ProcedureFactory
from tests.security.helpers import all_url_names

L = "login"  # anonymous: 302 to the sign-in page
ORDER = ["anonymous", "author", "child_author", "outsider", "approver", "approver_b", "central", "admin_user"]
assert ORDER == PERSONAS


def row(an, au, ch, ou, ap, ab, ce, ad) -> dict[str, object]:
    """Expected statuses in the order of PERSONAS."""
    return dict(zip(ORDER, [an, au, ch, ou, ap, ab, ce, ad], strict=True))


def signed_in(status, anonymous=L) -> dict[str, object]:
    return row(anonymous, *([status] * 7))


# Shapes that repeat. "editors" = authors of any agency and administrators (laws are a shared registry).
EDITORS = lambda ok: row(L, ok, ok, ok, 403, 403, 403, ok)  # noqa: E731
APPROVERS = lambda ok, authors=403: row(L, authors, authors, authors, ok, ok, ok, ok)  # noqa: E731
# A's objects: author and approver of A, central approver, administrator see them; child (a division below A),
# sibling B's author and approver do not (404).
SEE_A = row(L, 200, 404, 404, 200, 404, 200, 200)
EDIT_A = lambda ok: row(L, ok, 404, 404, 403, 404, 403, ok)  # noqa: E731
DECIDE_A = lambda ok: row(L, 403, 404, 404, ok, 404, ok, ok)  # noqa: E731

MATRIX: dict[str, dict[str, dict[str, object]]] = {
    # portal
    "login": {"GET": row(200, *[302] * 7), "POST": row(200, *[302] * 7)},
    "logout": {"GET": signed_in(405), "POST": signed_in(302)},
    "password_change": {"GET": signed_in(200), "POST": signed_in(200)},
    "password_change_done": {"GET": signed_in(200), "POST": signed_in(405)},
    "healthz": {"GET": signed_in(200, 200), "POST": signed_in(200, 200)},
    "portal:dashboard": {"GET": signed_in(200), "POST": signed_in(405)},
    # laws: every official reads the registry; authors and administrators change it
    "laws:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:detail": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:search": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:create": {"GET": EDITORS(200), "POST": EDITORS(200)},
    "laws:create_inline": {"GET": signed_in(405), "POST": EDITORS(200)},
    "laws:update": {"GET": EDITORS(200), "POST": EDITORS(200)},
    "laws:refresh": {"GET": signed_in(405), "POST": EDITORS(302)},
    # procedures of agency A
    "procedures:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "procedures:agency_search": {"GET": signed_in(200), "POST": signed_in(405)},
    "procedures:create": {"GET": EDITORS(200), "POST": EDITORS(200)},
    "procedures:detail": {"GET": SEE_A, "POST": signed_in(405)},
    "procedures:update": {"GET": EDIT_A(200), "POST": EDIT_A(200)},
    "procedures:delete": {"GET": signed_in(405), "POST": EDIT_A(302)},
    # handbooks: any author may write a handbook of any procedure for an agency in their own scope
    "handbooks:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "handbooks:create": {"GET": EDITORS(200), "POST": EDITORS(200)},
    "handbooks:agency_search": {"GET": EDITORS(200), "POST": signed_in(405)},
    "handbooks:detail": {"GET": SEE_A, "POST": signed_in(405)},
    "handbooks:update": {"GET": EDIT_A(200), "POST": EDIT_A(200)},
    "handbooks:print": {"GET": SEE_A, "POST": signed_in(405)},
    "handbooks:copy": {"GET": signed_in(405), "POST": EDIT_A(302)},
    # a draft's uploaded form: only officials who see the handbook (public once published)
    "handbooks:form_file": {"GET": row(404, 200, 404, 404, 200, 404, 200, 200), "POST": signed_in(405, 405)},
    # approvals
    "approvals:queue": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "approvals:queue_csv": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "approvals:review": {"GET": DECIDE_A(200), "POST": signed_in(405)},
    "approvals:submit": {"GET": signed_in(405), "POST": EDIT_A(302)},
    "approvals:withdraw": {"GET": signed_in(405), "POST": EDIT_A(302)},
    "approvals:approve": {"GET": signed_in(405), "POST": DECIDE_A(302)},
    "approvals:return": {"GET": signed_in(405), "POST": DECIDE_A(200)},  # no reason: the form comes back
    "approvals:unpublish": {"GET": signed_in(405), "POST": DECIDE_A(200)},  # no reason: the form comes back
    # a published handbook is visible to every official (to copy it), and to citizens on the public site
    "approvals:versions": {"GET": signed_in(200), "POST": signed_in(405)},
    "approvals:version": {"GET": signed_in(200), "POST": signed_in(405)},
    "approvals:version_form_file": {"GET": signed_in(200), "POST": signed_in(405)},
    "public:home": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:handbook": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:version": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:form_file": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:agencies": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:agency": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
}

# Which object each URL acts on, in the state that makes the transition meaningful.
TARGET = {
    "laws:detail": "law",
    "laws:update": "law",
    "laws:refresh": "law",
    "procedures:detail": "procedure",
    "procedures:update": "procedure",
    "procedures:delete": "procedure",
    "handbooks:create": "procedure",
    "handbooks:detail": "draft",
    "handbooks:update": "draft",
    "handbooks:print": "draft",
    "handbooks:copy": "draft",
    "handbooks:form_file": "form_file",
    "approvals:review": "pending",
    "approvals:submit": "draft",
    "approvals:withdraw": "pending",
    "approvals:approve": "pending",
    "approvals:return": "pending",
    "approvals:unpublish": "published",
    "approvals:versions": "published",
    "approvals:version": "published",
    "approvals:version_form_file": "published_form_file",
    "public:handbook": "published",
    "public:version": "published",
    "public:form_file": "published_form_file",
    "public:agency": "agency",
}

CASES = [(name, method, persona) for name in sorted(MATRIX) for method in ("GET", "POST") for persona in PERSONAS]


def test_every_url_name_is_in_the_matrix():
    names = all_url_names()
    missing, stale = sorted(names - set(MATRIX)), sorted(set(MATRIX) - names)
    assert not missing, f"URL names missing from tests/security/test_permission_matrix.py: {missing}"
    assert not stale, f"URL names in the matrix that no longer exist: {stale}"
    for name, methods in MATRIX.items():
        assert set(methods) == {"GET", "POST"}, name
        for method, per_persona in methods.items():
            assert set(per_persona) == set(PERSONAS), (name, method)
            assert set(per_persona.values()) <= {200, 302, 403, 404, 405, L}, (name, method)


def _kwargs(name: str, author, approver, agency_a, tmp_path) -> tuple[dict, object]:
    kind = TARGET.get(name)
    if kind is None:
        return {}, None
    if kind == "law":
        law = LawFactory()
        return {"pk": law.pk}, law
    if kind == "procedure":
        procedure = ProcedureFactory(agency=agency_a)
        return ({"procedure_pk": procedure.pk} if name == "handbooks:create" else {"pk": procedure.pk}), procedure
    if kind == "agency":
        return {"pk": agency_a.pk}, agency_a
    if kind == "form_file":
        handbook = make_handbook(author)
        sample = FormSample.objects.create(handbook=handbook, name="แบบคำขอ", position=9)
        sample.file.save("form.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return {"pk": sample.pk}, handbook
    if kind == "published_form_file":
        handbook, _sample = published_with_form_file(author, approver)
        index = next(i for i, f in enumerate(handbook.live_version.snapshot["forms"]) if f["file"])
        return {"pk": handbook.pk, "number": 1, "index": index}, handbook
    handbook = {"draft": make_handbook, "pending": pending}.get(kind, lambda a: published(a, approver))(author)
    kwargs = {"pk": handbook.pk}
    if name in ("approvals:version", "public:version"):
        kwargs["number"] = 1
    return kwargs, handbook


def _state() -> tuple:
    return (
        Law.objects.count(),
        LawRefresh.objects.count(),
        Procedure.objects.count(),
        Handbook.objects.count(),
        HandbookVersion.objects.count(),
        tuple(Handbook.objects.order_by("pk").values_list("status", "lock_version", "live_version_id")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_permission_matrix(name, method, persona, author, approver, agency_a, persona_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kwargs, target = _kwargs(name, author, approver, agency_a, tmp_path)
    user, client = persona_client(persona)
    url = reverse(name, kwargs=kwargs)
    before = _state()
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client.get(url) if method == "GET" else client.post(url, {})

    expected = MATRIX[name][method][persona]
    if expected == L:
        assert response.status_code == 302, f"{persona} {method} {name}: {response.status_code}"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == expected, f"{persona} {method} {name}: {response.status_code} != {expected}"
    if expected in (L, 403, 404, 405) or method == "GET":
        # Refused (or a GET): nothing written anywhere, and no audit row of a change.
        assert _state() == before, f"{persona} {method} {name} changed the database"
        written = AuditEntry.objects.filter(pk__gt=last_audit).exclude(action__startswith="portal.auth.")
        assert not written.exists(), list(written.values_list("action", flat=True))
    if isinstance(target, Handbook) and method == "POST" and expected == 302:
        target.refresh_from_db()
        moved = {
            "approvals:submit": Status.PENDING,
            "approvals:withdraw": Status.DRAFT,
            "approvals:approve": Status.PUBLISHED,
        }
        if name in moved:
            assert target.status == moved[name]


def test_login_url_is_the_sign_in_page():
    assert reverse(settings.LOGIN_URL) == "/accounts/login/"
