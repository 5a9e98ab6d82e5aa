"""The handbook's agency: a search-as-you-type picker (text box + hidden id), never a <select> of the whole scope."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks.models import Handbook
from portal.models import Agency
from tests.factories import AgencyFactory, HandbookFactory, ProcedureFactory
from tests.handbooks.helpers import form_data

SEARCH = "handbooks:agency_search"


def _names(response) -> list[str]:
    return re.findall(r'data-agency-name="([^"]+)"', response.content.decode())


def test_the_create_page_has_no_agency_select_and_preselects_the_authors_agency(author, login):
    procedure = ProcedureFactory(agency=author.agency)
    page = login(author).get(reverse("handbooks:create", args=[procedure.pk])).content.decode()
    assert 'name="agency"' in page and '<select name="agency"' not in page
    assert f'name="agency" id="id_agency" value="{author.agency_id}"' in page
    assert re.search(r'<label[^>]*for="id_agency_search"[^>]*>หน่วยงานที่รับผิดชอบ', page)
    assert f'value="{author.agency.name}"' in page
    assert f'hx-get="{reverse(SEARCH)}"' in page


def test_the_admins_page_renders_no_option_list_of_agencies(admin_user, login, agency_a):
    procedure = ProcedureFactory(agency=agency_a)
    page = login(admin_user).get(reverse("handbooks:create", args=[procedure.pk])).content.decode()
    # Only the ministries of the steps' <select> (H4) may appear as options, never the departments or divisions.
    assert "กองทะเบียนธุรกิจ</option>" not in page and "กรมการค้าภายใน</option>" not in page


def test_search_finds_agencies_of_any_level_in_scope_only(author, login, agency_a_child, agency_b):
    client = login(author)
    assert _names(client.get(reverse(SEARCH), {"agency_search": "กอง"})) == ["กองทะเบียนธุรกิจ"]  # a division
    assert _names(client.get(reverse(SEARCH), {"q": "14004"})) == ["กรมพัฒนาธุรกิจการค้า", "กองทะเบียนธุรกิจ"]
    response = client.get(reverse(SEARCH), {"agency_search": "กรมการค้าภายใน"})  # agency B: outside the scope
    assert _names(response) == []
    assert "ไม่พบหน่วยงานในสังกัดของท่านที่ตรงกับคำค้นหา" in response.content.decode()
    assert client.get(reverse(SEARCH)).content.decode().strip() == ""  # nothing typed, nothing listed


def test_search_lists_at_most_twenty_agencies(admin_user, login, tree):
    for n in range(25):
        AgencyFactory(code=f"7{n:04d}000", name=f"เทศบาลตำบลทดสอบ {n}", level_kind=Agency.Level.LOCAL, parent=None)
    response = login(admin_user).get(reverse(SEARCH), {"agency_search": "เทศบาลตำบลทดสอบ"})
    assert len(_names(response)) == 20
    assert "แสดงเฉพาะ 20 รายการแรก" in response.content.decode()


def test_search_queries_do_not_grow_with_the_results(admin_user, login, tree):
    client = login(admin_user)
    for n in range(25):
        AgencyFactory(code=f"7{n:04d}000", name=f"เทศบาลตำบลทดสอบ {n}", level_kind=Agency.Level.LOCAL, parent=None)
    client.get(reverse(SEARCH), {"agency_search": "x"})  # the session is refreshed once
    counts = []
    for text in ("กองทะเบียนธุรกิจ", "เทศบาลตำบลทดสอบ"):  # 1 result, then 20
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(SEARCH), {"agency_search": text})
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_division_chosen_in_the_picker_is_saved(author, login, agency_a_child):
    procedure = ProcedureFactory(agency=author.agency)
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    data["agency"] = str(agency_a_child.pk)
    response = login(author).post(reverse("handbooks:create", args=[procedure.pk]), data)
    assert response.status_code == 302
    assert Handbook.objects.get().agency == agency_a_child


def test_without_javascript_one_exact_name_in_scope_is_accepted(author, login, agency_a_child):
    procedure = ProcedureFactory(agency=author.agency)
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    data["agency"], data["agency_search"] = "", "กองทะเบียนธุรกิจ"
    assert login(author).post(reverse("handbooks:create", args=[procedure.pk]), data).status_code == 302
    assert Handbook.objects.get().agency == agency_a_child


def test_H9_a_missing_unknown_or_foreign_agency_gets_a_thai_message(author, login, agency_b):
    procedure = ProcedureFactory(agency=author.agency)
    client = login(author)
    url = reverse("handbooks:create", args=[procedure.pk])
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    cases = {
        "": "กรุณาค้นหาและเลือกหน่วยงานที่รับผิดชอบ",
        "999999": "ไม่พบหน่วยงานที่เลือกในระบบ กรุณาค้นหาและเลือกใหม่",
        "12abc": "ไม่พบหน่วยงานที่เลือกในระบบ กรุณาค้นหาและเลือกใหม่",
        "9" * 40: "ไม่พบหน่วยงานที่เลือกในระบบ กรุณาค้นหาและเลือกใหม่",
        str(agency_b.pk): "หน่วยงานที่รับผิดชอบต้องอยู่ในสังกัดของผู้จัดทำ",
    }
    for raw, message in cases.items():
        response = client.post(url, {**data, "agency": raw, "agency_search": ""})
        assert response.status_code == 200, raw
        page = response.content.decode()
        assert message in page, raw
        assert 'name="agency" id="id_agency" value=""' in page, raw  # a refused id is not carried back
        assert agency_b.name not in page, raw  # a foreign agency's name is not shown back
    assert not Handbook.objects.exists()


def test_the_chosen_agency_is_shown_again_after_an_error(author, login, agency_a_child):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    data = form_data(handbook, author)
    data["agency"], data["agency_search"] = str(agency_a_child.pk), "กองทะเบียนธุรกิจ"
    data["total_time_value"] = "abc"  # an error elsewhere on the page
    response = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="agency" id="id_agency" value="{agency_a_child.pk}"' in page
    assert 'value="กองทะเบียนธุรกิจ"' in page
    handbook.refresh_from_db()
    assert handbook.agency == author.agency
