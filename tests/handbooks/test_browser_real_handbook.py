"""A real-size handbook written through the one-page form in Chromium (issue 12): a Department of Lands handbook with
22 documents, 6 steps, 5 fees (one "ร้อยละ 2" with its note), 4 forms (ท.ด.๑, ท.ด.๙, ท.ด.๑๓, ท.ด.๑๖) and 3 complaint
channels. The official uses the jump menu, collapses sections, saves, and - as the manual says, "หลังจากกดบันทึกข้อมูล
คู่มือประชาชนเรียบร้อยแล้ว ให้ “กดขออนุมัติเผยแพร่”" - submits from the same page with the action bar; an approver
approves and the banner links the public page.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from handbooks.demo import LANDS
from handbooks.models import Document, Fee, Handbook, Step
from handbooks.workflow import Status
from portal.models import Agency
from tests import pdf_tools
from tests.e2e.conftest import (  # noqa: F401 - fixtures shared with the e2e folder
    browser_context_args,
    browser_type_launch_args,
    problems,
    service_areas,
    shot,
    sign_in,
    watch,
)
from tests.factories import PASSWORD, AgencyFactory, HandbookFactory, ProcedureFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("service_areas")]

PROCEDURE = LANDS["procedure"]
PLACE = "สำนักงานที่ดินจังหวัดเชียงใหม่ สาขาสันทราย ศูนย์ราชการอำเภอสันทราย ตำบลสันทรายหลวง"
GROUP, KIND, FEE_UNIT = dict(Document.Group.choices), dict(Step.Kind.choices), dict(Fee.Unit.choices)

# The demo's real-size Department of Lands handbook, typed as the official reads it: an original house registration
# (ท.ร.14), a company certificate as a copy only, a consent letter with a copy of the owner's house registration
# (H5 advises, never refuses), and the four ท.ด. forms without a link (H8: a link "may" be given).
# (group label, name, issuing agency, originals, copies, from a power of attorney)
DOCUMENTS = [
    (
        str(GROUP[d["group"]]),
        d["name"],
        d.get("issued_by", ""),
        d["originals"],
        d["copies"],
        d.get("from_power_of_attorney", False),
    )
    for d in LANDS["documents"]
]
STEPS = [(str(KIND[kind]), detail, minutes) for kind, detail, minutes, _point in LANDS["steps"]]
# (description, amount as typed, unit label, note)
FEES = [(d, amount.removesuffix(".00"), str(FEE_UNIT[unit]), note) for d, amount, unit, _range, note in LANDS["fees"]]
PERCENT = LANDS["fees"][1]
FORMS = [name for name, _url, _note in LANDS["forms"]]
FORM_NOTE = LANDS["forms"][0][2]
COMPLAINTS = [  # the 1111 row is offered on a new handbook; these two are added
    ("ศูนย์ดำรงธรรมกระทรวงมหาดไทย", "https://www.damrongdhama.moi.go.th", "สายด่วน 1567"),
    ("ศูนย์รับเรื่องร้องเรียนกรมที่ดิน", "https://www.dol.go.th", "สายด่วน 1579"),
]


def _label(text: str):
    """A field's accessible name: its label, plus the asterisk of a required field."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def _rows(page, prefix: str):
    return page.locator(f'[data-formset="{prefix}"] [data-rows] > [data-row]:not(.d-none)')


def _add(page, prefix: str, noun: str):
    page.locator(f'[data-formset="{prefix}"]').get_by_role("button", name=f"+ เพิ่ม{noun}").click()
    return _rows(page, prefix).last


@pytest.fixture
def dol(db):
    """กระทรวงมหาดไทย → กรมที่ดิน, with an author and an approver of the department."""
    moi = AgencyFactory(code="15000000", name="กระทรวงมหาดไทย", level_kind=Agency.Level.MINISTRY, parent=None)
    department = AgencyFactory(code="15008000", name="กรมที่ดิน", level_kind=Agency.Level.DEPARTMENT, parent=moi)
    UserFactory(username="author_dol", first_name="สมศรี", last_name="ที่ดินดี", agency=department, is_author=True)
    UserFactory(username="approver_dol", agency=department, is_approver=True)
    return department


