"""The handbook rules of the manual (H1–H9), in one place.

Each function looks at one row (or the handbook) and returns `Problem`s. `form=True` marks a value that is wrong
in itself (closing before opening, ร้อยละ over 100): the form refuses it at once. `advice=True` marks a hint where the
slide only notes or allows something (H5's "หมายเหตุ"): shown beside the field, it never refuses a save nor blocks
submission. The others say what is still missing: a draft may be saved without it, and
`handbooks.checks.unmet_rules` lists it until it is filled in. Rows may be unsaved model instances (the forms'
`instance`) or saved ones: the same wording reaches the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

COPY_PREFIX = "[สำเนาคู่มือประชาชน]"
HOUSE_REGISTRATION = "สำเนาทะเบียนบ้าน"
_HOUSE_REG_RE = re.compile(r"ทะเบียน\s*บ้าน")

# Suggestions the manual gives for the service note of a postal or online channel (H1.3).
SERVICE_NOTE_EXAMPLES = ("ดำเนินการในวันและเวลาทำการถัดไป", "เมื่อได้รับเอกสารนั้น ๆ")

# The standard closing note of section 12 that nearly every real handbook carries.
DEFICIENCY_NOTE = (
    "ขั้นตอนการดำเนินงานตามคู่มือจะเริ่มนับระยะเวลาตั้งแต่เจ้าหน้าที่ตรวจสอบเอกสารครบถ้วนตามที่ระบุไว้ในคู่มือประชาชน"
    "เรียบร้อยแล้ว ทั้งนี้ในกรณีที่คำขอหรือเอกสารหลักฐานไม่ครบถ้วน และ/หรือมีความบกพร่องไม่สมบูรณ์ "
    "เป็นเหตุให้ไม่สามารถพิจารณาได้ เจ้าหน้าที่จะจัดทำบันทึกความบกพร่องของรายการเอกสารหรือเอกสารหลักฐานที่ต้องยื่นเพิ่มเติม "
    "โดยผู้ยื่นคำขอจะต้องดำเนินการแก้ไขและ/หรือยื่นเอกสารเพิ่มเติมภายในระยะเวลาที่กำหนดในบันทึกดังกล่าว "
    "มิเช่นนั้นจะถือว่าผู้ยื่นคำขอละทิ้งคำขอ โดยเจ้าหน้าที่และผู้ยื่นคำขอหรือผู้ได้รับมอบอำนาจจะลงนามบันทึกดังกล่าว "
    "และจะมอบสำเนาบันทึกความบกพร่องดังกล่าวให้ผู้ยื่นคำขอหรือผู้ได้รับมอบอำนาจไว้เป็นหลักฐาน"
)

# The complaint row nearly every handbook carries (section 17); offered as the default row.
COMPLAINT_1111 = {
    "channel": "ศูนย์บริการประชาชน สำนักปลัดสำนักนายกรัฐมนตรี",
    "website": "https://www.1111.go.th",
    "note": (
        "เลขที่ 1 ถ.พิษณุโลก เขตดุสิต กทม. 10300 / สายด่วน 1111 / www.1111.go.th / ตู้ ปณ.1111 เลขที่ 1 ถ.พิษณุโลก เขตดุสิต กทม. 10300"
    ),
}
COMPLAINT_PACC = {
    "channel": "ศูนย์รับเรื่องร้องเรียนการทุจริตในภาครัฐ",
    "website": "",
    "note": "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตในภาครัฐ (สำนักงาน ป.ป.ท.) สายด่วน 1206",
}

MESSAGES = {
    "H1_none": _("กรุณาเพิ่มช่องทางการให้บริการอย่างน้อย 1 ช่องทาง"),
    "H1_place": _("ช่องทางการให้บริการต้องระบุสถานที่/ที่อยู่ หมายเลขโทรศัพท์ หรือเว็บไซต์ที่แสดงจุดให้บริการ"),
    "H1_24h": _("ช่องทางไปรษณีย์หรือออนไลน์ต้องเลือกให้บริการ “ตลอด 24 ชั่วโมง”"),
    "H1_note": _("ช่องทางไปรษณีย์หรือออนไลน์ต้องระบุหมายเหตุการให้บริการ เช่น “ดำเนินการในวันและเวลาทำการถัดไป”"),
    "H1_days": _("กรุณาระบุวันที่เปิดให้บริการ (ตั้งแต่วัน … ถึงวัน …)"),
    "H1_times": _("กรุณาระบุเวลาเปิดและเวลาปิดให้บริการ"),
    "H1_order": _("เวลาปิดต้องหลังเวลาเปิดให้บริการ"),
    "H2": _("ยังไม่มีชื่ออ้างอิงของคู่มือประชาชน (ระบบสร้างให้เมื่อบันทึกครั้งแรก)"),
    "H3": _("กรุณากรอกระยะเวลาดำเนินการรวมเป็นจำนวนเต็ม"),
    "H3_step": _("กรุณากรอกระยะเวลาของขั้นตอนเป็นจำนวนเต็ม"),
    "H3_steps": _("กรุณาเพิ่มขั้นตอนการดำเนินงานอย่างน้อย 1 ขั้นตอน"),
    "H4": _("กรุณาเลือกหน่วยงานที่รับผิดชอบระดับกระทรวง"),
    "H4_level": _("หน่วยงานที่รับผิดชอบของขั้นตอนต้องเลือกในระดับกระทรวงเท่านั้น"),
    "H4_point": _("กรุณาระบุจุดรับคำขอ / ส่วนงานที่รับผิดชอบ"),
    "H5_none": _("ยังไม่มีรายการเอกสาร หลักฐานประกอบการยื่นคำขอ หากงานบริการนี้ต้องยื่นเอกสาร กรุณาเพิ่มรายการ"),
    # H5's hints (the slide's หมายเหตุ): advice beside the document, never a refusal.
    "H5_1": _(
        "หมายเหตุ: หากต้องการขอทะเบียนบ้าน คู่มือใช้คำว่า “สำเนาทะเบียนบ้าน” (ถ้าต้องการเอกสารอื่น เช่น ทะเบียนบ้านฉบับเจ้าบ้าน ไม่ต้องแก้ไข)"
    ),
    "H5_count": _("ยังไม่ได้ระบุจำนวนเอกสารฉบับจริงหรือสำเนา"),
    "H5_issuer": _("เอกสารยืนยันตัวตนควรระบุหน่วยงานภาครัฐผู้ออกเอกสาร"),
    "H6_unit": _("หน่วยของค่าธรรมเนียมต้องเป็น “บาท” หรือ “ร้อยละ” เท่านั้น"),
    "H6_percent": _("ค่าธรรมเนียมแบบร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
    "H6_negative": _("ค่าธรรมเนียมต้องไม่ติดลบ"),
    "H6_2": _("ค่าธรรมเนียมที่เป็นช่วง ให้กรอกอัตราสูงสุด และอธิบายอัตราต่าง ๆ ในหมายเหตุ"),
    "H7": _("กรุณาเพิ่มช่องทางการร้องเรียนอย่างน้อย 1 ช่องทาง"),
    "H9_criteria": _("กรุณากรอกหลักเกณฑ์ วิธีการ เงื่อนไข ในการยื่นคำขอ และในการพิจารณาอนุญาต"),
    "H9_agency": _("หน่วยงานที่รับผิดชอบต้องอยู่ในสังกัดของผู้จัดทำ"),
}


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    field: str = ""  # field of the row (or of the handbook) the message belongs to
    form: bool = False  # True: a wrong value the form refuses; False: still missing, a draft may be saved
    advice: bool = False  # True: a hint shown beside the field; it neither refuses a save nor blocks submission


def _p(rule: str, key: str, field: str = "", form: bool = False, advice: bool = False) -> Problem:
    return Problem(rule=rule, message=str(MESSAGES[key]), field=field, form=form, advice=advice)


def channel_problems(c) -> list[Problem]:
    """H1: kind, where, hours; postal and online channels are open 24 hours and carry a service note."""
    from .models import ServiceChannel

    out: list[Problem] = []
    if not (c.place or c.address or c.phone or c.website):
        out.append(_p("H1", "H1_place", "place"))
    if c.kind in ServiceChannel.ALWAYS_OPEN_KINDS:
        if not c.hours_24:
            out.append(_p("H1", "H1_24h", "hours_24", form=True))
        if not (c.note or "").strip():
            out.append(_p("H1", "H1_note", "note"))
    elif not c.hours_24:
        if not c.day_from:
            out.append(_p("H1", "H1_days", "day_from"))
        if not (c.open_time and c.close_time):
            out.append(_p("H1", "H1_times", "open_time"))
    if c.open_time and c.close_time and c.close_time <= c.open_time and not c.hours_24:
        out.append(_p("H1", "H1_order", "close_time", form=True))
    return out


def step_problems(s) -> list[Problem]:
    """H3 (a whole-number duration per step) and H4 (ministry-level agency plus the receiving point)."""
    from portal.models import Agency

    out: list[Problem] = []
    if s.duration_value is None:
        out.append(_p("H3", "H3_step", "duration_value"))
    ministry = getattr(s, "responsible_ministry", None)
    if ministry is None:
        out.append(_p("H4", "H4", "responsible_ministry"))
    elif ministry.level_kind != Agency.Level.MINISTRY:
        out.append(_p("H4", "H4_level", "responsible_ministry", form=True))
    if not (s.receiving_point or "").strip():
        out.append(_p("H4", "H4_point", "receiving_point"))
    return out


def house_registration_hint(name: str | None) -> str | None:
    """H5 note 1, "หากต้องการขอทะเบียนบ้านใช้คำว่า “สำเนาทะเบียนบ้าน”": a document naming the house registration
    without that wording gets the hint. Advice only: "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)" is a real original, and a
    name that already carries the wording anywhere ("…พร้อมสำเนาทะเบียนบ้านของเจ้าของสถานที่") needs none."""
    name = (name or "").strip()
    if _HOUSE_REG_RE.search(name) and HOUSE_REGISTRATION not in re.sub(r"\s+", "", name):
        return str(MESSAGES["H5_1"])
    return None


def document_problems(d) -> list[Problem]:
    """H5, whose slide has two notes and no requirement: (1) the wording "สำเนาทะเบียนบ้าน" is advised; (2) documents
    from a power of attorney "สามารถขอสำเนาได้" — copies are allowed, so any mix of originals and copies is valid.
    Nothing here refuses or blocks; the hints (and two of the portal's own, beyond the slide: a count of neither
    originals nor copies, an identity document without its issuing agency) are shown beside the row."""
    from .models import Document

    out: list[Problem] = []
    if house_registration_hint(d.name):
        out.append(_p("H5", "H5_1", "name", advice=True))
    if (d.originals or 0) + (d.copies or 0) == 0:
        out.append(_p("H5", "H5_count", "originals", advice=True))
    if d.group == Document.Group.IDENTITY and not (d.issued_by or "").strip():
        out.append(_p("H5", "H5_issuer", "issued_by", advice=True))
    return out


def fee_problems(f) -> list[Problem]:
    """H6: unit บาท or ร้อยละ; ร้อยละ within 0–100; a range stores its highest amount and explains it in the note."""
    from .models import Fee

    out: list[Problem] = []
    if f.unit not in Fee.Unit.values:
        out.append(_p("H6", "H6_unit", "unit", form=True))
    if f.amount is not None:
        amount = Decimal(f.amount)
        if amount < 0:
            out.append(_p("H6", "H6_negative", "amount", form=True))
        elif f.unit == Fee.Unit.PERCENT and amount > 100:
            out.append(_p("H6", "H6_percent", "amount", form=True))
    if f.is_range and not (f.note or "").strip():
        out.append(_p("H6", "H6_2", "note", form=True))
    return out


def handbook_problems(h, *, steps_count: int, channels_count: int, documents_count: int, complaints_count: int):
    """Handbook-level rules: H1/H3/H7 need at least one row, H2 the reference name, H3 the total time; a handbook
    without documents gets H5's hint only (the slide requires none)."""
    out: list[Problem] = []
    if not (h.reference_name or "").strip():
        out.append(_p("H2", "H2", "reference_name"))
    if channels_count == 0:
        out.append(_p("H1", "H1_none", "channels"))
    if not (h.criteria or "").strip():
        out.append(_p("H9", "H9_criteria", "criteria"))
    if steps_count == 0:
        out.append(_p("H3", "H3_steps", "steps"))
    if h.total_time_value is None:
        out.append(_p("H3", "H3", "total_time_value"))
    if documents_count == 0:
        out.append(_p("H5", "H5_none", "documents", advice=True))
    if complaints_count == 0:
        out.append(_p("H7", "H7", "complaints"))
    return out


def step_sum_warning(steps, total_value: int | None, total_unit: str) -> str | None:
    """When all steps share the total's unit and their durations do not add up to it, say so (a warning only:
    the total is the binding figure, and real handbooks print both)."""
    durations = [(s.duration_value, s.duration_unit) for s in steps if s.duration_value is not None]
    if total_value is None or not durations:
        return None
    units = {unit for _value, unit in durations}
    if units != {total_unit}:
        return None
    total = sum(value for value, _unit in durations)
    if total == total_value:
        return None
    return str(
        _("ผลรวมระยะเวลาของขั้นตอน (%(sum)s) ไม่เท่ากับระยะเวลาดำเนินการรวม (%(total)s) กรุณาตรวจสอบ")
        % {"sum": total, "total": total_value}
    )
