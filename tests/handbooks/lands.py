"""A real-size handbook, as the Department of Lands publishes one (จดทะเบียนประเภทโอนอสังหาริมทรัพย์กรณีไม่ต้องประกาศ):
22 documents in both groups, 6 steps, 5 fees (5 บาท, ร้อยละ 2 with its note, 250,000 บาท …), 3 complaint channels and
4 forms. For the printed layout, the PDF and the browser's print: long enough to run over several A4 pages.
"""

from __future__ import annotations

import datetime

from handbooks.models import ComplaintChannel, Document, Fee, FormSample, Handbook, ServiceChannel, Step
from laws.models import Law
from procedures.models import Procedure
from tests.factories import HandbookFactory, LawFactory, ProcedureFactory

PROCEDURE = "จดทะเบียนประเภทโอนอสังหาริมทรัพย์กรณีไม่ต้องประกาศ [N]"
LAWS = ["ประมวลกฎหมายที่ดิน พ.ศ. 2497", "พระราชบัญญัติให้ใช้ประมวลกฎหมายที่ดิน พ.ศ. 2497"]
DEFICIENCY = (
    "ขั้นตอนการดำเนินงานตามคู่มือจะเริ่มนับระยะเวลาตั้งแต่เจ้าหน้าที่ตรวจสอบเอกสารครบถ้วนตามที่ระบุไว้ในคู่มือประชาชน"
    "เรียบร้อยแล้ว ทั้งนี้ในกรณีที่คำขอหรือเอกสารหลักฐานไม่ครบถ้วน และ/หรือมีความบกพร่องไม่สมบูรณ์ "
    "เป็นเหตุให้ไม่สามารถพิจารณาได้ เจ้าหน้าที่จะจัดทำบันทึกความบกพร่องของรายการเอกสารหรือเอกสารหลักฐานที่ต้องยื่นเพิ่มเติม"
)
CRITERIA = "ผู้ขอต้องเป็นเจ้าของที่ดินหรือผู้รับมอบอำนาจ และที่ดินต้องไม่อยู่ระหว่างถูกอายัด\n" + DEFICIENCY

# (group, name, issued by, originals, copies, unit, note)
DOCUMENTS = [
    ("identity", "บัตรประจำตัวประชาชน", "กรมการปกครอง", 1, 0, "copy", ""),
    ("identity", "สำเนาทะเบียนบ้าน", "กรมการปกครอง", 0, 1, "copy", "ของผู้โอนและผู้รับโอน"),
    ("identity", "ใบสำคัญการสมรส", "กรมการปกครอง", 1, 0, "copy", ""),
    ("identity", "ใบสำคัญการหย่า", "กรมการปกครอง", 1, 0, "copy", "กรณีหย่าแล้ว"),
    ("identity", "ใบสำคัญแสดงการเปลี่ยนชื่อตัว ชื่อสกุล", "กรมการปกครอง", 1, 0, "copy", ""),
    ("identity", "ใบมรณบัตร", "กรมการปกครอง", 1, 0, "copy", "กรณีคู่สมรสถึงแก่กรรม"),
    ("identity", "หนังสือเดินทาง", "กรมการกงสุล", 1, 0, "book", "กรณีผู้ขอเป็นคนต่างด้าว"),
    ("other", "โฉนดที่ดิน", "", 1, 0, "copy", "ต้นฉบับที่ออกโดยสำนักงานที่ดิน"),
    ("other", "หนังสือรับรองการทำประโยชน์ (น.ส.3 หรือ น.ส.3 ก.)", "", 1, 0, "copy", ""),
    ("other", "หนังสือยินยอมของคู่สมรส", "", 1, 0, "copy", "ลงนามต่อหน้าเจ้าพนักงานที่ดิน"),
    ("other", "หนังสือมอบอำนาจ (ท.ด.21)", "", 1, 0, "copy", "กรณีมอบอำนาจ"),
    ("other", "หนังสือรับรองการจดทะเบียนนิติบุคคล", "", 1, 1, "copy", "ออกให้ไม่เกิน 1 เดือน"),
    ("other", "รายงานการประชุมของนิติบุคคลที่อนุมัติให้โอน", "", 1, 0, "set", ""),
    ("other", "สำเนาข้อบังคับของนิติบุคคล", "", 0, 1, "set", ""),
    ("other", "คำสั่งศาลตั้งผู้จัดการมรดก", "", 1, 0, "copy", "กรณีโอนมรดก"),
    ("other", "หนังสือรับรองการเป็นผู้ปกครองผู้เยาว์", "", 1, 0, "copy", ""),
    ("other", "คำสั่งศาลอนุญาตให้ทำนิติกรรมแทนผู้เยาว์", "", 1, 0, "copy", "กรณีผู้เยาว์เป็นคู่สัญญา"),
    ("other", "หลักฐานการชำระภาษีเงินได้หัก ณ ที่จ่าย", "", 1, 0, "sheet", ""),
    ("other", "แผนที่แสดงที่ตั้งของที่ดิน", "", 1, 0, "sheet", ""),
    ("other", "สัญญาซื้อขายที่ดิน (ท.ด.13)", "", 1, 2, "set", ""),
    ("other", "บันทึกถ้อยคำ (ท.ด.16)", "", 1, 0, "copy", ""),
    ("other", "รูปถ่ายของผู้ขอ", "", 2, 0, "sheet", "ขนาด 1 นิ้ว ถ่ายไว้ไม่เกิน 6 เดือน"),
]
# (kind, detail, minutes)
STEPS = [
    ("check", "ผู้ขอยื่นคำขอพร้อมเอกสารหลักฐาน เจ้าหน้าที่ตรวจสอบความครบถ้วนของเอกสาร", 20),
    ("check", "เจ้าหน้าที่ตรวจสอบสารบบที่ดินและตรวจอายัด", 20),
    ("consider", "เจ้าพนักงานที่ดินสอบสวนสิทธิและความสามารถของคู่กรณี", 40),
    ("consider", "เจ้าหน้าที่คำนวณค่าธรรมเนียมและภาษีอากร ผู้ขอชำระเงิน", 30),
    ("sign", "เจ้าพนักงานที่ดินลงนามจดทะเบียนในโฉนดที่ดิน", 30),
    ("other", "แจกโฉนดที่ดินคืนผู้ขอ", 10),
]
# (description, amount, unit, is_range, note)
FEES = [
    ("ค่าคำขอ", "5", "baht", False, ""),
    ("ค่าธรรมเนียมจดทะเบียนโอน", "2", "percent", True, "ร้อยละ 0.5 สำหรับการโอนระหว่างบุพการีกับผู้สืบสันดาน"),
    ("ค่าอากรแสตมป์", "0.5", "percent", False, "คิดจากราคาประเมินทุนทรัพย์หรือราคาซื้อขาย แล้วแต่ราคาใดสูงกว่า"),
    ("ค่าพยาน", "20", "baht", False, ""),
    ("ค่าประกันความเสียหายกรณีรังวัดสอบเขต", "250000", "baht", False, ""),
]
COMPLAINTS = [
    ("สำนักงานที่ดินจังหวัดหรือสำนักงานที่ดินสาขาที่ยื่นคำขอ", ""),
    (
        "ศูนย์บริการประชาชน สำนักปลัดสำนักนายกรัฐมนตรี",
        "เลขที่ 1 ถ.พิษณุโลก เขตดุสิต กทม. 10300 / สายด่วน 1111 / www.1111.go.th",
    ),
    ("ศูนย์รับเรื่องร้องเรียนการทุจริตในภาครัฐ", "สำนักงาน ป.ป.ท. สายด่วน 1206"),
]
FORMS = ["คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)", "คำขอ (ท.ด.๙)", "สัญญาซื้อขาย (ท.ด.๑๓)", "บันทึกถ้อยคำ (ท.ด.๑๖)"]