def write(page) -> None:
    """Sections 11-19 of the real handbook, through the form as an official types them."""
    channel = _add(page, "channels", "ช่องทางการให้บริการ")
    channel.get_by_label(_label("ช่องทาง")).select_option(label="ติดต่อด้วยตนเอง ณ หน่วยงาน")
    channel.get_by_label("สถานที่ให้บริการ").fill(PLACE)
    channel.get_by_label("โทรศัพท์").fill("0 5349 1234")
    channel.get_by_label("ตั้งแต่วัน").select_option(label="จันทร์")
    channel.get_by_label("ถึงวัน").select_option(label="ศุกร์")
    channel.get_by_label("เวลาเปิด").fill("08:30")
    channel.get_by_label("เวลาปิด").fill("16:30")
    page.get_by_label("หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต").fill(
        "ผู้ขอต้องเป็นเจ้าของที่ดินหรือผู้ได้รับมอบอำนาจ และคู่สัญญาต้องมาพร้อมกัน ณ สำนักงานที่ดิน"
    )
    page.get_by_role("button", name="แทรกหมายเหตุมาตรฐานเรื่องบันทึกความบกพร่อง").click()

    for kind, detail, minutes in STEPS:
        step = _add(page, "steps", "ขั้นตอน")
        step.get_by_label(_label("ขั้นตอน")).select_option(label=kind)
        step.get_by_label("รายละเอียดของขั้นตอนการบริการ").fill(detail)
        step.get_by_label(_label("ระยะเวลา")).fill(str(minutes))
        step.get_by_label("ส่วนงาน / หน่วยงานที่รับผิดชอบ (ระดับกระทรวง)").select_option(label="กระทรวงมหาดไทย")
        step.get_by_label("จุดรับคำขอ / ส่วนงานที่รับผิดชอบ").fill("สำนักงานที่ดินจังหวัดเชียงใหม่ สาขาสันทราย")
    page.get_by_label("ระยะเวลาดำเนินการรวม").fill(str(sum(minutes for *_x, minutes in STEPS)))

    for number, (group, name, issuer, originals, copies, attorney) in enumerate(DOCUMENTS, start=1):
        document = _add(page, "documents", "เอกสาร")
        expect(document.locator("[data-row-label]")).to_have_text(f"เอกสารที่ {number}")
        document.get_by_label("กลุ่มเอกสาร").select_option(label=group)
        document.get_by_label(_label(group)).fill(name)  # the name is labelled by its group
        if issuer:
            document.get_by_label("หน่วยงานภาครัฐผู้ออกเอกสาร").fill(issuer)
        document.get_by_label("จำนวนเอกสารฉบับจริง").fill(str(originals))
        document.get_by_label("จำนวนเอกสารสำเนา").fill(str(copies))
        if attorney:
            document.get_by_label("เอกสารจากการมอบอำนาจ").check()

    for description, amount, unit, note in FEES:
        fee = _add(page, "fees", "ค่าธรรมเนียม")
        fee.get_by_label("รายละเอียดค่าธรรมเนียม").fill(description)
        fee.get_by_label(_label("ค่าธรรมเนียม")).fill(amount)
        fee.get_by_label(_label("หน่วย")).select_option(label=unit)
        if note:
            fee.get_by_label("หมายเหตุ (ค่าธรรมเนียม)").fill(note)

    for channel_name, website, note in COMPLAINTS:
        complaint = _add(page, "complaints", "ช่องทางการร้องเรียน")
        complaint.get_by_label(_label("ช่องทางการร้องเรียน")).fill(channel_name)
        complaint.get_by_label("เว็บไซต์").fill(website)
        complaint.get_by_label("หมายเหตุ").fill(note)

    for name in FORMS:
        sample = _add(page, "forms", "ตัวอย่างแบบฟอร์ม")
        sample.get_by_label(_label("ชื่อแบบฟอร์ม")).fill(name)
        sample.get_by_label("หมายเหตุ").fill(FORM_NOTE)


