"""procedures.checks.unmet_rules: the rules P1–P9 reported on a saved procedure."""

import pytest
from django.urls import reverse

from procedures.checks import advice, unmet_rules
from procedures.models import Procedure, ServiceArea
from tests.factories import ProcedureFactory


def rule_ids(procedure):
    return [u.rule for u in unmet_rules(procedure)]


@pytest.mark.django_db
def test_complete_procedure_has_no_unmet_rules(agency_a):
    procedure = ProcedureFactory(agency=agency_a)
    assert unmet_rules(procedure) == []


@pytest.mark.django_db
def test_P1_owner_below_department_level_is_reported(agency_a_child):
    procedure = ProcedureFactory(agency=agency_a_child)
    unmet = unmet_rules(procedure)
    assert [u.rule for u in unmet] == ["P1"]
    assert "กระทรวง" in unmet[0].message and unmet[0].anchor == "id_agency_search"


@pytest.mark.django_db
def test_P3_name_without_N_is_reported(agency_a):
    procedure = ProcedureFactory(agency=agency_a)
    procedure.name = "การขออนุญาตทดสอบ"  # not saved: the database refuses it too
    assert rule_ids(procedure) == ["P3"]


@pytest.mark.django_db
def test_P4_unknown_type_is_reported(agency_a):
    procedure = ProcedureFactory(agency=agency_a)
    Procedure.objects.filter(pk=procedure.pk).update(linkage="")
    procedure.refresh_from_db()
    assert rule_ids(procedure) == ["P4"]


@pytest.mark.django_db
def test_P5_procedure_without_law_is_reported(agency_a):
    procedure = ProcedureFactory(agency=agency_a, laws=[])
    assert rule_ids(procedure) == ["P5"]


@pytest.mark.django_db
def test_P8_areas_without_central_are_reported(agency_a):
    procedure = ProcedureFactory(agency=agency_a, areas=ServiceArea.objects.filter(code="regional"))
    assert rule_ids(procedure) == ["P8"]


@pytest.mark.django_db
def test_P9_time_without_the_law_that_sets_it_is_advice_not_an_unmet_rule(agency_a):
    """The slide asks only "ระยะเวลาการดำเนินการ ภายใต้การกำหนดของกฎหมายหลัก โดยให้ระบุเลขจำนวนเต็ม"."""
    procedure = ProcedureFactory(agency=agency_a, legal_time_value=30, legal_time_law="")
    assert rule_ids(procedure) == []
    [hint] = advice(procedure)
    assert (hint.rule, hint.anchor, hint.where) == ("P9", "id_legal_time_law", "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา")
    assert hint.page == reverse("procedures:update", args=[procedure.pk])
    procedure.legal_time_law = "กฎกระทรวงกำหนดระยะเวลา พ.ศ. 2560"
    assert advice(procedure) == []


@pytest.mark.django_db
def test_unmet_rules_name_the_forms_own_words_and_the_page_of_the_field(agency_a_child):
    procedure = ProcedureFactory(agency=agency_a_child, laws=[])
    assert [(u.where, u.page) for u in unmet_rules(procedure)] == [
        ("หน่วยงานเจ้าของกระบวนงาน", reverse("procedures:update", args=[procedure.pk])),
        ("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง", reverse("procedures:update", args=[procedure.pk])),
    ]


@pytest.mark.django_db
def test_every_unmet_rule_is_reported_together(agency_a_child):
    procedure = ProcedureFactory(agency=agency_a_child, laws=[], areas=ServiceArea.objects.filter(code="local"))
    assert rule_ids(procedure) == ["P1", "P5", "P8"]


@pytest.mark.django_db
def test_every_anchor_of_an_unmet_rule_exists_on_the_edit_page(login, admin_user, agency_a_child):
    procedure = ProcedureFactory(agency=agency_a_child, laws=[], areas=ServiceArea.objects.filter(code="local"))
    Procedure.objects.filter(pk=procedure.pk).update(linkage="", legal_time_value=5)
    procedure.refresh_from_db()
    entries = unmet_rules(procedure) + advice(procedure)  # the time without its law is advice
    procedure.legal_time_value = "สามสิบ"  # not a number (the form refuses it; the column cannot hold it)
    entries += unmet_rules(procedure)[-1:]
    assert [u.rule for u in entries] == ["P1", "P4", "P5", "P8", "P9", "P9"]
    assert [u.anchor for u in entries[-2:]] == ["id_legal_time_law", "id_legal_time"]
    html = login(admin_user).get(reverse("procedures:update", args=[procedure.pk])).content.decode()
    for u in entries:
        assert f'id="{u.anchor}"' in html, u
