"""Editing with optimistic locking, the detail page, deleting, the dashboard panel and the demo data."""

import io

import pytest
from django.urls import reverse

from portal.models import AuditEntry
from procedures.checks import unmet_rules
from procedures.models import Procedure
from tests.factories import HandbookFactory, LawFactory, ProcedureFactory
from tests.procedures.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(agency_a, author):
    return ProcedureFactory(agency=agency_a, name="การจดทะเบียนพาณิชย์ [N]", created_by=author)


def edit_data(procedure, **overrides):
    data = form_data(procedure.agency, list(procedure.laws.all()), name=procedure.name)
    data["lock_version"] = str(procedure.lock_version)
    data.update(overrides)
    return data


def test_edit_form_shows_the_saved_values_and_lock_version(login, author, procedure):
    html = login(author).get(reverse("procedures:update", args=[procedure.pk])).content.decode()
    assert 'name="lock_version" value="1"' in html
    assert f'name="agency" id="id_agency" value="{procedure.agency_id}"' in html
    assert f'name="laws" value="{procedure.laws.get().pk}"' in html


def test_edit_saves_bumps_lock_version_and_writes_the_audit_row(login, author, procedure):
    law = LawFactory()
    data = edit_data(procedure, name="การจดทะเบียนพาณิชย์ (แก้ไข) [N]", laws=[str(law.pk)])
    response = login(author).post(reverse("procedures:update", args=[procedure.pk]), data)
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.name == "การจดทะเบียนพาณิชย์ (แก้ไข) [N]" and procedure.lock_version == 2
    assert list(procedure.laws.all()) == [law] and procedure.updated_by == author
    entry = AuditEntry.objects.for_object(procedure).get(action="procedures.procedure.updated")
    assert entry.actor == author and entry.data["name"] == "การจดทะเบียนพาณิชย์ (แก้ไข) [N]"
    assert entry.data["laws"] == [law.pk]


def test_stale_edit_is_refused_with_a_thai_message_and_keeps_the_input(login, author, procedure):
    client = login(author)
    stale = edit_data(procedure, name="ชื่อจากแท็บเก่า [N]")
    fresh = edit_data(procedure, name="ชื่อจากแท็บใหม่ [N]")
    assert client.post(reverse("procedures:update", args=[procedure.pk]), fresh).status_code == 302
    response = client.post(reverse("procedures:update", args=[procedure.pk]), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "มีผู้อื่นแก้ไขกระบวนงานนี้ระหว่างที่ท่านกำลังแก้ไข" in html
    assert 'value="ชื่อจากแท็บเก่า [N]"' in html
    procedure.refresh_from_db()
    assert procedure.name == "ชื่อจากแท็บใหม่ [N]" and procedure.lock_version == 2
    assert AuditEntry.objects.filter(action="procedures.procedure.updated").count() == 1


def test_edit_without_lock_version_is_refused(login, author, procedure):
    data = edit_data(procedure, name="ไม่มีเวอร์ชัน [N]")
    del data["lock_version"]
    response = login(author).post(reverse("procedures:update", args=[procedure.pk]), data)
    assert response.status_code == 200
    procedure.refresh_from_db()
    assert procedure.name == "การจดทะเบียนพาณิชย์ [N]"


def test_detail_shows_sections_1_to_9_the_printed_way(login, approver, procedure):
    response = login(approver).get(reverse("procedures:detail", args=[procedure.pk]))
    html = response.content.decode()
    headings = [
        "ชื่อกระบวนงาน",
        "หน่วยงานเจ้าของกระบวนงาน",
        "ประเภทของงานบริการ",
        "หมวดหมู่ของงานบริการ",
        "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง",
        "ระดับผลกระทบ",
        "พื้นที่ให้บริการ",
        "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา",
        "ข้อมูลสถิติ",
    ]
    positions = [html.index(f'<span class="section-no">{n}.</span>{h}') for n, h in enumerate(headings, start=1)]
    assert positions == sorted(positions)
    assert "0 นาที" in html and "กระบวนงานบริการที่เบ็ดเสร็จในหน่วยเดียว" in html
    assert 'id="procedure-handbooks"' in html
    assert "แก้ไข</a>" not in html  # approvers read, they do not edit


def test_delete_removes_the_procedure_and_writes_the_audit_row(login, author, procedure):
    pk = procedure.pk
    response = login(author).post(reverse("procedures:delete", args=[pk]))
    assert response.status_code == 302 and response["Location"] == reverse("procedures:list")
    assert not Procedure.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="procedures.procedure.deleted")
    assert entry.object_id == str(pk) and entry.actor == author and entry.data["name"] == "การจดทะเบียนพาณิชย์ [N]"


