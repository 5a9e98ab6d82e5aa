"""Scenario 1 of issue 6: the whole manual, step by step, in Chromium — by the Thai names a person reads.

An author signs in, presses "สร้าง" (P2), is refused a name without [N] (P3) and finds no division-level owner
(P1), searches a law that does not exist and creates it (P6), presses "ปรับปรุงข้อมูล" on the law (P7), completes
the procedure; writes the handbook (H1–H8: a postal channel 24 hours with a note, an in-person channel with a lunch
break, three steps, documents in both groups, a fee in ร้อยละ and a range fee, complaint and form rows; rows added
and removed), presses "บันทึกข้อมูลคู่มือประชาชน" (H9) and "ขออนุมัติเผยแพร่" (H10). The approver returns it with a
reason; the author fixes it and resubmits; the approver approves; a citizen finds it by a Thai word from the middle
of its title and opens the printed page. Every page is watched for CSP violations and JavaScript errors.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from handbooks.models import Handbook
from handbooks.workflow import Status
from laws.models import Law
from portal.models import AuditEntry
from procedures.models import Procedure
from tests.e2e.conftest import sign_in, watch
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("service_areas")]

NAME = "การขออนุญาตจัดตั้งสถานีบรรจุก๊าซธรรมชาติอัดทดสอบ [N]"
WORD = "สถานีบรรจุก๊าซ"  # from the middle of the title
LAW = "พระราชบัญญัติการบรรจุก๊าซทดสอบระบบ พ.ศ. 2566"


def _row(page, prefix: str, index: int):
    return page.locator(f'[data-formset="{prefix}"] [data-rows] > [data-row]:not(.d-none)').nth(index)


def _label(text: str):
    """A field's accessible name: its label, plus the asterisk crispy adds to required fields."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def _add_row(page, prefix: str, label: str):
    page.locator(f'[data-formset="{prefix}"]').get_by_role("button", name=f"+ เพิ่ม{label}").click()


def _sign_out(page):
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))


def create_procedure(page, live_server, shot) -> Procedure:
    page.goto(f"{live_server.url}/procedures/")
    page.get_by_role("link", name="สร้าง", exact=True).click()  # P2
    page.wait_for_url("**/procedures/new/")

    # P1: a division below the author's department is not offered as an owner.
    owner = page.get_by_label("หน่วยงานเจ้าของกระบวนงาน")
    owner.fill("กองทะเบียนธุรกิจ")
    expect(page.get_by_text("ไม่พบหน่วยงานระดับกระทรวงหรือกรมในสังกัดของท่านที่ตรงกับคำค้นหา")).to_be_visible()
    expect(page.get_by_role("option", name=re.compile("กองทะเบียนธุรกิจ"))).to_have_count(0)

    # P3: a name without [N] is refused, with what was typed kept.
    page.get_by_label("ชื่อกระบวนงาน").fill(NAME.removesuffix(" [N]"))
    owner.fill("พัฒนาธุรกิจ")
    page.get_by_role("option", name=re.compile("กรมพัฒนาธุรกิจการค้า")).click()

    # P6: the law is not in the registry: create it inside the form.
    search = page.get_by_label("ค้นหากฎหมายในระบบ")
    search.fill("บรรจุก๊าซทดสอบ")
    expect(page.get_by_text("ไม่พบกฎหมายจากการค้นหาในระบบ กรุณาสร้างกฎหมายที่เกี่ยวข้อง")).to_be_visible()
    page.locator("#id_law-title").fill(LAW)
    page.locator("#id_law-kind").select_option("act")
    page.get_by_role("button", name="สร้างกฎหมายและเพิ่มในรายการ").click()
    expect(page.locator("#law-list li", has_text=LAW)).to_be_visible()

    page.get_by_label("หมวดหมู่ของงานบริการ").select_option("permit")
    page.get_by_label("ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ").fill("ไม่มี")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_text("ชื่อกระบวนงานต้องลงท้ายด้วย [N]").first).to_be_visible()
    expect(page.get_by_label("ชื่อกระบวนงาน")).to_have_value(NAME.removesuffix(" [N]"))
    expect(page.locator("#law-list li", has_text=LAW)).to_be_visible()  # the chosen law survives the error
    assert not Procedure.objects.exists()
    shot(page, "01-procedure-refused")

    # A forged division id (bypassing the picker) is refused on the server too.
    page.get_by_label("ชื่อกระบวนงาน").fill(NAME)
    division = page.evaluate("() => document.getElementById('id_agency').value")
    from portal.models import Agency

    page.evaluate(
        "(id) => { document.getElementById('id_agency').value = id; }",
        str(Agency.objects.get(code="14004001").pk),
    )
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_text(re.compile("ระดับ “กระทรวง” หรือ “กรม” เท่านั้น|ท่านไม่มีสิทธิ์สร้างกระบวนงาน")).first).to_be_visible()
    assert not Procedure.objects.exists()

    # Complete the procedure: the real owner, P4 type, P8 area (ส่วนกลาง is ticked), statistics.
    owner = page.get_by_label("หน่วยงานเจ้าของกระบวนงาน")
    owner.fill("พัฒนาธุรกิจ")
    page.get_by_role("option", name=re.compile("กรมพัฒนาธุรกิจการค้า")).click()
    assert page.evaluate("() => document.getElementById('id_agency').value") == division
    page.get_by_role("radio", name="ส่วนภูมิภาค").check()  # P4 in the slide's words (P8 has a box of that name)
    page.get_by_label("เชื่อมโยงหลายหน่วยงาน").check()
    expect(page.get_by_role("checkbox", name="ส่วนกลาง", exact=True)).to_be_checked()  # P8
    page.get_by_label("จำนวนเฉลี่ยต่อเดือน").fill("12")
    page.get_by_label("จำนวนคำขอที่มากที่สุด").fill("30")
    page.get_by_label("จำนวนคำขอที่น้อยที่สุด").fill("๒")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url(re.compile(r".*/procedures/\d+/$"))
    expect(page.get_by_role("heading", name=NAME).first).to_be_visible()
    shot(page, "02-procedure")
    procedure = Procedure.objects.get()
    assert (procedure.agency.code, procedure.scope, procedure.linkage) == ("14004000", "regional_local", "multi")
    assert (procedure.stat_min, procedure.stat_avg, procedure.stat_max) == (2, 12, 30)
    assert [law.title for law in procedure.laws.all()] == [LAW]
    return procedure


