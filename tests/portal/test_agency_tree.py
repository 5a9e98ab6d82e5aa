"""The agency tree refuses impossible shapes with a Thai message; scope follows the tree."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import Agency
from tests.factories import AgencyFactory

L = Agency.Level


def _errors(agency) -> dict:
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    return exc.value.message_dict


@pytest.mark.django_db
def test_ministry_has_no_parent(ministry):
    other = Agency(code="15000000", name="กระทรวงมหาดไทย", level_kind=L.MINISTRY, parent=ministry)
    assert "กระทรวงเป็นหน่วยงานระดับบนสุด" in _errors(other)["parent"][0]


@pytest.mark.django_db
def test_department_sits_directly_under_a_ministry(agency_a):
    dept = Agency(code="14009000", name="กรมใหม่", level_kind=L.DEPARTMENT, parent=agency_a)
    assert "กรมต้องสังกัดกระทรวงโดยตรง" in _errors(dept)["parent"]


@pytest.mark.django_db
def test_department_needs_a_parent():
    dept = Agency(code="14009000", name="กรมลอย", level_kind=L.DEPARTMENT, parent=None)
    assert "ต้องมีหน่วยงานต้นสังกัด" in _errors(dept)["parent"][0]


@pytest.mark.django_db
def test_nothing_sits_under_itself_or_its_descendant(agency_a, agency_a_child):
    agency_a.refresh_from_db()
    agency_a.parent = agency_a_child
    messages = _errors(agency_a)["parent"]
    assert any("ใต้ตัวเอง" in m for m in messages)
    agency_a.parent = agency_a
    assert any("ใต้ตัวเอง" in m for m in _errors(agency_a)["parent"])


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["1400400", "14A04000", "140040001", ""])
def test_code_is_eight_digits(ministry, code):
    dept = Agency(code=code, name="กรมทดสอบ", level_kind=L.DEPARTMENT, parent=ministry)
    errors = _errors(dept)
    assert "code" in errors


@pytest.mark.django_db
def test_code_prefix_must_match_the_ministry(ministry):
    dept = Agency(code="15009000", name="กรมผิดกระทรวง", level_kind=L.DEPARTMENT, parent=ministry)
    assert any("2 หลักแรก" in m for m in _errors(dept)["code"])


@pytest.mark.django_db
def test_valid_shapes_pass(ministry, agency_a):
    Agency(code="14004009", name="กองใหม่", level_kind=L.DIVISION, parent=agency_a).full_clean()
    Agency(code="22000000", name="กระทรวงอุตสาหกรรม", level_kind=L.MINISTRY).full_clean()


@pytest.mark.django_db
def test_subtree_and_scope(author, agency_a, agency_a_child, agency_b):
    subtree = set(Agency.objects.subtree_of(agency_a).values_list("code", flat=True))
    assert subtree == {"14004000", "14004001"}
    assert author.in_scope(agency_a_child)
    assert not author.in_scope(agency_b)


@pytest.mark.django_db
def test_central_approver_scope_is_every_agency(central, agency_b, agency_a):
    assert central.in_scope(agency_b) and central.in_scope(agency_a)
    assert central.scope_agencies().count() == Agency.objects.count()


@pytest.mark.django_db
def test_owner_levels_are_ministry_and_department_only(ministry, agency_a, agency_a_child):
    owners = set(Agency.objects.owners().values_list("code", flat=True))
    assert owners == {"14000000", "14004000", "14003000", "01000000", "01015000"}
    assert agency_a_child.code not in owners


@pytest.mark.django_db
def test_factory_defaults_make_agencies_that_pass_the_tree_rules():
    """A test that needs "some agency" calls AgencyFactory() without a code: it must get a valid one, never a row
    the admin's form would refuse (or, through get_or_create, an agency another call already made)."""
    department = AgencyFactory()
    second = AgencyFactory()
    division = AgencyFactory(level_kind=L.DIVISION, parent=department)
    ministry = AgencyFactory(level_kind=L.MINISTRY)
    made = [department.parent, department, second, division, ministry]
    for agency in made:
        agency.full_clean()
    assert department.parent.level_kind == L.MINISTRY and second.parent == department.parent
    assert len({agency.pk for agency in made}) == len(made)