def test_delete_is_refused_once_a_handbook_exists(login, author, procedure, agency_a):
    HandbookFactory(procedure=procedure, agency=agency_a, author=author)
    response = login(author).post(reverse("procedures:delete", args=[procedure.pk]), follow=True)
    assert "ไม่สามารถลบกระบวนงานนี้ได้" in response.content.decode()
    assert Procedure.objects.filter(pk=procedure.pk).exists()
    assert not AuditEntry.objects.filter(action="procedures.procedure.deleted").exists()


def test_delete_is_post_only(login, author, procedure):
    assert login(author).get(reverse("procedures:delete", args=[procedure.pk])).status_code == 405
    assert Procedure.objects.filter(pk=procedure.pk).exists()


def test_dashboard_panel_lists_the_officials_recent_procedures(login, author, approver, procedure):
    html = login(author).get(reverse("portal:dashboard")).content.decode()
    assert "กระบวนงานล่าสุดของท่าน" in html and procedure.name in html
    assert "กระบวนงานล่าสุดของท่าน" not in login(approver).get(reverse("portal:dashboard")).content.decode()


def test_nav_has_procedures_and_laws(login, author):
    html = login(author).get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("procedures:list")}">กระบวนงาน</a>' in html
    assert f'href="{reverse("laws:list")}">กฎหมาย</a>' in html


def test_demo_data_is_idempotent_and_meets_every_rule(db):
    from laws import demo as laws_demo
    from laws.models import Law
    from portal import demo as portal_demo
    from procedures import demo as procedures_demo

    for _ in range(2):
        for module in (portal_demo, laws_demo, procedures_demo):
            module.load(io.StringIO())
    assert Procedure.objects.count() == 4
    assert Law.objects.count() == len(laws_demo.LAWS)
    for procedure in Procedure.objects.all():
        assert unmet_rules(procedure) == [], procedure.name
        assert procedure.created_by is not None
    factory = Procedure.objects.get(name="การขออนุญาตประกอบกิจการโรงงาน (ร.ง.4) [N]")
    assert factory.agency.name == "กรมโรงงานอุตสาหกรรม" and factory.legal_time_display == "30 วัน"
    assert [law.title for law in factory.laws.order_by("procedure_links__position")] == [
        "พระราชบัญญัติโรงงาน พ.ศ. 2535",
        "กฎกระทรวงกำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ. 2563",
    ]
    commerce = Procedure.objects.get(name__startswith="การจดทะเบียนพาณิชย์ (ตั้งใหม่)")
    assert set(commerce.areas.values_list("code", flat=True)) == {"central", "regional", "local"}
    assert commerce.type_display.startswith("กระบวนงานบริการที่ให้บริการในส่วนภูมิภาคและส่วนท้องถิ่น")


def test_author_cannot_edit_a_procedure_of_a_sibling_agency(login, author, agency_b):
    procedure = ProcedureFactory(agency=agency_b, name="ของหน่วยงานอื่น [N]")
    client = login(author)
    assert client.get(reverse("procedures:update", args=[procedure.pk])).status_code == 404
    assert client.post(reverse("procedures:delete", args=[procedure.pk])).status_code == 404
    procedure.refresh_from_db()
    assert procedure.name == "ของหน่วยงานอื่น [N]"
