"""What citizens read comes only from the approved version, every word of it (issue 11, defect 2): a rename or a
move of an agency in the admin, or an unapproved change of the handbook's agency, reaches the public page, its
footer's agency chain, the search words and the browse-by-agency page only when a new version is approved."""

import pytest
from django.urls import reverse

from handbooks.models import Handbook
from portal.models import Agency
from tests.approvals.helpers import published
from tests.factories import AgencyFactory, UserFactory
from tests.handbooks.helpers import form_data

pytestmark = pytest.mark.django_db

RENAMED = "กรมที่เปลี่ยนชื่อแต่ยังไม่อนุมัติ"


def _public(client, handbook) -> str:
    return client.get(reverse("public:handbook", args=[handbook.pk])).content.decode()


def test_an_agency_renamed_in_the_admin_is_not_on_the_public_page_until_approved(
    client, author, approver, central, admin_user, login
):
    handbook = published(author, approver)
    agency = author.agency
    response = login(admin_user).post(
        reverse("admin:portal_agency_change", args=[agency.pk]),
        {
            "name": RENAMED,
            "name_en": "",
            "code": agency.code,
            "level_kind": agency.level_kind,
            "parent": agency.parent_id,
        },
    )
    assert response.status_code == 302
    assert Agency.objects.get(pk=agency.pk).name == RENAMED
    html = _public(client, handbook)
    assert "กรมพัฒนาธุรกิจการค้า" in html and RENAMED not in html
    # The footer's chain is the one recorded at approval: ministry / department.
    assert "จัดทำโดย กระทรวงพาณิชย์ / กรมพัฒนาธุรกิจการค้า" in html
    assert handbook.pk not in _result_ids(client, RENAMED)

    handbook.revise(author)
    handbook.submit(author)
    handbook.approve(central)
    html = _public(client, handbook)
    assert RENAMED in html and f"จัดทำโดย กระทรวงพาณิชย์ / {RENAMED}" in html
    assert handbook.pk in _result_ids(client, RENAMED)


def _result_ids(client, query: str) -> list[int]:
    response = client.get(reverse("public:home"), {"q": query})
    return [row.pk for row in response.context["page_obj"].object_list]


def test_an_agency_moved_in_the_admin_keeps_the_published_chain(client, author, approver, ministry, opdc):
    handbook = published(author, approver)
    other_ministry = AgencyFactory(code="07000000", name="กระทรวงการคลัง", level_kind=Agency.Level.MINISTRY)
    agency = Agency.objects.get(pk=author.agency_id)
    agency.move_to(other_ministry, "last-child")
    html = _public(client, handbook)
    assert "จัดทำโดย กระทรวงพาณิชย์ / กรมพัฒนาธุรกิจการค้า" in html and "กระทรวงการคลัง" not in html


def test_an_unapproved_change_of_the_handbooks_agency_does_not_move_it_on_the_public_site(
    client, author, approver, agency_a_child, login
):
    handbook = published(author, approver)
    data = form_data(handbook, author)
    data.update(agency=str(agency_a_child.pk), agency_search=agency_a_child.name)
    assert login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    handbook.refresh_from_db()
    assert handbook.agency == agency_a_child and handbook.status == "draft"

    html = _public(client, handbook)
    assert agency_a_child.name not in html
    # Browse by agency and the agency filter follow the agency the live version was published for.
    division_page = client.get(reverse("public:agency", args=[agency_a_child.pk]))
    assert handbook.pk not in [row.pk for row in division_page.context["page_obj"].object_list]
    department_page = client.get(reverse("public:agency", args=[author.agency_id]))
    assert handbook.pk in [row.pk for row in department_page.context["page_obj"].object_list]


def test_the_public_page_reads_no_working_copy_column(client, author, approver, django_assert_max_num_queries):
    """The page loads the handbook with its live version and nothing else of the working copy: a template that
    reached for a working-copy field would need a query more (deferred field) and show up here."""
    handbook = published(author, approver)
    Handbook.objects.filter(pk=handbook.pk).update(reference_name="ชื่อในฉบับทำงานที่ยังไม่อนุมัติ")
    with django_assert_max_num_queries(4):
        html = _public(client, handbook)
    assert "ชื่อในฉบับทำงานที่ยังไม่อนุมัติ" not in html
    assert handbook.live_version.snapshot["handbook"]["reference_name"] in html


def test_the_new_handbook_keeps_its_agency_chain_in_the_version(author, approver):
    handbook = published(author, approver)
    agency = handbook.live_version.snapshot["handbook"]["agency"]
    assert agency["chain"] == ["กระทรวงพาณิชย์", "กรมพัฒนาธุรกิจการค้า"]
    assert agency["ministry"] == "กระทรวงพาณิชย์"
    procedure_agency = handbook.live_version.snapshot["procedure"]["agency"]
    assert procedure_agency["chain"][0] == "กระทรวงพาณิชย์"


def test_officials_of_another_ministry_see_the_published_chain_too(author, approver, login):
    handbook = published(author, approver)
    Agency.objects.filter(pk=author.agency_id).update(name=RENAMED)
    stranger = UserFactory(username="stranger", agency=AgencyFactory(code="07001000"), is_author=True)
    html = login(stranger).get(reverse("handbooks:print", args=[handbook.pk])).content.decode()
    assert "กรมพัฒนาธุรกิจการค้า" in html and RENAMED not in html