def lands_handbook(author, *, criteria: str = CRITERIA, laws: list[str] = LAWS, name: str = PROCEDURE) -> Handbook:
    """A draft of `author`'s agency that meets every rule, last edited by its author (published_lands_handbook
    submits and approves it). Handbooks of the same `name` share one procedure, as offices of one agency do."""
    procedure = Procedure.objects.filter(agency=author.agency, name=name).first() or ProcedureFactory(
        agency=author.agency,
        name=name,
        category="register",
        laws=[Law.objects.filter(title=title).first() or LawFactory(title=title) for title in laws],
    )
    handbook = HandbookFactory(
        procedure=procedure,
        agency=author.agency,
        author=author,
        updated_by=author,
        rows=0,
        criteria=criteria,
        total_time_value=150,
        total_time_unit="minute",
        note="ผู้ขอควรตรวจสอบราคาประเมินทุนทรัพย์ล่วงหน้าที่เว็บไซต์กรมธนารักษ์",
    )
    ServiceChannel.objects.create(
        handbook=handbook,
        position=0,
        kind="in_person",
        place="สำนักงานที่ดินจังหวัด / สาขา ทุกแห่ง",
        phone="0 2141 5555",
        day_from=1,
        day_to=5,
        open_time=datetime.time(8, 30),
        close_time=datetime.time(16, 30),
        lunch_break=True,
    )
    ministry = author.agency.ministry()
    for position, (kind, detail, minutes) in enumerate(STEPS):
        Step.objects.create(
            handbook=handbook,
            position=position,
            kind=kind,
            detail=detail,
            duration_value=minutes,
            responsible_ministry=ministry,
            receiving_point="สำนักงานที่ดินจังหวัด / สาขา",
        )
    for position, (group, name, issued_by, originals, copies, unit, note) in enumerate(DOCUMENTS):
        Document.objects.create(
            handbook=handbook,
            position=position,
            group=group,
            name=name,
            issued_by=issued_by,
            originals=originals,
            copies=copies,
            unit=unit,
            note=note,
        )
    for position, (description, amount, unit, is_range, note) in enumerate(FEES):
        Fee.objects.create(
            handbook=handbook,
            position=position,
            description=description,
            amount=amount,
            unit=unit,
            is_range=is_range,
            note=note,
        )
    for position, (channel, note) in enumerate(COMPLAINTS):
        ComplaintChannel.objects.create(handbook=handbook, position=position, channel=channel, note=note)
    for position, name in enumerate(FORMS):
        FormSample.objects.create(
            handbook=handbook, position=position, name=name, url=f"https://www.dol.go.th/forms/{position + 1}.pdf"
        )
    return handbook


def published_lands_handbook(author, approver, **kwargs) -> Handbook:
    handbook = lands_handbook(author, **kwargs)
    handbook.submit(author, change_note="ฉบับแรก")
    handbook.approve(approver, comment="เรียบร้อย")
    handbook.refresh_from_db()
    return handbook
