"""The agency that owns a procedure sees every handbook written on it by any agency (issue 12), on the procedure's
page: the handbooks of its own scope with their state, and every other agency's published handbook as its live
version published it (reference name, agency, approval date, a link to its page). Another agency's handbook that is
not published is not listed, named or counted. The list is filtered and paged for the thousands of handbooks a
procedure used by every local government has (Handbook.objects.on_procedures_owned_by)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks.models import Handbook, HandbookVersion
from portal.models import Agency
from tests.approvals.helpers import make_handbook, pending, published, returned, start_revision
from tests.factories import AgencyFactory, ProcedureFactory, UserFactory
from tests.portal.pages import visible_text

pytestmark = pytest.mark.django_db
L = Agency.Level


@pytest.fixture
def procedure(agency_a):
    """A procedure of agency A (กรมพัฒนาธุรกิจการค้า)."""
    return ProcedureFactory(agency=agency_a, name="การจดทะเบียนพาณิชย์ [N]")


@pytest.fixture
def local_government(tree):
    """A municipality under a province office of another ministry: มหาดไทย → สำนักงานจังหวัดเชียงใหม่ → เทศบาล."""
    moi = AgencyFactory(code="15000000", name="กระทรวงมหาดไทย", level_kind=L.MINISTRY, parent=None)
    province = AgencyFactory(code="15100000", name="สำนักงานจังหวัดเชียงใหม่", level_kind=L.REGIONAL, parent=moi)
    AgencyFactory(code="15100001", name="เทศบาลตำบลสุเทพ", level_kind=L.LOCAL, parent=province)
    return Agency.objects.get(code="15100001")


@pytest.fixture
def local_author(local_government):
    return UserFactory(username="local_author", agency=local_government, is_author=True)


def _page(client, procedure, **query) -> str:
    response = client.get(reverse("procedures:detail", args=[procedure.pk]), query)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="procedure-handbook-list"', 1)[1]


def _table(html: str) -> str:
    return html.split("<table", 1)[1].split("</table>", 1)[0]


def test_the_owner_sees_another_agencys_published_handbook_as_its_live_version(
    login, author, procedure, local_author, central
):
    handbook = published(local_author, central, procedure=procedure, reference_name="คู่มือของเทศบาลตำบลสุเทพ")
    HandbookVersion.objects.filter(handbook=handbook).update(
        approved_at=datetime.datetime(2024, 3, 5, 3, 30, tzinfo=datetime.UTC)
    )
    # The municipality starts a revision: its working copy's words are its own until approved.
    start_revision(handbook, local_author, reference_name="ร่างฉบับแก้ไขที่ยังไม่อนุมัติ")
    html = _page(login(author), procedure)
    text = visible_text(html)
    assert "คู่มือของเทศบาลตำบลสุเทพ" in text and "ร่างฉบับแก้ไขที่ยังไม่อนุมัติ" not in html
    assert "เทศบาลตำบลสุเทพ" in text and "เผยแพร่แล้ว" in text
    assert "5 มีนาคม 2567" in text
    assert f'href="{reverse("handbooks:detail", args=[handbook.pk])}"' in html
    # ... and the page it links to serves the owner the live version.
    detail = login(author).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
    assert "คู่มือของเทศบาลตำบลสุเทพ" in detail and "ร่างฉบับแก้ไขที่ยังไม่อนุมัติ" not in detail


def test_another_agencys_unpublished_handbooks_are_neither_listed_nor_named_nor_counted(
    login, author, procedure, outsider, approver_b
):
    make_handbook(outsider, procedure=procedure, reference_name="ร่างของกรมการค้าภายใน")
    pending(outsider, procedure=procedure, reference_name="คำขอที่รออนุมัติของกรมการค้าภายใน")
    returned(outsider, approver_b, procedure=procedure, reference_name="ฉบับที่ถูกส่งกลับของกรมการค้าภายใน")
    withdrawn = published(outsider, approver_b, procedure=procedure, reference_name="ฉบับที่ยกเลิกการเผยแพร่แล้ว")
    withdrawn.unpublish(approver_b, "ข้อมูลไม่เป็นปัจจุบัน")
    mine = make_handbook(author, procedure=procedure, reference_name="ร่างของหน่วยงานเจ้าของกระบวนงาน")
    html = _page(login(author), procedure)
    for name in ("ร่างของกรมการค้าภายใน", "คำขอที่รออนุมัติ", "ฉบับที่ถูกส่งกลับ", "ฉบับที่ยกเลิกการเผยแพร่แล้ว"):
        assert name not in html
    assert "กรมการค้าภายใน" not in visible_text(_table(html))
    # Its own handbooks the owner sees in every state.
    assert mine.reference_name in html and "ร่าง" in visible_text(html)
    assert "คู่มือของกระบวนงานนี้ 1 ฉบับ เผยแพร่แล้ว 0 ฉบับ" in visible_text(html)


def test_the_rule_lists_exactly_the_owners_scope_and_other_agencies_live_handbooks(
    author, child_author, outsider, approver, approver_b, procedure, central
):
    own_draft = make_handbook(author, procedure=procedure)
    child_draft = make_handbook(child_author, procedure=procedure)
    their_live = published(outsider, approver_b, procedure=procedure)
    make_handbook(outsider, procedure=procedure)  # another agency's draft
    published(outsider, approver_b)  # another procedure
    listed = set(Handbook.objects.on_procedures_owned_by(author).values_list("pk", flat=True))
    assert listed == {own_draft.pk, child_draft.pk, their_live.pk}
    # The other agency does not own the procedure: none of it is "its procedure's" list.
    assert not Handbook.objects.on_procedures_owned_by(outsider).filter(procedure=procedure).exists()
    # ก.พ.ร.'s central approvers see every handbook anyway.
    assert Handbook.objects.on_procedures_owned_by(central).filter(procedure=procedure).count() == 4


@pytest.mark.parametrize("subtrees", [50, 0], ids=["by-ranges", "common-word-fallback"])
def test_the_owner_filters_by_ministry_and_by_province_or_agency_name(
    login, author, procedure, outsider, approver_b, local_author, central, subtrees, monkeypatch
):
    # A typed name that names more subtrees than PLACE_SUBTREES is matched row by row instead: same answers.
    monkeypatch.setattr("handbooks.filters.PLACE_SUBTREES", subtrees)
    published(outsider, approver_b, procedure=procedure, reference_name="คู่มือของกรมการค้าภายใน")
    published(local_author, central, procedure=procedure, reference_name="คู่มือของเทศบาลตำบลสุเทพ")
    client = login(author)
    commerce = Agency.objects.get(code="14000000")
    html = _page(client, procedure, **{"hb-ministry": commerce.pk})
    assert "คู่มือของกรมการค้าภายใน" in html and "คู่มือของเทศบาลตำบลสุเทพ" not in html
    # A province's name finds the local governments under its office, whose own names do not contain it.
    html = _page(client, procedure, **{"hb-place": "เชียงใหม่"})
    assert "คู่มือของเทศบาลตำบลสุเทพ" in html and "คู่มือของกรมการค้าภายใน" not in html
    assert "พบ 1 ฉบับ" in visible_text(html)
    html = _page(client, procedure, **{"hb-place": "ขอนแก่น"})
    assert "ไม่พบคู่มือที่ตรงกับตัวกรอง" in visible_text(html)


def test_filters_match_the_agency_the_live_version_published_not_the_working_copys(
    login, author, procedure, local_author, central, local_government
):
    handbook = published(local_author, central, procedure=procedure, reference_name="คู่มือของเทศบาลตำบลสุเทพ")
    other = AgencyFactory(code="15100002", name="เทศบาลนครลับแล", level_kind=L.LOCAL, parent=local_government.parent)
    start_revision(handbook, local_author, agency=other)  # a revision moves it: not approved, not public
    client = login(author)
    assert "คู่มือของเทศบาลตำบลสุเทพ" in _page(client, procedure, **{"hb-place": "สุเทพ"})
    assert "คู่มือของเทศบาลตำบลสุเทพ" not in _page(client, procedure, **{"hb-place": "ลับแล"})


def test_thousands_of_handbooks_are_paged_with_exact_totals(login, author, procedure, outsider, approver_b):
    for n in range(23):
        published(outsider, approver_b, procedure=procedure, reference_name=f"คู่มือฉบับที่ {n:02d} ของหน่วยงานอื่น")
    client = login(author)
    first = _page(client, procedure)
    assert first.count("ของหน่วยงานอื่น</a>") == 20
    assert "คู่มือของกระบวนงานนี้ 23 ฉบับ เผยแพร่แล้ว 23 ฉบับ" in visible_text(first)
    assert "หน้า 1 จาก 2" in visible_text(first)
    second = _page(client, procedure, page="2")
    assert second.count("ของหน่วยงานอื่น</a>") == 3
    # A page number typed wrong gives the first page, not an error on the procedure's page.
    assert _page(client, procedure, page="abc").count("ของหน่วยงานอื่น</a>") == 20
    assert _page(client, procedure, page="99999999999999999999").count("ของหน่วยงานอื่น</a>") == 20


def test_a_forged_filter_gets_a_thai_message_not_an_error(login, author, procedure):
    make_handbook(author, procedure=procedure)
    html = _page(login(author), procedure, **{"hb-ministry": "abc", "hb-place": "\x00" + "ก" * 5000})
    assert "เลือกตัวเลือกที่ถูกต้อง" in visible_text(html)


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_the_procedure_page_makes_as_many_queries_for_20_handbooks_as_for_1(
    login, author, procedure, outsider, approver_b, filtered
):
    client = login(author)
    query = {"hb-place": "กรม"} if filtered else {}

    def count() -> int:
        url = reverse("procedures:detail", args=[procedure.pk])
        client.get(url, query)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, query).status_code == 200
        return len(ctx)

    published(outsider, approver_b, procedure=procedure)
    make_handbook(author, procedure=procedure)
    one_each = count()
    for _n in range(19):
        published(outsider, approver_b, procedure=procedure)
        make_handbook(author, procedure=procedure)
    assert count() == one_each