def test_a_real_size_handbook_is_written_saved_and_submitted_from_the_form(page, live_server, dol, problems, shot):  # noqa: F811
    page.set_default_timeout(15_000)
    procedure = ProcedureFactory(agency=dol, name=PROCEDURE)
    sign_in(page, live_server, "author_dol", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/new/{procedure.pk}/")
    write(page)

    # The counts follow the rows; the jump menu reaches section 15 and opens it when it was collapsed.
    menu = page.get_by_role("navigation", name="ไปยังส่วนของคู่มือ")
    for prefix, count in (("documents", 22), ("steps", 6), ("fees", 5), ("forms", 4), ("complaints", 3)):
        expect(page.locator(f"#section-{prefix} [data-row-count='{prefix}']")).to_have_text(str(count))
        expect(menu.locator(f"[data-row-count='{prefix}']")).to_have_text(str(count))
    documents = page.locator("#section-documents")
    documents.locator("summary").click()  # collapse section 15
    expect(documents).not_to_have_attribute("open", "")
    expect(_rows(page, "documents").first).to_be_hidden()
    menu.get_by_role("link", name=re.compile(r"^15\. เอกสาร")).click()
    expect(documents).to_have_attribute("open", "")
    expect(documents.locator("summary")).to_be_in_viewport()
    assert page.url.endswith("#section-documents")
    expect(_rows(page, "documents").last.locator("[data-row-label]")).to_have_text("เอกสารที่ 22")
    # Section 19 is written, then collapsed: a collapsed section's fields are saved all the same.
    page.get_by_label("หมายเหตุ", exact=True).last.fill("ผู้ขอควรนัดหมายล่วงหน้าผ่านระบบจองคิวของกรมที่ดิน")
    page.locator("#section-note > summary").click()
    expect(page.locator("#section-note")).not_to_have_attribute("open", "")
    shot(page, "01-written")

    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    expect(page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว")).to_be_visible()
    handbook = Handbook.objects.get(procedure=procedure)
    assert handbook.documents.count() == 22 and handbook.steps.count() == 6 and handbook.fees.count() == 5
    assert handbook.forms.count() == 4 and handbook.complaints.count() == 3
    assert handbook.note == "ผู้ขอควรนัดหมายล่วงหน้าผ่านระบบจองคิวของกรมที่ดิน"
    assert list(handbook.documents.values_list("name", flat=True)) == [d[1] for d in DOCUMENTS]
    assert handbook.channels.get().place == PLACE
    percent = handbook.fees.get(description=PERCENT[0])
    assert (percent.unit, percent.amount, percent.note) == ("percent", 2, PERCENT[4])
    assert set(handbook.forms.values_list("note", "url")) == {(FORM_NOTE, "")}
    documents = {d.name: (d.originals, d.copies) for d in handbook.documents.all()}
    assert documents["ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)"] == (1, 0)
    assert documents["หนังสือรับรองการจดทะเบียนนิติบุคคล (กรณีนิติบุคคล)"] == (0, 1)

    # Saved and complete: the action bar at the foot of the screen offers both buttons, the page still at its top.
    submit = page.get_by_role("button", name="ขออนุมัติเผยแพร่")
    save = page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน")
    page.evaluate("window.scrollTo(0, 0)")
    expect(save).to_be_in_viewport()
    expect(submit).to_be_in_viewport()
    expect(submit).to_be_enabled()
    # A change not saved yet holds the submission back, with the reason.
    page.get_by_label("หมายเหตุ", exact=True).last.fill("ข้อความที่ยังไม่ได้บันทึก")
    expect(submit).to_be_disabled()
    expect(page.get_by_text("ท่านแก้ไขข้อมูลที่ยังไม่ได้บันทึก")).to_be_visible()
    page.reload()  # the official leaves the change unsaved
    expect(submit).to_be_enabled()
    shot(page, "02-saved")

    page.get_by_label("สรุปการเปลี่ยนแปลง (ถ้ามี)").fill("คู่มือฉบับแรกของสำนักงานที่ดิน สาขาสันทราย")
    submit.click()
    expect(page.get_by_text("ส่งคำขออนุมัติเผยแพร่แล้ว")).to_be_visible()
    handbook.refresh_from_db()
    assert (handbook.status, handbook.change_note) == (Status.PENDING, "คู่มือฉบับแรกของสำนักงานที่ดิน สาขาสันทราย")
    assert handbook.note == "ผู้ขอควรนัดหมายล่วงหน้าผ่านระบบจองคิวของกรมที่ดิน"

    # An approver of the department approves; the banner names the handbook and links its public page.
    approver = page.context.browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    review = approver.new_page()
    seen = watch(review)
    sign_in(review, live_server, "approver_dol", PASSWORD)
    review.goto(f"{live_server.url}/approvals/{handbook.pk}/")
    review.get_by_role("button", name="อนุมัติเผยแพร่").click()
    banner = review.get_by_role("alert").filter(has_text="อนุมัติเผยแพร่")
    expect(banner).to_contain_text(f"อนุมัติเผยแพร่แล้ว: “{handbook.reference_name}” (ฉบับที่ 1)")
    banner.get_by_role("link", name="เปิดหน้าคู่มือสำหรับประชาชน").click()
    review.wait_for_url(f"{live_server.url}/handbook/{handbook.pk}/")
    expect(review.get_by_text(PLACE).first).to_be_visible()
    # The PDF to post at the service point: downloaded from the public page, with the forms as the DOL prints them.
    with review.expect_download() as download:
        review.get_by_role("link", name="ดาวน์โหลด PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_tools.squeezed(pdf_tools.text(data))
    assert all(pdf_tools.squeezed(name) in text for name in FORMS + [PLACE, "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)"])
    approver.close()
    assert not seen, seen


def test_deleting_a_draft_asks_first_and_a_cancel_keeps_it(page, live_server, dol, problems):  # noqa: F811
    procedure = ProcedureFactory(agency=dol, name=PROCEDURE)
    handbook = HandbookFactory(procedure=procedure, agency=dol, author=dol.officials.get(username="author_dol"))
    sign_in(page, live_server, "author_dol", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/")
    questions = []

    def answer(dialog, accept: bool):
        questions.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="ลบร่างคู่มือ").click()
    expect(page.get_by_role("button", name="ลบร่างคู่มือ")).to_be_visible()
    assert Handbook.objects.filter(pk=handbook.pk).exists()

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="ลบร่างคู่มือ").click()
    expect(page.get_by_text(f"ลบร่างคู่มือ “{handbook.reference_name}” แล้ว")).to_be_visible()
    assert not Handbook.objects.filter(pk=handbook.pk).exists()
    assert questions == ["ลบร่างคู่มือนี้และข้อมูลทุกส่วนหรือไม่ ลบแล้วกู้คืนไม่ได้"] * 2
