"""Permission matrix: every URL of the laws and procedures apps × persona × method → status.

Procedure objects belong to agency A (กรมพัฒนาธุรกิจการค้า). Outside the scope → 404; in scope but without the
author role → 403; anonymous → sign-in page (302). GET never changes state: POST-only URLs answer GET with 405.
"""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from laws.models import Law
from procedures.models import Procedure
from tests.conftest import PERSONAS
from tests.factories import LawFactory, ProcedureFactory

EDITORS = {"author", "child_author", "outsider", "admin_user"}  # authors of any agency, and superusers
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def everyone(status):
    return dict.fromkeys(SIGNED_IN, status)


def editors(ok, others=403):
    return {p: (ok if p in EDITORS else others) for p in SIGNED_IN}


# Procedure of agency A: visible to author, approver (same agency), central and admin; child_author's scope is the
# division below A, so A's procedure is outside it.
PROC_VISIBLE = {"author", "approver", "central", "admin_user"}


def procedure_edit(ok):
    return {p: (ok if p in {"author", "admin_user"} else 403 if p in PROC_VISIBLE else 404) for p in SIGNED_IN}


MATRIX = {
    ("laws:list", "get"): everyone(200),
    ("laws:detail", "get"): everyone(200),
    ("laws:search", "get"): everyone(200),
    ("laws:search", "post"): everyone(405),
    ("laws:create", "get"): editors(200),
    ("laws:create", "post"): editors(200),  # empty form → 200 with errors
    ("laws:create_inline", "get"): everyone(405),
    ("laws:create_inline", "post"): editors(200),
    ("laws:update", "get"): editors(200),
    ("laws:update", "post"): editors(200),
    ("laws:refresh", "get"): everyone(405),
    ("laws:refresh", "post"): editors(302),
    ("procedures:list", "get"): everyone(200),
    ("procedures:agency_search", "get"): everyone(200),
    ("procedures:agency_search", "post"): everyone(405),
    ("procedures:create", "get"): editors(200),
    ("procedures:create", "post"): editors(200),
    ("procedures:detail", "get"): {p: (200 if p in PROC_VISIBLE else 404) for p in SIGNED_IN},
    ("procedures:update", "get"): procedure_edit(200),
    ("procedures:update", "post"): procedure_edit(200),
    ("procedures:delete", "get"): everyone(405),
    ("procedures:delete", "post"): procedure_edit(302),
}
OBJECT_URLS = {
    "laws:detail": "law",
    "laws:update": "law",
    "laws:refresh": "law",
    "procedures:detail": "procedure",
    "procedures:update": "procedure",
    "procedures:delete": "procedure",
}
CASES = [(name, method, persona) for (name, method) in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize("name, method, persona", CASES)
def test_permission_matrix(persona_client, agency_a, name, method, persona):
    objects = {"law": LawFactory(), "procedure": ProcedureFactory(agency=agency_a)}
    kind = OBJECT_URLS.get(name)
    url = reverse(name, args=[objects[kind].pk] if kind else [])
    user, client = persona_client(persona)
    law_count, procedure_count = Law.objects.count(), Procedure.objects.count()
    response = getattr(client, method)(url, {})
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert (Law.objects.count(), Procedure.objects.count()) == (law_count, procedure_count)
        return
    expected = MATRIX[(name, method)][persona]
    assert response.status_code == expected, f"{persona} {method.upper()} {name}"
    if name == "procedures:delete" and method == "post":
        assert Procedure.objects.filter(pk=objects["procedure"].pk).exists() == (expected != 302)
    else:
        # An empty POST never creates anything.
        assert (Law.objects.count(), Procedure.objects.count()) == (law_count, procedure_count)
    if name == "laws:refresh":
        objects["law"].refresh_from_db()
        assert (objects["law"].refreshed_by == user) == (expected == 302)


def test_every_laws_and_procedures_url_name_is_in_the_matrix():
    resolver = get_resolver()
    names = set()
    for namespace in ("laws", "procedures"):
        _, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    covered = {name for name, _ in MATRIX}
    assert names, "no URL names found"
    assert not names - covered, f"URL names missing from the permission matrix: {sorted(names - covered)}"


@pytest.mark.django_db
def test_author_cannot_edit_a_procedure_of_a_sibling_agency(login, author, agency_b):
    procedure = ProcedureFactory(agency=agency_b, name="ของหน่วยงานอื่น [N]")
    client = login(author)
    assert client.get(reverse("procedures:update", args=[procedure.pk])).status_code == 404
    assert client.post(reverse("procedures:delete", args=[procedure.pk])).status_code == 404
    procedure.refresh_from_db()
    assert procedure.name == "ของหน่วยงานอื่น [N]"
