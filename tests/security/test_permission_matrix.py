"""The permission matrix: EVERY URL name × 8 personas × {GET, POST} → the expected status, and what it did.

Objects live in agency A (กรมพัฒนาธุรกิจการค้า): a law, a procedure of A, handbooks of A in the state each URL
acts on (draft, pending, published). Outside the official's scope → 404; in scope with the wrong role → 403;
anonymous → the sign-in page (302 to /accounts/login/?next=); POST-only URLs answer GET with 405 and read-only
URLs answer POST with 405.

A POST carries what the page's own form sends (POST_DATA: a change note, a reason, a whole valid procedure or
handbook form for agency A), so a permitted POST really acts: EFFECTS checks the database moved (the new state or
row) and that exactly one audit row of that action, by that official, about that object was written. A refused
request, a GET and any request without an entry in EFFECTS write nothing (rows, states, names, versions, audit).
Each form is also posted empty once (EMPTY_POST): the form comes back with a Thai message and nothing is written.

One test per URL name and method walks the 8 personas on the same objects (new ones after a request that changed
them) and reports every persona that failed, each as "METHOD url-name as persona: ...".
A URL name missing from the matrix fails `test_every_url_name_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from handbooks.models import FormSample, Handbook
from handbooks.workflow import HandbookVersion, Status
from laws.models import Law, LawRefresh
from portal.models import AuditEntry, User
from procedures.models import Procedure
from tests.approvals.helpers import make_handbook, pending, published, published_with_form_file
from tests.conftest import PERSONAS
from tests.factories import PASSWORD, LawFactory, ProcedureFactory
from tests.handbooks.helpers import form_data as handbook_form
from tests.procedures.helpers import form_data as procedure_form
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
CENTRAL = lambda ok: row(L, 403, 403, 403, 403, 403, ok, ok)  # noqa: E731
# A's handbook and a ก.พ.ร. action: in A's scope without the central role → 403, outside it → 404.
FLAG_A = lambda ok: row(L, 403, 404, 404, 403, 404, ok, ok)  # noqa: E731
# Creating something owned by agency A: every author may open the form, but only A's author and the administrator
# may save it for A (child_author's scope is the division below A, outsider's is B): the form comes back (200).
CREATE_FOR_A = row(L, 302, 200, 200, 403, 403, 403, 302)

MATRIX: dict[str, dict[str, dict[str, object]]] = {
    # portal. The sign-in form is posted with author's credentials: the visitor is signed in (302).
    "login": {"GET": row(200, *[302] * 7), "POST": row(302, *[302] * 7)},
    "logout": {"GET": signed_in(405), "POST": signed_in(302)},
    "password_change": {"GET": signed_in(200), "POST": signed_in(302)},
    "password_change_done": {"GET": signed_in(200), "POST": signed_in(405)},
    "healthz": {"GET": signed_in(200, 200), "POST": signed_in(200, 200)},
    "portal:dashboard": {"GET": signed_in(200), "POST": signed_in(405)},
    # laws: every official reads the registry; authors and administrators change it
    "laws:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:detail": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:search": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:review": {"GET": signed_in(200), "POST": signed_in(405)},
    "laws:create": {"GET": EDITORS(200), "POST": EDITORS(302)},
    "laws:create_inline": {"GET": signed_in(405), "POST": EDITORS(200)},  # answers with the new law's list item
    "laws:update": {"GET": EDITORS(200), "POST": EDITORS(302)},
    "laws:refresh": {"GET": signed_in(405), "POST": EDITORS(302)},
    # procedures of agency A
    "procedures:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "procedures:agency_search": {"GET": signed_in(200), "POST": signed_in(405)},
    "procedures:create": {"GET": EDITORS(200), "POST": CREATE_FOR_A},
    "procedures:detail": {"GET": SEE_A, "POST": signed_in(405)},
    "procedures:update": {"GET": EDIT_A(200), "POST": EDIT_A(302)},
    "procedures:delete": {"GET": signed_in(405), "POST": EDIT_A(302)},
    # handbooks: any author may write a handbook of any procedure for an agency in their own scope
    "handbooks:list": {"GET": signed_in(200), "POST": signed_in(405)},
    "handbooks:create": {"GET": EDITORS(200), "POST": CREATE_FOR_A},
    "handbooks:agency_search": {"GET": EDITORS(200), "POST": signed_in(405)},
    "handbooks:detail": {"GET": SEE_A, "POST": signed_in(405)},
    "handbooks:update": {"GET": EDIT_A(200), "POST": EDIT_A(302)},
    "handbooks:print": {"GET": SEE_A, "POST": signed_in(405)},
    "handbooks:copy": {"GET": signed_in(405), "POST": EDIT_A(302)},
    # a never-published draft: those who may edit it delete it (a published one: the view refuses with a message)
    "handbooks:delete": {"GET": signed_in(405), "POST": EDIT_A(302)},
    # a draft's uploaded form: only officials who see the handbook (public once published)
    "handbooks:form_file": {"GET": row(404, 200, 404, 404, 200, 404, 200, 200), "POST": signed_in(405, 405)},
    # approvals
    "approvals:queue": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "approvals:queue_csv": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "approvals:review": {"GET": DECIDE_A(200), "POST": signed_in(405)},
    "approvals:submit": {"GET": signed_in(405), "POST": EDIT_A(302)},
    "approvals:withdraw": {"GET": signed_in(405), "POST": EDIT_A(302)},
    "approvals:approve": {"GET": signed_in(405), "POST": DECIDE_A(302)},
    "approvals:return": {"GET": signed_in(405), "POST": DECIDE_A(302)},
    "approvals:unpublish": {"GET": signed_in(405), "POST": DECIDE_A(302)},
    # ก.พ.ร. (central approvers) only: the stage-2 queue, ตรวจสอบหลังเผยแพร่
    "approvals:central_queue": {"GET": CENTRAL(200), "POST": CENTRAL(405)},
    "approvals:central_queue_csv": {"GET": CENTRAL(200), "POST": CENTRAL(405)},
    "approvals:flag": {"GET": signed_in(405), "POST": FLAG_A(302)},
    "approvals:unflag": {"GET": signed_in(405), "POST": FLAG_A(302)},
    # a published handbook is visible to every official (to copy it), and to citizens on the public site
    "approvals:versions": {"GET": signed_in(200), "POST": signed_in(405)},
    "approvals:version": {"GET": signed_in(200), "POST": signed_in(405)},
    "approvals:version_form_file": {"GET": signed_in(200), "POST": signed_in(405)},
    # reports (issue 13): approvers of any agency (each over their own scope), ก.พ.ร. and administrators; read-only
    "reports:index": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "reports:pending": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "reports:returns": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "reports:stale": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "reports:laws": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "reports:export": {"GET": APPROVERS(200), "POST": APPROVERS(405)},
    "public:home": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:handbook": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:version": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:handbook_pdf": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:version_pdf": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:form_file": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:agencies": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    "public:agency": {"GET": signed_in(200, 200), "POST": signed_in(405, 405)},
    # issue 14: the public API and the open-data files, the same for everyone; read-only (POST → 405)
    **{
        name: {"GET": signed_in(200, 200), "POST": signed_in(405, 405)}
        for name in (
            "api:index",
            "api:schema",
            "api:docs",
            "api:handbooks",
            "api:handbook",
            "api:handbook_cpsv",
            "api:versions",
            "api:version",
            "api:agencies",
            "api:agency",
            "api:laws",
            "api:law",
            "opendata:downloads",
            "opendata:file",
        )
    },
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
    "handbooks:delete": "draft",
    "handbooks:form_file": "form_file",
    "approvals:review": "pending",
    "approvals:submit": "draft",
    "approvals:withdraw": "pending",
    "approvals:approve": "pending",
    "approvals:return": "pending",
    "approvals:unpublish": "published",
    "approvals:flag": "published",
    "approvals:unflag": "flagged",
    "approvals:versions": "published",
    "approvals:version": "published",
    "approvals:version_form_file": "published_form_file",
    "public:handbook": "published",
    "public:version": "published",
    "public:handbook_pdf": "published",
    "public:version_pdf": "published",
    "public:form_file": "published_form_file",
    "public:agency": "agency",
    "api:handbook": "published",
    "api:handbook_cpsv": "published",
    "api:versions": "published",
    "api:version": "published",
    "api:agency": "agency",
    "api:law": "published_law",
    "opendata:file": "open_data_file",
    "reports:export": "report_table",
}

NEW_PASSWORD = "Sip-Song-Rasi-2570"  # noqa: S105
CRITERIA = "ผู้ขอต้องมีสัญชาติไทยและบรรลุนิติภาวะแล้ว"


@dataclass
class Case:
    """One persona's request in the matrix: who sends it, with which client, about which object."""

    name: str
    persona: str
    user: User | None
    client: Client
    target: Any
    author: User
    agency_a: Any
    law: Law

    @property
    def number(self) -> int:
        return PERSONAS.index(self.persona)


