"""One test per manual rule H1–H9 (manual-rules.md), through the one-page form and unmet_rules()."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from handbooks.checks import advice, unmet_rules
from handbooks.forms import HandbookForm
from handbooks.models import ComplaintChannel, Document, Fee, FormSample, Handbook, ServiceChannel, Step
from handbooks.services import reference_name
from handbooks.snapshot import handbook_queryset
from portal.models import AuditEntry
from tests.factories import HandbookFactory, ProcedureFactory
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def handbook(author):
    return HandbookFactory(agency=author.agency, author=author)


def save(client, handbook, data):
    return client.post(reverse("handbooks:update", args=[handbook.pk]), data)


def rules_of(handbook):
    return [u.rule for u in unmet_rules(handbook_queryset().get(pk=handbook.pk))]


def messages_of(handbook):
    return [u.message for u in unmet_rules(handbook_queryset().get(pk=handbook.pk))]


def test_factory_handbook_meets_every_rule(handbook):
    assert unmet_rules(handbook_queryset().get(pk=handbook.pk)) == []


def test_H1_postal_channel_is_open_24_hours_and_needs_a_service_note(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    index = add_row(data, "channels", kind="postal", place="ตู้ ปณ. 10 กรุงเทพฯ", position=1, open_time="08:30")
    response = save(client, handbook, data)
    assert response.status_code == 302
    postal = ServiceChannel.objects.get(handbook=handbook, kind="postal")
    assert postal.hours_24 is True and postal.open_time is None  # forced, whatever was sent
    unmet = unmet_rules(handbook_queryset().get(pk=handbook.pk))
    assert [u.rule for u in unmet] == ["H1"]
    assert "หมายเหตุการให้บริการ" in unmet[0].message and unmet[0].anchor == "id_channels-1-note"
    # The page suggests the manual's two example notes.
    page = client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    assert "ดำเนินการในวันและเวลาทำการถัดไป" in page and "เมื่อได้รับเอกสารนั้น ๆ" in page
    data = form_data(handbook, author)
    data[f"channels-{index}-note"] = "ดำเนินการในวันและเวลาทำการถัดไป"
    assert save(client, handbook, data).status_code == 302
    assert rules_of(handbook) == []


def test_H1_closing_must_be_after_opening_and_in_person_needs_days(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    data["channels-0-open_time"], data["channels-0-close_time"] = "16:30", "08:30"
    response = save(client, handbook, data)
    assert response.status_code == 200
    assert "เวลาปิดต้องหลังเวลาเปิดให้บริการ" in response.content.decode()
    assert ServiceChannel.objects.get(handbook=handbook).close_time.hour == 16  # nothing written
    ServiceChannel.objects.filter(handbook=handbook).update(day_from=None)
    assert rules_of(handbook) == ["H1"]
    ServiceChannel.objects.filter(handbook=handbook).delete()
    assert "กรุณาเพิ่มช่องทางการให้บริการอย่างน้อย 1 ช่องทาง" in messages_of(handbook)


def test_H2_reference_name_is_generated_never_typed(author, login):
    procedure = ProcedureFactory(agency=author.agency, name="การขออนุญาตทดสอบชื่ออ้างอิง [N]")
    client = login(author)
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author)
    data["reference_name"] = "ชื่อที่พิมพ์เอง"
    data["criteria"] = "เกณฑ์"
    response = client.post(reverse("handbooks:create", args=[procedure.pk]), data)
    assert response.status_code == 302
    handbook = Handbook.objects.get(procedure=procedure)
    assert "ชื่อที่พิมพ์เอง" not in handbook.reference_name
    assert "reference_name" not in HandbookForm.base_fields
    now = timezone.localtime()
    be = f"{now:%d/%m}/{now.year + 543}"
    pattern = rf"^การขออนุญาตทดสอบชื่ออ้างอิง \[N\] \S+ สมชาย ใจดี กรมพัฒนาธุรกิจการค้า {re.escape(be)} \d\d:\d\d$"
    assert re.match(pattern, handbook.reference_name), handbook.reference_name
    assert AuditEntry.objects.filter(action="handbooks.handbook.created", object_id=str(handbook.pk)).count() == 1


def test_H2_reference_name_format_with_circled_number_and_buddhist_era(author):
    procedure = ProcedureFactory(agency=author.agency, name="การขออนุญาตตัวอย่าง [N]")
    procedure.pk = 7  # the running number shown in the circle
    when = timezone.make_aware(timezone.datetime(2026, 11, 25, 2, 5), timezone.get_fixed_timezone(0))
    assert reference_name(procedure, author, when) == (
        "การขออนุญาตตัวอย่าง [N] ⑦ สมชาย ใจดี กรมพัฒนาธุรกิจการค้า 25/11/2569 09:05"
    )
    assert reference_name(procedure, author, when, copy=True).startswith("[สำเนาคู่มือประชาชน] การขออนุญาตตัวอย่าง [N] ⑦")


def test_H3_only_the_total_time_as_a_whole_number(handbook, author, login):
    client = login(author)
    # No field for the time after step reduction, in the form or in the model: only the flag of section 14.
    assert set(HandbookForm.base_fields) == {
        "agency",
        "agency_search",  # the agency picker's text box
        "criteria",
        "total_time_value",
        "total_time_unit",
        "reduced",
        "note",
        "lock_version",
        "create_token",  # the new-handbook form's one-time token (a double submit is not a second handbook)
    }
    assert [f.name for f in Handbook._meta.fields if f.name.startswith("reduced")] == ["reduced"]
    page = client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    assert "ระยะเวลาดำเนินการรวม" in page and 'name="reduced_time' not in page
    data = form_data(handbook, author)
    data["total_time_value"] = "1.5"
    response = save(client, handbook, data)
    assert response.status_code == 200
    assert "กรุณากรอกเป็นจำนวนเต็ม" in response.content.decode()
    data["total_time_value"] = ""
    assert save(client, handbook, data).status_code == 302  # a draft may be saved without it…
    assert rules_of(handbook) == ["H3"]  # …but it is missing for submission


def test_H3_step_sum_differing_from_total_is_a_warning_not_an_error(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    data["total_time_value"] = "45"  # the one step takes 30 minutes
    response = save(client, handbook, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ผลรวมระยะเวลาของขั้นตอน (30) ไม่เท่ากับระยะเวลาดำเนินการรวม (45)" in page
    data = form_data(handbook, author)
    data["total_time_unit"] = "day"  # units differ: no comparison
    save(client, handbook, data)
    assert "ผลรวมระยะเวลาของขั้นตอน" not in client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()


def test_H4_step_agency_is_chosen_at_ministry_level_with_the_receiving_point(handbook, author, login, agency_a):
    client = login(author)
    data = form_data(handbook, author)
    data["steps-0-responsible_ministry"] = str(agency_a.pk)  # a department, not a ministry
    response = save(client, handbook, data)
    assert response.status_code == 200
    assert "ระดับกระทรวงเท่านั้น" in response.content.decode()
    Step.objects.filter(handbook=handbook).update(responsible_ministry=None, receiving_point="")
    unmet = unmet_rules(handbook_queryset().get(pk=handbook.pk))
    assert [u.rule for u in unmet] == ["H4", "H4"]
    assert {u.anchor for u in unmet} == {"id_steps-0-responsible_ministry", "id_steps-0-receiving_point"}


def documents_data(handbook, author, documents) -> dict:
    """The form's POST with the handbook's documents replaced by `documents` (dicts of row fields)."""
    data = form_data(handbook, author)
    for index in range(int(data["documents-TOTAL_FORMS"])):
        data[f"documents-{index}-DELETE"] = "on"
    for position, document in enumerate(documents):
        row = {"group": "other", "unit": "copy", "originals": 0, "copies": 0, "position": position, **document}
        add_row(data, "documents", **row)
    return data


def test_H5_1_house_registration_wording_is_a_hint_beside_the_document_never_a_refusal(handbook, author, login):
    """The slide: "หมายเหตุ 1. หากต้องการขอทะเบียนบ้านใช้คำว่า “สำเนาทะเบียนบ้าน”" — a note on wording. A Department
    of Lands handbook asks for the house registration book itself and for a consent letter that carries a copy."""
    client = login(author)
    data = documents_data(
        handbook,
        author,
        [
            {"group": "identity", "name": "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)", "issued_by": "กรมการปกครอง", "originals": 1},
            {"name": "หนังสือยินยอมให้ใช้สถานที่ พร้อมสำเนาทะเบียนบ้านของเจ้าของสถานที่", "originals": 1, "copies": 1},
            {"group": "identity", "name": "สำเนาทะเบียนบ้าน", "issued_by": "กรมการปกครอง", "copies": 1},
        ],
    )
    assert save(client, handbook, data).status_code == 302
    names = list(Document.objects.filter(handbook=handbook).order_by("position").values_list("name", flat=True))
    assert names[0] == "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)" and len(names) == 3
    assert rules_of(handbook) == []  # nothing blocks "ขออนุมัติเผยแพร่"
    # The hint stands beside the first document only, as the name field's help text.
    page = client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    hint = "หากต้องการขอทะเบียนบ้าน คู่มือใช้คำว่า “สำเนาทะเบียนบ้าน”"
    assert re.search(rf'id="id_documents-0-name_helptext" class="form-text">[^<]*{hint}', page)
    assert 'id="id_documents-1-name_helptext"' not in page and 'id="id_documents-2-name_helptext"' not in page
    # …and in the advice under the checklist, in the form's words, linked to the field.
    [entry] = advice(handbook_queryset().get(pk=handbook.pk))
    assert entry.anchor == "id_documents-0-name" and "เอกสารที่ 1" in entry.where and hint in entry.message
    assert 'href="#id_documents-0-name"' in page


def test_H5_2_copies_of_documents_are_allowed_and_nothing_is_required(handbook, author, login):
    """The slide: "2. เอกสารที่มาจากการมอบอำนาจสามารถขอสำเนาได้" — "may ask for copies" allows copies and forbids
    nothing: a certificate of registration asked for as one copy, without the power-of-attorney box, is valid."""
    client = login(author)
    data = documents_data(handbook, author, [{"name": "หนังสือรับรองการจดทะเบียนนิติบุคคล", "copies": 1}])
    assert save(client, handbook, data).status_code == 302
    document = Document.objects.get(handbook=handbook)
    assert (document.originals, document.copies, document.from_power_of_attorney) == (0, 1, False)
    assert rules_of(handbook) == []


def test_H5_nothing_of_the_slide_blocks_submission_only_hints_remain(handbook, author, login):
    """Neither note of the slide is a requirement: a document with no count, an identity document without its
    issuer, even a handbook without documents may be submitted; each gets a hint instead."""
    client = login(author)
    data = documents_data(
        handbook,
        author,
        [{"name": "แผนที่แสดงที่ตั้งที่ดิน"}, {"group": "identity", "name": "บัตรประจำตัวประชาชน", "originals": 1}],
    )
    assert save(client, handbook, data).status_code == 302
    assert rules_of(handbook) == []
    hints = {(u.anchor, u.message) for u in advice(handbook_queryset().get(pk=handbook.pk))}
    assert hints == {
        ("id_documents-0-originals", "ยังไม่ได้ระบุจำนวนเอกสารฉบับจริงหรือสำเนา"),
        ("id_documents-1-issued_by", "เอกสารยืนยันตัวตนควรระบุหน่วยงานภาครัฐผู้ออกเอกสาร"),
    }
    Document.objects.filter(handbook=handbook).delete()
    assert rules_of(handbook) == []
    assert [u.anchor for u in advice(handbook_queryset().get(pk=handbook.pk))] == ["section-documents"]
    response = client.post(reverse("approvals:submit", args=[handbook.pk]), {"change_note": ""})
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == "pending"


def test_H6_fee_unit_percent_range_and_note(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    data["fees-0-unit"], data["fees-0-amount"] = "percent", "150"
    response = save(client, handbook, data)
    assert "ค่าธรรมเนียมแบบร้อยละต้องอยู่ระหว่าง 0 ถึง 100" in response.content.decode()
    data["fees-0-unit"] = "dollar"
    assert "หน่วยของค่าธรรมเนียมต้องเป็น “บาท” หรือ “ร้อยละ” เท่านั้น" in save(client, handbook, data).content.decode()
    data["fees-0-unit"], data["fees-0-amount"], data["fees-0-is_range"] = "percent", "2", "on"
    response = save(client, handbook, data)
    assert response.status_code == 200
    assert "อธิบายอัตราต่าง ๆ ในหมายเหตุ" in response.content.decode()
    data["fees-0-note"] = "ร้อยละ 2 ของราคาประเมิน กรณีโอนให้ทายาทร้อยละ 0.5"
    assert save(client, handbook, data).status_code == 302
    fee = Fee.objects.get(handbook=handbook)
    assert (str(fee.amount), fee.unit, fee.is_range) == ("2.00", "percent", True)


def test_H7_complaint_channel_may_be_a_website_and_one_is_required(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    data["complaints-0-DELETE"] = "on"
    add_row(data, "complaints", channel="เว็บไซต์ร้องเรียน", website="www.1111.go.th", position=1)
    assert save(client, handbook, data).status_code == 302
    complaint = ComplaintChannel.objects.get(handbook=handbook)
    assert complaint.website == "https://www.1111.go.th"
    complaint.delete()
    assert rules_of(handbook) == ["H7"]


def test_H7_new_handbook_is_offered_the_1111_row(author, login):
    procedure = ProcedureFactory(agency=author.agency)
    page = login(author).get(reverse("handbooks:create", args=[procedure.pk])).content.decode()
    assert "ศูนย์บริการประชาชน สำนักปลัดสำนักนายกรัฐมนตรี" in page and "สายด่วน 1111" in page


def test_H8_form_sample_with_a_name_and_a_note_but_no_link_or_file_is_valid(handbook, author, login):
    """The slide: "สามารถใส่ website ของตัวอย่างการกรอกข้อมูลได้" — a link may be given, never required. The Department
    of Lands lists ท.ด.๑ and ท.ด.๙ as forms handed out at the counter."""
    client = login(author)
    data = form_data(handbook, author)
    data["forms-0-DELETE"] = "on"
    add_row(data, "forms", name="คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)", note="ขอรับได้ที่เจ้าหน้าที่", position=1)
    add_row(data, "forms", name="คำขอรังวัด (ท.ด.๙)", note="ขอรับได้ที่เจ้าหน้าที่", position=2)
    assert save(client, handbook, data).status_code == 302
    samples = list(FormSample.objects.filter(handbook=handbook).order_by("position"))
    assert [(f.name, f.url, bool(f.file), f.note) for f in samples] == [
        ("คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)", "", False, "ขอรับได้ที่เจ้าหน้าที่"),
        ("คำขอรังวัด (ท.ด.๙)", "", False, "ขอรับได้ที่เจ้าหน้าที่"),
    ]
    assert rules_of(handbook) == [] and advice(handbook_queryset().get(pk=handbook.pk)) == []
    # A link is still taken when given.
    data = form_data(handbook, author)
    data["forms-0-url"] = "https://www.dol.go.th/form-example"
    assert save(client, handbook, data).status_code == 302
    assert FormSample.objects.filter(handbook=handbook, url="https://www.dol.go.th/form-example").count() == 1


def test_H9_save_button_saves_an_incomplete_draft_and_lists_what_is_missing(author, login):
    procedure = ProcedureFactory(agency=author.agency)
    client = login(author)
    page = client.get(reverse("handbooks:create", args=[procedure.pk])).content.decode()
    assert "บันทึกข้อมูลคู่มือประชาชน" in page
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    response = client.post(reverse("handbooks:create", args=[procedure.pk]), data)
    assert response.status_code == 302
    handbook = Handbook.objects.get(procedure=procedure)
    assert handbook.status == "draft" and handbook.author == author
    page = client.get(response["Location"]).content.decode()
    assert "สิ่งที่ยังต้องกรอกก่อนขออนุมัติเผยแพร่" in page
    # The list of what is missing links each entry to its field (the jump menu links the sections too: look inside).
    unmet = page.split('id="unmet-rules"', 1)[1].split("</ul>", 1)[0]
    assert (
        'href="#section-channels"' in unmet
        and 'href="#id_criteria"' in unmet
        and 'href="#id_total_time_value"' in unmet
    )
    # The 1111 row was offered, so H7 is met; no documents is a hint of H5, not a rule (see test_H5_nothing_…).
    assert set(rules_of(handbook)) == {"H1", "H3", "H9"}


def test_H9_agency_must_be_in_the_author_scope(author, login, agency_b):
    procedure = ProcedureFactory(agency=author.agency)
    client = login(author)
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author)
    data["agency"] = str(agency_b.pk)
    response = client.post(reverse("handbooks:create", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert "หน่วยงานที่รับผิดชอบต้องอยู่ในสังกัดของผู้จัดทำ" in response.content.decode()
    assert not Handbook.objects.exists()


def test_unmet_rules_include_the_procedure_rules(author):
    handbook = HandbookFactory(agency=author.agency, author=author, procedure__laws=[])
    assert "P5" in rules_of(handbook)


def test_H3_H5_numbers_beyond_the_database_columns_get_a_thai_message(handbook, author, login):
    client = login(author)
    data = form_data(handbook, author)
    data["total_time_value"] = str(2**31)
    data["documents-0-originals"] = "40000"
    response = save(client, handbook, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ตัวเลขมากเกินไป (ไม่เกิน 2147483647)" in html and "ตัวเลขมากเกินไป (ไม่เกิน 32767)" in html
    handbook.refresh_from_db()
    assert handbook.total_time_value == 30


def test_a_row_id_of_another_handbook_is_refused_and_left_untouched(handbook, author, outsider, login):
    theirs = HandbookFactory(agency=outsider.agency, author=outsider)
    foreign = theirs.documents.get()
    data = form_data(handbook, author)
    data["documents-0-id"] = str(foreign.pk)
    data["documents-0-name"] = "แก้ข้ามหน่วยงาน"
    response = save(login(author), handbook, data)
    assert response.status_code == 200
    assert "ข้อมูลแถวนี้ไม่ใช่ของคู่มือนี้" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.handbook == theirs and foreign.name != "แก้ข้ามหน่วยงาน"


# A real handbook of the Department of Lands (กรมที่ดิน), as its officials write it: 22 documents (identity and
# house-registration documents among them, certificates asked for as copies only), forms handed out at the counter
# without links, and a fee in ร้อยละ.
DOL_DOCUMENTS = [
    ("identity", "บัตรประจำตัวประชาชน", "กรมการปกครอง", 1, 1),
    ("identity", "สำเนาทะเบียนบ้าน", "กรมการปกครอง", 0, 1),
    ("identity", "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)", "กรมการปกครอง", 1, 0),
    ("identity", "ใบสำคัญการสมรส (คร.3)", "กรมการปกครอง", 1, 1),
    ("identity", "ใบสำคัญการหย่า (คร.7)", "กรมการปกครอง", 1, 1),
    ("identity", "ใบเปลี่ยนชื่อตัว/ชื่อสกุล (ช.3)", "กรมการปกครอง", 1, 1),
    ("identity", "ใบมรณบัตร", "กรมการปกครอง", 1, 1),
    ("identity", "หนังสือเดินทาง (กรณีผู้ขอเป็นคนต่างด้าว)", "กรมการกงสุล", 1, 1),
    ("other", "โฉนดที่ดิน หรือหนังสือรับรองการทำประโยชน์ (น.ส.3, น.ส.3 ก.)", "กรมที่ดิน", 1, 0),
    ("other", "หนังสือมอบอำนาจ (ท.ด.21)", "", 1, 0),
    ("other", "บัตรประจำตัวประชาชนของผู้รับมอบอำนาจ", "", 0, 1),
    ("other", "หนังสือรับรองการจดทะเบียนนิติบุคคล", "กรมพัฒนาธุรกิจการค้า", 0, 1),
    ("other", "หนังสือยินยอมให้ใช้สถานที่ พร้อมสำเนาทะเบียนบ้านของเจ้าของสถานที่", "", 1, 1),
    ("other", "หนังสือให้ความยินยอมของคู่สมรส", "", 1, 0),
    ("other", "รายงานการประชุมผู้ถือหุ้น (กรณีนิติบุคคล)", "", 0, 1),
    ("other", "ข้อบังคับของนิติบุคคล", "", 0, 1),
    ("other", "หนังสือแสดงความยินยอมของผู้มีส่วนได้เสีย", "", 1, 0),
    ("other", "คำสั่งศาล (กรณีผู้จัดการมรดกหรือผู้อนุบาล)", "ศาล", 0, 1),
    ("other", "แผนที่แสดงที่ตั้งที่ดิน", "", 1, 0),
    ("other", "ใบเสร็จรับเงินภาษีที่ดินและสิ่งปลูกสร้าง", "องค์กรปกครองส่วนท้องถิ่น", 0, 1),
    ("other", "หลักฐานการไถ่ถอนจำนอง (กรณีมีภาระจำนอง)", "", 1, 0),
    ("other", "หนังสือรับรองราคาประเมินทุนทรัพย์", "กรมธนารักษ์", 0, 1),
]
DOL_FORMS = [
    "คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)",
    "คำขอรังวัด (ท.ด.๙)",
    "หนังสือสัญญาขายที่ดิน (ท.ด.๑๓)",
    "หนังสือมอบอำนาจ (ท.ด.๒๑)",
]


def test_a_real_department_of_lands_handbook_is_accepted_whole_and_may_be_submitted(handbook, author, login):
    """The manual's notes, as the slides word them, refuse nothing of a real handbook: H5 "หมายเหตุ … ใช้คำว่า
    “สำเนาทะเบียนบ้าน” … สามารถขอสำเนาได้", H6 "ค่าธรรมเนียมให้เลือกแบบ “บาท” หรือ “ร้อยละ”", H8 "สามารถใส่ website
    ของตัวอย่างการกรอกข้อมูลได้"."""
    client = login(author)
    data = documents_data(
        handbook,
        author,
        [
            {"group": g, "name": name, "issued_by": issuer, "originals": originals, "copies": copies}
            for g, name, issuer, originals, copies in DOL_DOCUMENTS
        ],
    )
    data["forms-0-DELETE"] = data["fees-0-DELETE"] = "on"
    for position, name in enumerate(DOL_FORMS, start=1):
        add_row(data, "forms", name=name, note="ขอรับได้ที่เจ้าหน้าที่", position=position)
    add_row(data, "fees", description="ค่าคำขอ", amount="5", unit="baht", position=1)
    add_row(
        data,
        "fees",
        description="ค่าธรรมเนียมจดทะเบียนขาย",
        amount="2",
        unit="percent",
        note="ร้อยละ 2 ของราคาประเมินทุนทรัพย์",
        position=2,
    )
    response = save(client, handbook, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.filter(handbook=handbook).count() == 22
    assert FormSample.objects.filter(handbook=handbook, url="", file="").count() == 4
    assert Fee.objects.filter(handbook=handbook, unit="percent", amount=2).exists()
    assert rules_of(handbook) == []
    # One hint only: the house registration book, beside its row (the third document).
    assert [(u.rule, u.anchor) for u in advice(handbook_queryset().get(pk=handbook.pk))] == [
        ("H5", "id_documents-2-name")
    ]
    response = client.post(reverse("approvals:submit", args=[handbook.pk]), {"change_note": "คู่มือกรมที่ดิน"})
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == "pending"
