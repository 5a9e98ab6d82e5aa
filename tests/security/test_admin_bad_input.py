"""Forged or odd input on the Django admin (issue 11, defect 6b): a law title that differs only in spacing, a
non-numeric agency id, a negative formset count, an out-of-range year in a changelist filter. Each gets a Thai
message or a 400 — never a 500 — and writes nothing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from laws.models import Law
from portal.models import Agency, User
from procedures.models import ProcedureLaw
from tests.factories import LawFactory, ProcedureFactory

HUGE = "99999999999999999999"


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit for the page's main form (what the admin rendered)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str | None, value: str) -> None:
        if name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a.get("name"), a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value") or "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.lstrip("\n") if not self.data[self._textarea][-1] else data


def _form_data(client, url: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    return parser.data


# ----- the law registry: a title differing only in spacing from an existing law -----


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["พระราชบัญญัติทะเบียนพาณิชย์  พ.ศ.2499", "พ.ร.บ.ทะเบียนพาณิชย์ พ.ศ. ๒๔๙๙"])
def test_admin_refuses_a_law_title_differing_only_in_spacing_and_points_at_the_existing_law(login, admin_user, typed):
    """P6: also under its short name (issue 12), through the registry's own LawForm."""
    existing = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")
    client = login(admin_user)
    url = reverse("admin:laws_law_add")
    data = _form_data(client, url)
    data.update(title=typed, kind="act", year_be="2499")
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "มีกฎหมายนี้ในระบบแล้ว" in html
    assert f'<a href="{reverse("admin:laws_law_change", args=[existing.pk])}">' in html  # links the law already there
    assert list(Law.objects.values_list("pk", flat=True)) == [existing.pk]


@pytest.mark.django_db
def test_admin_refuses_renaming_a_law_onto_another_ones_title(login, admin_user):
    existing = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")
    other = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    client = login(admin_user)
    url = reverse("admin:laws_law_change", args=[other.pk])
    data = _form_data(client, url)
    data["title"] = " พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. ๒๔๙๙ "
    response = client.post(url, data)
    assert response.status_code == 200
    assert f'<a href="{reverse("admin:laws_law_change", args=[existing.pk])}">' in response.content.decode()
    other.refresh_from_db()
    assert other.title == "พระราชบัญญัติโรงงาน พ.ศ. 2535"


@pytest.mark.django_db
def test_admin_law_change_with_its_refresh_history_still_saves(login, admin_user, author):
    """The refresh history is a read-only inline with the forged-count check: the page as rendered saves."""
    law = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    law.refresh(author, note="ตรวจแล้ว")
    law.refresh(author, note="ตรวจอีกครั้ง")
    client = login(admin_user)
    url = reverse("admin:laws_law_change", args=[law.pk])
    data = _form_data(client, url)
    assert data["refreshes-INITIAL_FORMS"] == ["2"]
    data["title"] = "พระราชบัญญัติโรงงาน (ฉบับที่ 2) พ.ศ. 2535"
    assert client.post(url, data).status_code == 302
    law.refresh_from_db()
    assert law.title == "พระราชบัญญัติโรงงาน (ฉบับที่ 2) พ.ศ. 2535" and law.refreshes.count() == 2


# ----- a forged agency id on the agency and official add forms -----


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["abc", "1 OR 1=1", HUGE, "1.5"])
def test_admin_agency_add_with_a_non_numeric_parent_gives_the_form_with_an_error(login, admin_user, tree, forged):
    before = Agency.objects.count()
    response = login(admin_user).post(
        reverse("admin:portal_agency_add"),
        {"name": "กรมทดสอบ", "code": "14009000", "level_kind": "department", "parent": forged},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Agency.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["abc", "1 OR 1=1", HUGE, "1.5"])