def _law_title(case: Case) -> str:
    return f"พระราชบัญญัติทดสอบสิทธิ์ ฉบับที่ {case.number} พ.ศ. 2560"


def _procedure_name(case: Case) -> str:
    return f"การขออนุญาตทดสอบสิทธิ์ลำดับที่ {case.number} [N]"


# What the page's own form posts (URLs not listed post nothing).
POST_DATA: dict[str, Callable[[Case], dict]] = {
    "login": lambda c: {"username": c.author.username, "password": PASSWORD},
    "password_change": lambda c: {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "laws:create": lambda c: {"title": _law_title(c), "kind": "act", "year_be": "2560"},
    "laws:create_inline": lambda c: {"law-title": _law_title(c), "law-kind": "act", "law-year_be": "2560"},
    "laws:update": lambda c: {"title": _law_title(c), "kind": "act", "year_be": "2560"},
    "laws:refresh": lambda c: {"note": "ตรวจสอบกับราชกิจจานุเบกษาแล้ว"},
    "procedures:create": lambda c: procedure_form(c.agency_a, [c.law], name=_procedure_name(c)),
    "procedures:update": lambda c: procedure_form(
        c.agency_a, [c.law], name=_procedure_name(c), lock_version=str(c.target.lock_version)
    ),
    "handbooks:create": lambda c: handbook_form(Handbook(procedure=c.target, agency=c.agency_a), c.author),
    "handbooks:update": lambda c: {**handbook_form(c.target, c.author), "criteria": CRITERIA},
    "approvals:submit": lambda c: {"change_note": "ทดสอบ"},
    "approvals:approve": lambda c: {"comment": "เรียบร้อย"},
    "approvals:return": lambda c: {"reason": "แก้ไขเอกสาร"},
    "approvals:unpublish": lambda c: {"reason": "ยกเลิก"},
    "approvals:flag": lambda c: {"reason": "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง"},
}


# ----- what a permitted POST did: each returns (audit action, the object it is about) -----


def _signed_in_as_author(c: Case):
    assert c.client.session.get("_auth_user_id") == str(c.author.pk), "not signed in as author"
    return "portal.auth.login", c.author


def _signed_out(c: Case):
    assert "_auth_user_id" not in c.client.session, "still signed in"
    return "portal.auth.logout", c.user


def _password_changed(c: Case):
    c.user.refresh_from_db()
    assert c.user.check_password(NEW_PASSWORD), "password unchanged"
    return "portal.auth.password_changed", c.user


def _law_created(c: Case):
    law = Law.objects.get(title=_law_title(c))
    assert law.created_by == c.user
    return "laws.law.created", law


def _law_updated(c: Case):
    c.target.refresh_from_db()
    assert c.target.title == _law_title(c)
    return "laws.law.updated", c.target


def _law_refreshed(c: Case):
    c.target.refresh_from_db()
    assert c.target.refreshed_by == c.user and [r.user for r in c.target.refreshes.all()] == [c.user]
    return "laws.law.refreshed", c.target


def _procedure_created(c: Case):
    procedure = Procedure.objects.get(name=_procedure_name(c))
    assert procedure.agency == c.agency_a and procedure.created_by == c.user
    return "procedures.procedure.created", procedure


def _procedure_updated(c: Case):
    c.target.refresh_from_db()
    assert (c.target.name, c.target.lock_version, c.target.updated_by) == (_procedure_name(c), 2, c.user)
    return "procedures.procedure.updated", c.target


def _procedure_deleted(c: Case):
    assert not Procedure.objects.filter(pk=c.target.pk).exists(), "procedure still there"
    return "procedures.procedure.deleted", c.target


def _handbook_created(c: Case):
    handbook = Handbook.objects.get(procedure=c.target)
    assert (handbook.agency, handbook.author, handbook.status) == (c.agency_a, c.user, Status.DRAFT)
    return "handbooks.handbook.created", handbook


def _handbook_updated(c: Case):
    c.target.refresh_from_db()
    assert (c.target.criteria, c.target.lock_version, c.target.updated_by) == (CRITERIA, 2, c.user)
    return "handbooks.handbook.updated", c.target


def _handbook_copied(c: Case):
    copy = Handbook.objects.get(copied_from=c.target)
    assert (copy.agency, copy.author, copy.status) == (c.user.agency, c.user, Status.DRAFT)
    assert copy.documents.count() == c.target.documents.count() == 1
    return "handbooks.handbook.copied", copy


def _handbook_deleted(c: Case):
    assert not Handbook.objects.filter(pk=c.target.pk).exists(), "handbook still there"
    return "handbooks.handbook.deleted", c.target


def _workflow(action: str, status: str, **fields) -> Callable[[Case], tuple]:
    def check(c: Case):
        c.target.refresh_from_db()
        assert c.target.status == status, f"status {c.target.status} != {status}"
        for field, expected in fields.items():
            value = getattr(c.target, field)
            expected = c.user if expected == "actor" else expected
            assert value == expected, f"{field}: {value!r} != {expected!r}"
        return action, c.target

    return check


def _approved(c: Case):
    action, handbook = _workflow("approvals.handbook.approved", Status.PUBLISHED, decided_by="actor")(c)
    assert (handbook.live_version.number, handbook.live_version.approved_by) == (1, c.user)
    return action, handbook


EFFECTS: dict[str, Callable[[Case], tuple]] = {
    "login": _signed_in_as_author,
    "logout": _signed_out,
    "password_change": _password_changed,
    "laws:create": _law_created,
    "laws:create_inline": _law_created,
    "laws:update": _law_updated,
    "laws:refresh": _law_refreshed,
    "procedures:create": _procedure_created,
    "procedures:update": _procedure_updated,
    "procedures:delete": _procedure_deleted,
    "handbooks:create": _handbook_created,
    "handbooks:update": _handbook_updated,
    "handbooks:copy": _handbook_copied,
    "handbooks:delete": _handbook_deleted,
    "approvals:submit": _workflow(
        "approvals.handbook.submitted", Status.PENDING, submitted_by="actor", change_note="ทดสอบ"
    ),
    "approvals:withdraw": _workflow("approvals.handbook.withdrawn", Status.DRAFT),
    "approvals:approve": _approved,
    "approvals:return": _workflow(
        "approvals.handbook.returned", Status.RETURNED, decided_by="actor", decision_note="แก้ไขเอกสาร"
    ),
    "approvals:unpublish": _workflow(
        "approvals.handbook.unpublished", Status.DRAFT, decided_by="actor", decision_note="ยกเลิก", live_version=None
    ),
    "approvals:flag": _workflow(
        "approvals.handbook.flagged", Status.PUBLISHED, flagged_by="actor", flag_reason="ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง"
    ),
    "approvals:unflag": _workflow("approvals.handbook.unflagged", Status.PUBLISHED, flagged_by=None, flagged_at=None),
}
SUCCESS = {"laws:create_inline": 200}  # the status of a POST that acted (302 for all others)

# Each form posted empty by an official who may use it: the form comes back (200) with this Thai message and
# nothing is written.
EMPTY_POST = {
    "login": ("anonymous", "ฟิลด์นี้จำเป็น"),
    "password_change": ("author", "ฟิลด์นี้จำเป็น"),
    "laws:create": ("author", "กรุณากรอกชื่อกฎหมาย"),
    "laws:create_inline": ("author", "กรุณากรอกชื่อกฎหมาย"),
    "laws:update": ("author", "กรุณากรอกชื่อกฎหมาย"),
    "procedures:create": ("author", "กรุณากรอกชื่อกระบวนงาน"),
    "procedures:update": ("author", "กรุณากรอกชื่อกระบวนงาน"),
    "handbooks:create": ("author", "ยังบันทึกไม่ได้"),
    "handbooks:update": ("author", "ยังบันทึกไม่ได้"),
    "approvals:return": ("approver", "กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"),
    "approvals:unpublish": ("approver", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"),
    "approvals:flag": ("central", "กรุณาระบุสิ่งที่ต้องแก้ไข"),
}

CASES = [(name, method) for name in sorted(MATRIX) for method in ("GET", "POST")]


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
    # A URL that answers a permitted POST with a redirect acted: what it did must be checked (EFFECTS).
    redirecting = {name for name, methods in MATRIX.items() if 302 in methods["POST"].values()}
    assert not redirecting - set(EFFECTS), f"POST URLs without a check of their effect: {redirecting - set(EFFECTS)}"
    assert set(EFFECTS) | set(POST_DATA) | set(EMPTY_POST) | set(TARGET) <= set(MATRIX)


def _target(name: str, author, approver, agency_a) -> tuple[dict, Any]:
    """(URL kwargs, the object the URL acts on) in the state TARGET names."""
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
    if kind == "report_table":
        return {"table": "states", "fmt": "xlsx"}, None
    if kind == "form_file":
        handbook = make_handbook(author)
        sample = FormSample.objects.create(handbook=handbook, name="แบบคำขอ", position=9)
        sample.file.save("form.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return {"pk": sample.pk}, handbook
    if kind == "published_form_file":
        handbook, _sample = published_with_form_file(author, approver)
        index = next(i for i, f in enumerate(handbook.live_version.snapshot["forms"]) if f["file"])
        return {"pk": handbook.pk, "number": 1, "index": index}, handbook
    if kind == "published_law":
        handbook = published(author, approver)
        return {"pk": handbook.live_version.snapshot["procedure"]["laws"][0]["id"]}, handbook
    if kind == "open_data_file":
        folder = Path(settings.MEDIA_ROOT) / "open-data"
        call_command("export_open_data", str(folder), base_url="http://testserver", no_progress=True, stdout=StringIO())
        return {"name": "handbooks.csv"}, None
    if kind == "flagged":
        handbook = published(author, approver)
        flagger = User.objects.create(username=f"flagger{handbook.pk}", is_approver=True, is_central_approver=True)
        handbook.flag(flagger, "ตรวจสอบหลังเผยแพร่")
        return {"pk": handbook.pk}, handbook
    handbook = {"draft": make_handbook, "pending": pending}.get(kind, lambda a: published(a, approver))(author)
    kwargs = {"pk": handbook.pk}
    if name in ("approvals:version", "public:version", "public:version_pdf", "api:version"):
        kwargs["number"] = 1
    return kwargs, handbook


def _state() -> tuple:
    """Everything a request of the matrix could change, except sessions and sign-in times."""
    return (
        tuple(Law.objects.order_by("pk").values_list("pk", "title", "refreshed_by_id")),
        LawRefresh.objects.count(),
        tuple(Procedure.objects.order_by("pk").values_list("pk", "name", "lock_version", "agency_id")),
        tuple(
            Handbook.objects.order_by("pk").values_list(
                "pk", "status", "lock_version", "live_version_id", "criteria", "flagged_at"
            )
        ),
        HandbookVersion.objects.count(),
        tuple(User.objects.order_by("pk").values_list("pk", "password")),
    )


def _last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _acts(case: Case, method: str, expected: object) -> bool:
    """A permitted POST to a URL with an effect (the sign-in form signs in only a visitor)."""
    if method != "POST" or case.name not in EFFECTS or expected != SUCCESS.get(case.name, 302):
        return False
    return case.name != "login" or case.user is None


def _check(case: Case, method: str, url: str, expected: object) -> bool:
    """One persona's request: the status, then the effect or the absence of any. True when something changed."""
    before, last_audit = _state(), _last_audit()
    data = POST_DATA.get(case.name, lambda c: {})(case) if method == "POST" else None
    response = case.client.get(url) if method == "GET" else case.client.post(url, data)

    if expected == L:
        assert response.status_code == 302, f"{response.status_code} != 302 to the sign-in page"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next="), response["Location"]
    else:
        assert response.status_code == expected, f"{response.status_code} != {expected}"
    written = AuditEntry.objects.filter(pk__gt=last_audit)
    if not _acts(case, method, expected):
        assert _state() == before, "changed the database"
        assert not written.exclude(action__startswith="portal.auth.").exists(), list(written.values_list("action"))
        return False
    action, obj = EFFECTS[case.name](case)
    actor = case.user or obj  # a visitor who signs in acts as the official they became
    rows = list(written.values_list("action", "actor_id", "object_id"))
    assert rows == ([(action, actor.pk, str(obj.pk))] if action else []), rows
    return True


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), CASES)
def test_permission_matrix(name, method, author, approver, agency_a, persona_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    law = LawFactory(title="พระราชบัญญัติการทะเบียนพาณิชย์ พ.ศ. 2499")  # the procedure form's chosen law
    failures: list[str] = []
    kwargs, target = None, None
    for persona in PERSONAS:
        if kwargs is None:  # first persona, or the last request changed the object
            kwargs, target = _target(name, author, approver, agency_a)
        user, client = persona_client(persona)
        case = Case(name, persona, user, client, target, author, agency_a, law)
        url = reverse(name, kwargs=kwargs)
        try:
            if _check(case, method, url, MATRIX[name][method][persona]):
                kwargs = None
        except AssertionError as error:
            failures.append(f"{method} {name} as {persona}: {error}")
            kwargs = None

    if method == "POST" and name in EMPTY_POST:
        persona, message = EMPTY_POST[name]
        kwargs, target = _target(name, author, approver, agency_a)
        user, client = persona_client(persona)
        before, last_audit = _state(), _last_audit()
        response = client.post(reverse(name, kwargs=kwargs), {})
        if response.status_code != 200 or message not in response.content.decode():
            failures.append(f"empty POST {name} as {persona}: {response.status_code}, without “{message}”")
        written = AuditEntry.objects.filter(pk__gt=last_audit).exclude(action__startswith="portal.auth.")
        if _state() != before or written.exists():
            failures.append(f"empty POST {name} as {persona} wrote {list(written.values_list('action'))}")
    assert not failures, "\n".join(failures)


def test_login_url_is_the_sign_in_page():
    assert reverse(settings.LOGIN_URL) == "/accounts/login/"
