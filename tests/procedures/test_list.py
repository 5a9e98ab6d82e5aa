"""The procedure list: scope, filters (agency subtree included), pagination and a flat query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.models import ServiceArea
from tests.factories import AgencyFactory, LawFactory, ProcedureFactory

pytestmark = pytest.mark.django_db
LIST = reverse("procedures:list")


def names(response):
    return sorted(p.name for p in response.context["object_list"])


@pytest.fixture
def rows(tree, agency_a, agency_b, ministry):
    factory_law = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    return {
        "a": ProcedureFactory(agency=agency_a, name="การจดทะเบียนพาณิชย์ [N]", category="register"),
        "b": ProcedureFactory(
            agency=agency_b,
            name="การขออนุญาตค้าข้าว [N]",
            scope="regional_local",
            linkage="multi",
            laws=[factory_law],
            areas=ServiceArea.objects.filter(code__in=["central", "regional"]),
        ),
        "m": ProcedureFactory(agency=ministry, name="การขออนุญาตส่งออกสินค้า [N]", category="approve"),
        "law": factory_law,
    }


def test_officials_see_their_scope_and_central_approvers_see_all(login, author, approver_b, central, rows):
    assert names(login(author).get(LIST)) == ["การจดทะเบียนพาณิชย์ [N]"]
    assert names(login(approver_b).get(LIST)) == ["การขออนุญาตค้าข้าว [N]"]
    assert len(login(central).get(LIST).context["object_list"]) == 3


def test_filter_by_thai_substring(login, central, rows):
    assert names(login(central).get(LIST, {"q": "ขออนุญาต"})) == ["การขออนุญาตค้าข้าว [N]", "การขออนุญาตส่งออกสินค้า [N]"]
    assert names(login(central).get(LIST, {"q": "ค้าข้าว"})) == ["การขออนุญาตค้าข้าว [N]"]


def test_filter_by_owning_agency_includes_its_subtree(login, central, rows, ministry, agency_a):
    assert len(names(login(central).get(LIST, {"agency": ministry.pk}))) == 3
    response = login(central).get(LIST, {"agency": agency_a.pk})
    assert names(response) == ["การจดทะเบียนพาณิชย์ [N]"]
    assert 'value="กรมพัฒนาธุรกิจการค้า"' in response.content.decode()  # the picker shows the chosen name again
    other = AgencyFactory(code="15000000", name="กระทรวงมหาดไทย", level_kind="ministry", parent=None)
    assert names(login(central).get(LIST, {"agency": other.pk})) == []


def test_filter_by_type_category_area_and_law(login, central, rows):
    client = login(central)
    assert names(client.get(LIST, {"scope": "regional_local"})) == ["การขออนุญาตค้าข้าว [N]"]
    assert names(client.get(LIST, {"linkage": "multi"})) == ["การขออนุญาตค้าข้าว [N]"]
    assert names(client.get(LIST, {"category": "approve"})) == ["การขออนุญาตส่งออกสินค้า [N]"]
    regional = ServiceArea.objects.get(code="regional")
    assert names(client.get(LIST, {"area": regional.pk})) == ["การขออนุญาตค้าข้าว [N]"]
    assert names(client.get(LIST, {"law": rows["law"].pk})) == ["การขออนุญาตค้าข้าว [N]"]
    assert names(client.get(LIST, {"law_title": "โรงงาน"})) == ["การขออนุญาตค้าข้าว [N]"]


def test_filter_with_bad_values_gives_a_page_not_an_error(login, central, rows):
    response = login(central).get(LIST, {"category": "nonsense", "agency": "abc", "area": "999"})
    assert response.status_code == 200


def test_list_shows_the_running_number_in_a_round_badge(login, author, rows):
    html = login(author).get(LIST).content.decode()
    procedure = rows["a"]
    from portal.templatetags.thai import circled

    assert f'<span class="running-number" title="เลขลำดับกระบวนงาน">{circled(procedure.pk)}</span>' in html


def test_list_is_paginated(login, author, agency_a):
    for _ in range(25):
        ProcedureFactory(agency=agency_a, laws=[])
    response = login(author).get(LIST)
    assert len(response.context["object_list"]) == 20 and response.context["page_obj"].paginator.count == 25
    assert len(login(author).get(LIST, {"page": 2}).context["object_list"]) == 5


@pytest.mark.parametrize("persona", ["author", "central"])
def test_list_query_count_is_the_same_with_1_and_50_rows(request, login, agency_a, persona):
    client = login(request.getfixturevalue(persona))
    law = LawFactory()
    areas = ServiceArea.objects.filter(code__in=["central", "regional"])
    ProcedureFactory(agency=agency_a, laws=[law], areas=areas)
    client.get(LIST)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    for _ in range(49):
        ProcedureFactory(agency=agency_a, laws=[law], areas=areas)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(LIST)
    assert response.context["page_obj"].paginator.count == 50
    assert len(fifty) == len(one)