def test_admin_official_add_with_a_non_numeric_agency_gives_the_form_with_an_error(login, admin_user, forged):
    response = login(admin_user).post(
        reverse("admin:portal_user_add"),
        {
            "username": "new_official",
            "usable_password": "true",
            "password1": "Another-Strong-2569",
            "password2": "Another-Strong-2569",
            "agency": forged,
            "is_author": "on",
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not User.objects.filter(username="new_official").exists()


# ----- a forged formset count on the procedure's inline -----


@pytest.mark.django_db
@pytest.mark.parametrize("initial", ["-1", "-5", "7", HUGE])
def test_admin_procedure_with_a_forged_initial_form_count_is_refused(login, admin_user, agency_a, initial):
    laws = [LawFactory(), LawFactory()]
    procedure = ProcedureFactory(agency=agency_a, laws=laws)
    client = login(admin_user)
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    data = _form_data(client, url)
    assert data["law_links-INITIAL_FORMS"] == ["2"]  # the page really carries the inline
    data["law_links-INITIAL_FORMS"] = [initial]
    data["name"] = ["ชื่อที่ไม่ควรถูกบันทึก [N]"]
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "คำขอไม่ถูกต้อง" in response.content.decode() or "errornote" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.name != "ชื่อที่ไม่ควรถูกบันทึก [N]"
    assert sorted(ProcedureLaw.objects.values_list("law_id", flat=True)) == sorted(law.pk for law in laws)


@pytest.mark.django_db
def test_admin_procedure_change_as_the_page_renders_it_still_saves(login, admin_user, agency_a):
    """The forged-count guard must not refuse what the admin itself renders."""
    procedure = ProcedureFactory(agency=agency_a, laws=[LawFactory(), LawFactory()])
    client = login(admin_user)
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    data = _form_data(client, url)
    data["name"] = ["การขออนุญาตที่แก้ชื่อแล้ว [N]"]
    response = client.post(url, data)
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.name == "การขออนุญาตที่แก้ชื่อแล้ว [N]"


# ----- an out-of-range year (or month, day) in a changelist's date filter -----

CHANGELISTS = [
    "admin:portal_auditentry_changelist",  # date_hierarchy = created_at
    "admin:axes_accessattempt_changelist",  # django-axes' own admin pages, date_hierarchy = attempt_time
    "admin:axes_accesslog_changelist",
    "admin:axes_accessfailurelog_changelist",
]


def _date_field(name: str) -> str:
    return "created_at" if name.startswith("admin:portal") else "attempt_time"


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHANGELISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"__year": HUGE},
        {"__year": "9999"},  # the following year (10000) is out of datetime's range
        {"__year": "2569", "__month": HUGE},
        {"__year": "2569", "__month": "1", "__day": HUGE},
        {"__year": "-" + HUGE},
    ],
    ids=["huge-year", "year-9999", "huge-month", "huge-day", "negative-year"],
)
def test_admin_changelist_with_an_out_of_range_date_filter_is_a_400(login, admin_user, name, params):
    field = _date_field(name)
    query = {field + suffix: value for suffix, value in params.items()}
    response = login(admin_user).get(reverse(name), query)
    assert response.status_code == 400
    assert "คำขอไม่ถูกต้อง" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:laws_law_changelist", {"created_at__year": HUGE}),  # a year lookup without a date hierarchy
        ("admin:procedures_procedure_changelist", {"updated_at__year__gte": HUGE}),
        ("admin:portal_user_changelist", {"date_joined__year": "10000"}),
    ],
)
def test_admin_year_lookup_out_of_range_on_any_changelist_is_a_400(login, admin_user, name, query):
    response = login(admin_user).get(reverse(name), query)
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHANGELISTS)
def test_admin_changelist_with_a_real_date_filter_still_works(login, admin_user, name):
    field = _date_field(name)
    response = login(admin_user).get(reverse(name), {f"{field}__year": "2026", f"{field}__month": "11"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_out_of_range_date_filter_from_a_non_administrator_still_goes_to_the_admin_sign_in(login, author):
    response = login(author).get(reverse("admin:portal_auditentry_changelist"), {"created_at__year": HUGE})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
