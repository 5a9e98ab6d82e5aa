"""The 19 sections of a printed Citizen Handbook, defined once.

Each section has its number, its Thai heading as real handbooks print it, and what it shows: values read from the
snapshot (`handbooks.snapshot`) and, for the repeating sections, the row list with the fields a reader sees.
This one definition feeds the snapshot builder (which rows to store), the printed template (the headings), the
review diff (labels, what is compared, how rows are recognised across versions) and the scale generator (which
builds its snapshots with the same row functions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import ComplaintChannel, Document, Fee, FormSample, ServiceChannel, Step


def _get(snapshot: dict, path: str):
    value = snapshot
    for key in path.split("."):
        value = (value or {}).get(key) if isinstance(value, dict) else None
    return value


@dataclass(frozen=True)
class Value:
    """One thing a section shows, read from a snapshot as the text a reader sees (the diff compares these)."""

    label: str
    read: Callable[[dict], object]


def text(path: str, label: str) -> Value:
    return Value(label, lambda s: _get(s, path) if _get(s, path) is not None else "")


def joined(path: str, label: str, sep: str = ", ", key: str | None = None) -> Value:
    def read(s):
        items = _get(s, path) or []
        return sep.join(str(item.get(key, "") if key else item) for item in items)

    return Value(label, read)


def duration(value_path: str, unit_path: str, label: str) -> Value:
    def read(s):
        value = _get(s, value_path)
        return "" if value in (None, "") else f"{value} {_get(s, unit_path) or ''}".strip()

    return Value(label, read)


def yes_no(path: str, label: str) -> Value:
    return Value(label, lambda s: "ใช่" if _get(s, path) else "ไม่ใช่")


@dataclass(frozen=True)
class Rows:
    """A repeating section: the snapshot's list `key` (also the related name of `model` on Handbook).

    `identity`: the fields that recognise a row from one version to the next (the diff aligns rows on them);
    `shown`: (field, Thai label) of what a reader sees of a row, compared field by field."""

    key: str
    model: type
    identity: tuple[str, ...]
    shown: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    number: int
    heading: str
    values: tuple[Value, ...] = ()
    rows: Rows | None = None
    extra: tuple[Value, ...] = field(default=())  # shown after the rows (section 13's total time)


SECTIONS: tuple[Section, ...] = (
    Section(1, "ชื่อกระบวนงาน", (text("procedure.name", "ชื่อกระบวนงาน"),)),
    Section(2, "หน่วยงานเจ้าของกระบวนงาน", (text("procedure.agency.name", "หน่วยงานเจ้าของกระบวนงาน"),)),
    Section(3, "ประเภทของงานบริการ", (text("procedure.type_display", "ประเภทของงานบริการ"),)),
    Section(4, "หมวดหมู่ของงานบริการ", (text("procedure.category_display", "หมวดหมู่ของงานบริการ"),)),
    Section(
        5,
        "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง",
        (joined("procedure.laws", "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง", sep="; ", key="title"),),
    ),
    Section(6, "ระดับผลกระทบ", (text("procedure.impact_display", "ระดับผลกระทบ"),)),
    Section(7, "พื้นที่ให้บริการ", (joined("procedure.areas", "พื้นที่ให้บริการ"),)),
    Section(
        8,
        "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา",
        (
            text("procedure.legal_time_law", "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา"),
            duration(
                "procedure.legal_time_value",
                "procedure.legal_time_unit_display",
                "ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ",
            ),
        ),
    ),
    Section(
        9,
        "ข้อมูลสถิติ",
        (
            text("procedure.stat_avg", "จำนวนเฉลี่ยต่อเดือน"),
            text("procedure.stat_max", "จำนวนคำขอที่มากที่สุด"),
            text("procedure.stat_min", "จำนวนคำขอที่น้อยที่สุด"),
        ),
    ),
    Section(10, "ชื่ออ้างอิงของคู่มือประชาชน", (text("handbook.reference_name", "ชื่ออ้างอิงของคู่มือประชาชน"),)),
    Section(
        11,
        "ช่องทางการให้บริการ",
        rows=Rows(
            "channels",
            ServiceChannel,
            ("kind", "place"),
            (
                ("place", "สถานที่ให้บริการ"),
                ("kind_display", "ช่องทาง"),
                ("address", "ที่อยู่"),
                ("phone", "โทรศัพท์"),
                ("website", "เว็บไซต์"),
                ("hours_text", "ระยะเวลาเปิดให้บริการ"),
                ("note", "หมายเหตุการให้บริการ"),
            ),
        ),
    ),
    Section(
        12,
        "หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต",
        (text("handbook.criteria", "หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต"),),
    ),
    Section(
        13,
        "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ",
        rows=Rows(
            "steps",
            Step,
            ("kind", "detail"),
            (
                ("detail", "รายละเอียดของขั้นตอนการบริการ"),
                ("kind_display", "ขั้นตอน"),
                ("duration_value", "ระยะเวลา"),
                ("duration_unit_display", "หน่วยเวลา"),
                ("responsible_ministry", "หน่วยงานที่รับผิดชอบ"),
                ("receiving_point", "จุดรับคำขอ / ส่วนงานที่รับผิดชอบ"),
                ("note", "หมายเหตุ"),
            ),
        ),
        extra=(duration("handbook.total_time_value", "handbook.total_time_unit_display", "ระยะเวลาดำเนินการรวม"),),
    ),
    Section(
        14,
        "งานบริการนี้ผ่านการดำเนินการลดขั้นตอน และระยะเวลาปฏิบัติราชการมาแล้ว",
        (yes_no("handbook.reduced", "งานบริการนี้ผ่านการดำเนินการลดขั้นตอน และระยะเวลาปฏิบัติราชการมาแล้ว"),),
    ),
    Section(
        15,
        "รายการเอกสาร หลักฐานประกอบการยื่นคำขอ",
        rows=Rows(
            "documents",
            Document,
            ("group", "name"),
            (
                ("name", "รายการเอกสาร"),
                ("group_display", "กลุ่มเอกสาร"),
                ("issued_by", "หน่วยงานภาครัฐผู้ออกเอกสาร"),
                ("originals", "จำนวนเอกสารฉบับจริง"),
                ("copies", "จำนวนเอกสารสำเนา"),
                ("unit_display", "หน่วยนับเอกสาร"),
                ("note", "หมายเหตุ"),
            ),
        ),
    ),
    Section(
        16,
        "ค่าธรรมเนียม",
        rows=Rows(
            "fees",
            Fee,
            ("description",),
            (
                ("description", "รายละเอียดค่าธรรมเนียม"),
                ("amount", "ค่าธรรมเนียม"),
                ("unit_display", "หน่วย"),
                ("is_range", "ค่าธรรมเนียมเป็นช่วง"),
                ("note", "หมายเหตุ"),
            ),
        ),
    ),
    Section(
        17,
        "ช่องทางการร้องเรียน",
        rows=Rows(
            "complaints",
            ComplaintChannel,
            ("channel",),
            (("channel", "ช่องทางการร้องเรียน"), ("website", "เว็บไซต์"), ("note", "หมายเหตุ")),
        ),
    ),
    Section(
        18,
        "ตัวอย่างแบบฟอร์ม ตัวอย่าง และคู่มือการกรอก",
        rows=Rows(
            "forms",
            FormSample,
            ("name",),
            (("name", "ชื่อแบบฟอร์ม"), ("url", "ลิงก์"), ("file", "ไฟล์"), ("note", "หมายเหตุ")),
        ),
    ),
    Section(19, "หมายเหตุ", (text("handbook.note", "หมายเหตุ"),)),
)

# The printed header's agency, above section 1 (compared by the diff like a section without a number).
HEADER: tuple[Value, ...] = (text("handbook.agency.name", "หน่วยงานที่รับผิดชอบ"),)

BY_NUMBER: dict[str, Section] = {str(section.number): section for section in SECTIONS}
ROWS: tuple[Rows, ...] = tuple(section.rows for section in SECTIONS if section.rows is not None)
