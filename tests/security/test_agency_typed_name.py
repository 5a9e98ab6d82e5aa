"""The agency pickers' text box submitted without a click (no JavaScript, or typed and not chosen): the typed name
is looked up exactly, in one place (AgencyQuerySet.named). A NUL byte in it reached PostgreSQL and gave a 500 on
the procedure form and the handbook form (issue 11, defect 6a); an unmatched name now gets a Thai message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from handbooks.models import Handbook
from procedures.models import Procedure
from tests.approvals.helpers import make_handbook
from tests.factories import AgencyFactory, LawFactory, ProcedureFactory
from tests.handbooks.helpers import form_data as handbook_data
from tests.procedures.helpers import form_data as procedure_data

NUL_TYPED = ["A\x00B", "\x00", "กรมพัฒนา\x00ธุรกิจการค้า", "กรมพัฒนาธุรกิจการค้า\x00" + "ก" * 100_000]
NOT_FOUND = "ไม่พบหน่วยงานชื่อ"
NUL_MESSAGE = "อักขระว่าง NUL"


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", NUL_TYPED, ids=["A-NUL-B", "NUL", "NUL-in-a-real-name", "NUL-and-100k"])
def test_procedure_form_with_a_nul_in_the_typed_agency_gives_a_thai_message(login, author, agency_a, typed):
    data = procedure_data(None, [LawFactory()], agency="", agency_search=typed)
    page = _page(login(author).post(reverse("procedures:create"), data))
    assert NOT_FOUND in page or NUL_MESSAGE in page
    assert not Procedure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", NUL_TYPED, ids=["A-NUL-B", "NUL", "NUL-in-a-real-name", "NUL-and-100k"])
def test_handbook_form_with_a_nul_in_the_typed_agency_gives_a_thai_message(login, author, typed):
    handbook = make_handbook(author)
    data = handbook_data(handbook, author)
    data["agency"], data["agency_search"] = "", typed
    page = _page(login(author).post(reverse("handbooks:update", kwargs={"pk": handbook.pk}), data))
    assert NOT_FOUND in page or NUL_MESSAGE in page
    handbook.refresh_from_db()
    assert handbook.lock_version == 1


@pytest.mark.django_db
def test_procedure_form_says_which_typed_name_matched_no_agency(login, author, agency_a):
    data = procedure_data(None, [LawFactory()], agency="", agency_search="กรมที่ไม่มีจริง")
    page = _page(login(author).post(reverse("procedures:create"), data))
    assert "ไม่พบหน่วยงานชื่อ “กรมที่ไม่มีจริง”" in page
    assert "กรุณาเลือกหน่วยงานเจ้าของกระบวนงาน" in page  # and what to do about it
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_handbook_form_says_which_typed_name_matched_no_agency(login, author):
    procedure = ProcedureFactory(agency=author.agency)
    data = handbook_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    data["agency"], data["agency_search"] = "", "กองที่ไม่มีจริง"
    page = _page(login(author).post(reverse("handbooks:create", args=[procedure.pk]), data))
    assert "ไม่พบหน่วยงานชื่อ “กองที่ไม่มีจริง”" in page
    assert "กรุณาค้นหาและเลือกหน่วยงานที่รับผิดชอบ" in page
    assert not Handbook.objects.exists()


@pytest.mark.django_db
def test_a_name_shared_by_two_agencies_in_scope_asks_to_choose_from_the_list(login, author, agency_a):
    AgencyFactory(code="14004002", name="กองทะเบียนธุรกิจ", level_kind="division", parent=agency_a)  # a namesake
    procedure = ProcedureFactory(agency=author.agency)
    data = handbook_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    data["agency"], data["agency_search"] = "", "กองทะเบียนธุรกิจ"
    page = _page(login(author).post(reverse("handbooks:create", args=[procedure.pk]), data))
    assert "มีหน่วยงานชื่อ “กองทะเบียนธุรกิจ” มากกว่าหนึ่งแห่ง" in page
    assert not Handbook.objects.exists()


@pytest.mark.django_db
def test_a_typed_exact_name_with_spaces_around_it_is_still_accepted(login, author, agency_a):
    data = procedure_data(None, [LawFactory()], agency="", agency_search="  กรมพัฒนาธุรกิจการค้า ")
    response = login(author).post(reverse("procedures:create"), data)
    assert response.status_code == 302
    assert Procedure.objects.get().agency == agency_a