def refresh_law(page):
    page.get_by_role("link", name=LAW).first.click()
    page.wait_for_url(re.compile(r".*/laws/\d+/$"))
    page.get_by_role("button", name="ปรับปรุงข้อมูล").click()  # P7
    expect(page.get_by_text("บันทึกการปรับปรุงข้อมูลกฎหมายแล้ว")).to_be_visible()
    law = Law.objects.get(title=LAW)
    assert law.refreshed_by.username == "author" and law.refreshed_at is not None
    page.go_back()
    page.go_back()


def write_handbook(page, shot) -> Handbook:
    page.get_by_role("link", name="สร้างคู่มือสำหรับประชาชน").click()
    page.wait_for_url(re.compile(r".*/handbooks/new/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("คู่มือสำหรับประชาชน: " + re.escape(NAME)))).to_be_visible()

    # 11 (H1): a postal channel, 24 hours with a service note; an in-person channel with a lunch break.
    _add_row(page, "channels", "ช่องทางการให้บริการ")
    postal = _row(page, "channels", 0)
    postal.get_by_label(_label("ช่องทาง")).select_option(label="ไปรษณีย์")
    expect(postal.get_by_label("ตลอด 24 ชั่วโมง")).to_be_checked()
    expect(postal.get_by_label("เวลาเปิด")).to_be_hidden()  # no opening hours around the clock
    postal.get_by_label("สถานที่ให้บริการ").fill("กองทะเบียนธุรกิจ ตู้ ปณ. 99 นนทบุรี 11000")
    postal.get_by_label("หมายเหตุการให้บริการ").fill("ดำเนินการในวันและเวลาทำการถัดไป")
    _add_row(page, "channels", "ช่องทางการให้บริการ")
    office = _row(page, "channels", 1)
    office.get_by_label(_label("ช่องทาง")).select_option(label="ติดต่อด้วยตนเอง ณ หน่วยงาน")
    office.get_by_label("สถานที่ให้บริการ").fill("สำนักงานพัฒนาธุรกิจการค้า ถนนนนทบุรี")
    office.get_by_label("ตั้งแต่วัน").select_option(label="จันทร์")
    office.get_by_label("ถึงวัน").select_option(label="ศุกร์")
    office.get_by_label("เวลาเปิด").fill("08:30")
    office.get_by_label("เวลาปิด").fill("16:30")
    office.get_by_role("radio", name="มีพักเที่ยง", exact=True).check()

    # 12
    page.get_by_label("หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต").fill(
        "ผู้ขอต้องเป็นนิติบุคคลที่จดทะเบียนในประเทศไทย"
    )
    # 13 (H3, H4): three steps naming the ministry and the receiving point, then only the total time.
    for i, (kind, detail, minutes) in enumerate(
        [
            ("การตรวจสอบเอกสาร", "ตรวจสอบคำขอและเอกสาร", "30"),
            ("การพิจารณา", "พิจารณาคำขอ", "60"),
            ("การลงนาม/คณะกรรมการมีมติ", "ลงนามในใบอนุญาต", "30"),
        ]
    ):
        _add_row(page, "steps", "ขั้นตอน")
        step = _row(page, "steps", i)
        step.get_by_label(_label("ขั้นตอน")).select_option(label=kind)
        step.get_by_label("รายละเอียดของขั้นตอนการบริการ").fill(detail)
        step.get_by_label(_label("ระยะเวลา")).fill(minutes)
        step.get_by_label("ส่วนงาน / หน่วยงานที่รับผิดชอบ (ระดับกระทรวง)").select_option(label="กระทรวงพาณิชย์")
        step.get_by_label("จุดรับคำขอ / ส่วนงานที่รับผิดชอบ").fill("กองทะเบียนธุรกิจ")
    page.get_by_label("ระยะเวลาดำเนินการรวม").fill("120")
    expect(page.get_by_label("ระยะเวลาผ่านการลดขั้นตอน")).to_have_count(0)  # H3: no such field

    # 15 (H5): one document in each group; a third added and removed again.
    for i, (group, name, issuer) in enumerate(
        [
            ("เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ", "บัตรประจำตัวประชาชน", "กรมการปกครอง"),
            ("เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม", "สำเนาทะเบียนบ้าน", ""),
            ("เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม", "เอกสารที่จะลบทิ้ง", ""),
        ]
    ):
        _add_row(page, "documents", "เอกสาร")
        document = _row(page, "documents", i)
        document.get_by_label("กลุ่มเอกสาร").select_option(label=group)
        document.get_by_label(group).fill(name)  # the name is labelled by its group
        if issuer:
            document.get_by_label("หน่วยงานภาครัฐผู้ออกเอกสาร").fill(issuer)
        document.get_by_label("จำนวนเอกสารฉบับจริง").fill("1")
    _row(page, "documents", 2).get_by_role("button", name="ลบแถว").click()
    expect(page.locator('[data-formset="documents"] [data-rows] > [data-row]:not(.d-none)')).to_have_count(2)

    # 16 (H6): a fee in ร้อยละ, and a range entered at its highest rate with the rates in the note.
    _add_row(page, "fees", "ค่าธรรมเนียม")
    percent = _row(page, "fees", 0)
    percent.get_by_label("รายละเอียดค่าธรรมเนียม").fill("ค่าธรรมเนียมตามมูลค่าทุน")
    percent.get_by_label(_label("ค่าธรรมเนียม")).fill("2")
    percent.get_by_label(_label("หน่วย")).select_option(label="ร้อยละ")
    _add_row(page, "fees", "ค่าธรรมเนียม")
    ranged = _row(page, "fees", 1)
    ranged.get_by_label("รายละเอียดค่าธรรมเนียม").fill("ค่าคำขอ")
    ranged.get_by_label(_label("ค่าธรรมเนียม")).fill("500")
    ranged.get_by_label("ค่าธรรมเนียมเป็นช่วง (ระบุอัตราสูงสุด)").check()
    ranged.get_by_label("หมายเหตุ (ค่าธรรมเนียม)").fill("ขนาดเล็ก 100 บาท ขนาดกลาง 300 บาท ขนาดใหญ่ 500 บาท")

    # 17 (H7): the 1111 row is offered; add a website row. 18 (H8): a form with an example link.
    expect(_row(page, "complaints", 0).get_by_label(_label("ช่องทางการร้องเรียน"))).not_to_have_value("")
    _add_row(page, "complaints", "ช่องทางการร้องเรียน")
    complaint = _row(page, "complaints", 1)
    complaint.get_by_label(_label("ช่องทางการร้องเรียน")).fill("ร้องเรียนผ่านเว็บไซต์กรมพัฒนาธุรกิจการค้า")
    complaint.get_by_label("เว็บไซต์").fill("www.dbd.go.th/complaint")
    _add_row(page, "forms", "ตัวอย่างแบบฟอร์ม")
    sample = _row(page, "forms", 0)
    sample.get_by_label("ชื่อแบบฟอร์ม").fill("แบบคำขออนุญาต (แบบ ก.1)")
    sample.get_by_label("ลิงก์ตัวอย่างการกรอกข้อมูล").fill("https://www.dbd.go.th/forms/k1-example")
    shot(page, "03-handbook-form")

    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()  # H9
    expect(page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว")).to_be_visible()
    handbook = Handbook.objects.get()
    assert handbook.reference_name.startswith(f"{NAME} ")  # H2
    channels = list(handbook.channels.order_by("position"))
    assert [(c.kind, c.hours_24, c.lunch_break) for c in channels] == [
        ("postal", True, False),
        ("in_person", False, True),
    ]
    assert channels[0].note == "ดำเนินการในวันและเวลาทำการถัดไป"
    assert handbook.steps.count() == 3 and handbook.total_time_value == 120
    assert sorted(handbook.documents.values_list("group", flat=True)) == ["identity", "other"]
    assert not handbook.documents.filter(name="เอกสารที่จะลบทิ้ง").exists()
    fees = list(handbook.fees.order_by("position"))
    assert (fees[0].unit, fees[0].amount, fees[1].is_range, fees[1].amount) == ("percent", 2, True, 500)
    assert handbook.complaints.count() == 2 and handbook.forms.count() == 1
    return handbook


def submit(page, handbook):
    page.goto(page.url.split("/handbooks/")[0] + f"/handbooks/{handbook.pk}/")
    page.get_by_role("button", name="ขออนุมัติเผยแพร่").click()  # H10
    expect(page.get_by_text("ส่งคำขออนุมัติเผยแพร่แล้ว")).to_be_visible()
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING


def open_from_queue(page, live_server):
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/approvals/")
    row = page.get_by_role("row").filter(has_text=NAME)
    row.get_by_role("link", name="พิจารณา").click()
    page.wait_for_url(re.compile(r".*/approvals/\d+/$"))


def test_the_whole_manual_end_to_end(page, live_server, author, approver, ministry, problems, shot):
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "author", PASSWORD)
    procedure = create_procedure(page, live_server, shot)
    refresh_law(page)
    page.goto(f"{live_server.url}/procedures/{procedure.pk}/")
    handbook = write_handbook(page, shot)
    submit(page, handbook)
    shot(page, "04-submitted")
    _sign_out(page)

    # The approver returns it with a reason.
    sign_in(page, live_server, "approver", PASSWORD)
    open_from_queue(page, live_server)
    page.get_by_label("เหตุผลที่ส่งกลับแก้ไข").fill("กรุณาระบุค่าธรรมเนียมขนาดกลางให้ชัดเจน")
    page.get_by_role("button", name="ส่งกลับแก้ไข").click()
    expect(page.get_by_text("ส่งกลับแก้ไขแล้ว")).to_be_visible()
    handbook.refresh_from_db()
    assert handbook.status == Status.RETURNED
    _sign_out(page)

    # The author reads the reason, fixes the fee note and asks again.
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/")
    expect(page.get_by_text("กรุณาระบุค่าธรรมเนียมขนาดกลางให้ชัดเจน")).to_be_visible()
    shot(page, "05-returned")
    page.get_by_role("link", name="แก้ไขคู่มือ").click()
    _row(page, "fees", 1).get_by_label("หมายเหตุ (ค่าธรรมเนียม)").fill(
        "ขนาดเล็ก 100 บาท ขนาดกลาง (ทุนไม่เกิน 5 ล้านบาท) 300 บาท ขนาดใหญ่ 500 บาท"
    )
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    expect(page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว")).to_be_visible()
    submit(page, handbook)
    _sign_out(page)

    # The approver approves.
    sign_in(page, live_server, "approver", PASSWORD)
    open_from_queue(page, live_server)
    expect(page.get_by_text("ทุนไม่เกิน 5 ล้านบาท").first).to_be_visible()
    shot(page, "06-review")
    page.get_by_role("button", name="อนุมัติเผยแพร่").click()
    expect(page.get_by_text(re.compile("อนุมัติเผยแพร่แล้ว"))).to_be_visible()
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED and handbook.live_version.number == 1
    _sign_out(page)

    # A citizen (no sign-in, a fresh page) finds it by a word from the middle of its title.
    citizen = page.context.browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    public = citizen.new_page()
    seen = watch(public)
    public.goto(f"{live_server.url}/")
    public.get_by_label("ค้นหาจากชื่องานบริการ ชื่อคู่มือ หรือหน่วยงาน").fill(WORD)
    public.get_by_role("button", name="ค้นหา", exact=True).click()
    public.get_by_role("link", name=NAME).click()
    public.wait_for_url(re.compile(r".*/handbook/\d+/$"))
    expect(public.get_by_text("ดำเนินการในวันและเวลาทำการถัดไป").first).to_be_visible()
    expect(public.get_by_text("เผยแพร่คู่มือแล้ว").first).to_be_visible()
    expect(public.get_by_role("button", name="พิมพ์คู่มือ")).to_be_visible()
    public.emulate_media(media="print")
    expect(public.get_by_role("button", name="พิมพ์คู่มือ")).to_be_hidden()  # the printed page hides the controls
    shot(public, "07-public-printed")
    citizen.close()
    assert not seen, seen

    actions = list(
        AuditEntry.objects.filter(object_id=str(handbook.pk), action__startswith="approvals.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "approvals.handbook.submitted",
        "approvals.handbook.returned",
        "approvals.handbook.submitted",
        "approvals.handbook.approved",
    ]
