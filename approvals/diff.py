"""Field-by-field differences between two handbook snapshots (see handbooks.snapshot).

Scalar fields of sections 1–19 are compared one by one; the repeating sections (channels, steps, documents,
fees, complaints, forms) are compared row by row: rows are aligned on a key (e.g. a document's name) with
difflib, so an inserted row shows as เพิ่ม rather than as every later row changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_LABELS = {ADDED: "เพิ่ม", REMOVED: "ลบ", CHANGED: "แก้ไข"}


def _join(values) -> str:
    return ", ".join(str(v) for v in values or [])


def _agency(value) -> str:
    return (value or {}).get("name", "")


def _time(value, unit) -> str:
    return "" if value in (None, "") else f"{value} {unit or ''}".strip()


def _yes(value) -> str:
    return "ใช่" if value else "ไม่ใช่"


# (section number, Thai label, how to read the value from a snapshot)
SCALARS = [
    ("1", "ชื่อกระบวนงาน", lambda s: s["procedure"].get("name", "")),
    ("2", "หน่วยงานเจ้าของกระบวนงาน", lambda s: _agency(s["procedure"].get("agency"))),
    ("3", "ประเภทของงานบริการ", lambda s: s["procedure"].get("type_display", "")),
    ("4", "หมวดหมู่ของงานบริการ", lambda s: s["procedure"].get("category_display", "")),
    (
        "5",
        "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง",
        lambda s: "; ".join(law.get("title", "") for law in s["procedure"].get("laws", [])),
    ),
    ("6", "ระดับผลกระทบ", lambda s: s["procedure"].get("impact_display", "")),
    ("7", "พื้นที่ให้บริการ", lambda s: _join(s["procedure"].get("areas"))),
    ("8", "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา", lambda s: s["procedure"].get("legal_time_law", "")),
    (
        "8",
        "ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ",
        lambda s: _time(s["procedure"].get("legal_time_value"), s["procedure"].get("legal_time_unit_display")),
    ),
    ("9", "จำนวนเฉลี่ยต่อเดือน", lambda s: s["procedure"].get("stat_avg")),
    ("9", "จำนวนคำขอที่มากที่สุด", lambda s: s["procedure"].get("stat_max")),
    ("9", "จำนวนคำขอที่น้อยที่สุด", lambda s: s["procedure"].get("stat_min")),
    ("10", "ชื่ออ้างอิงของคู่มือประชาชน", lambda s: s["handbook"].get("reference_name", "")),
    ("", "หน่วยงานที่รับผิดชอบ", lambda s: _agency(s["handbook"].get("agency"))),
    (
        "12",
        "หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต",
        lambda s: s["handbook"].get("criteria", ""),
    ),
    (
        "13",
        "ระยะเวลาดำเนินการรวม",
        lambda s: _time(s["handbook"].get("total_time_value"), s["handbook"].get("total_time_unit_display")),
    ),
    (
        "14",
        "งานบริการนี้ผ่านการดำเนินการลดขั้นตอน และระยะเวลาปฏิบัติราชการมาแล้ว",
        lambda s: _yes(s["handbook"].get("reduced")),
    ),
    ("19", "หมายเหตุ", lambda s: s["handbook"].get("note", "")),
]

# key in the snapshot → (section number, Thai label, fields that identify a row, [(field, Thai label)])
SECTIONS = {
    "channels": (
        "11",
        "ช่องทางการให้บริการ",
        ("kind", "place"),
        [
            ("place", "สถานที่ให้บริการ"),
            ("kind_display", "ช่องทาง"),
            ("address", "ที่อยู่"),
            ("phone", "โทรศัพท์"),
            ("website", "เว็บไซต์"),
            ("hours_text", "ระยะเวลาเปิดให้บริการ"),
            ("note", "หมายเหตุการให้บริการ"),
        ],
    ),
    "steps": (
        "13",
        "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ",
        ("kind", "detail"),
        [
            ("detail", "รายละเอียดของขั้นตอนการบริการ"),
            ("kind_display", "ขั้นตอน"),
            ("duration_value", "ระยะเวลา"),
            ("duration_unit_display", "หน่วยเวลา"),
            ("responsible_ministry", "หน่วยงานที่รับผิดชอบ"),
            ("receiving_point", "จุดรับคำขอ / ส่วนงานที่รับผิดชอบ"),
            ("note", "หมายเหตุ"),
        ],
    ),
    "documents": (
        "15",
        "รายการเอกสาร หลักฐานประกอบการยื่นคำขอ",
        ("group", "name"),
        [
            ("name", "รายการเอกสาร"),
            ("group_display", "กลุ่มเอกสาร"),
            ("issued_by", "หน่วยงานภาครัฐผู้ออกเอกสาร"),
            ("originals", "จำนวนเอกสารฉบับจริง"),
            ("copies", "จำนวนเอกสารสำเนา"),
            ("unit_display", "หน่วยนับเอกสาร"),
            ("note", "หมายเหตุ"),
        ],
    ),
    "fees": (
        "16",
        "ค่าธรรมเนียม",
        ("description",),
        [
            ("description", "รายละเอียดค่าธรรมเนียม"),
            ("amount", "ค่าธรรมเนียม"),
            ("unit_display", "หน่วย"),
            ("is_range", "ค่าธรรมเนียมเป็นช่วง"),
            ("note", "หมายเหตุ"),
        ],
    ),
    "complaints": (
        "17",
        "ช่องทางการร้องเรียน",
        ("channel",),
        [("channel", "ช่องทางการร้องเรียน"), ("website", "เว็บไซต์"), ("note", "หมายเหตุ")],
    ),
    "forms": (
        "18",
        "ตัวอย่างแบบฟอร์ม ตัวอย่าง และคู่มือการกรอก",
        ("name",),
        [("name", "ชื่อแบบฟอร์ม"), ("url", "ลิงก์"), ("file", "ไฟล์"), ("note", "หมายเหตุ")],
    ),
}


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class ScalarChange:
    section: str
    label: str
    old: object
    new: object


@dataclass
class RowChange:
    kind: str  # ADDED / REMOVED / CHANGED
    summary: str  # the row's main text (e.g. the document's name), to recognise it
    fields: list[FieldChange] = field(default_factory=list)  # for CHANGED: only the fields that differ; else all

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class SectionDiff:
    key: str
    section: str
    label: str
    rows: list[RowChange]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)


@dataclass
class HandbookDiff:
    scalars: list[ScalarChange]
    sections: list[SectionDiff]

    @property
    def is_empty(self) -> bool:
        return not self.scalars and not any(s.rows for s in self.sections)

    def count(self, kind: str) -> int:
        return sum(s.count(kind) for s in self.sections) + (len(self.scalars) if kind == CHANGED else 0)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in (ADDED, REMOVED, CHANGED)}


def _display(value) -> object:
    if isinstance(value, bool):
        return _yes(value)
    return "" if value is None else value


def _row_fields(row: dict, fields, only_changed_from: dict | None = None) -> list[FieldChange]:
    changes = []
    for name, label in fields:
        new = _display(row.get(name))
        if only_changed_from is None:
            if new != "":
                changes.append(FieldChange(label, "", new))
            continue
        old = _display(only_changed_from.get(name))
        if old != new:
            changes.append(FieldChange(label, old, new))
    return changes


def _summary(row: dict, fields) -> str:
    for name, _label in fields:
        value = row.get(name)
        if value not in (None, "") and not isinstance(value, bool):
            return str(value)
    return ""


SIMILAR = 0.75


def _similar(a: tuple, b: tuple) -> bool:
    text_a, text_b = " ".join(str(x or "") for x in a), " ".join(str(x or "") for x in b)
    return SequenceMatcher(a=text_a, b=text_b, autojunk=False).ratio() >= SIMILAR


def diff_rows(old_rows: list[dict], new_rows: list[dict], key_fields, fields) -> list[RowChange]:
    """Rows added, removed or changed between two lists of row dicts (order of the new list)."""

    def key(row):
        return tuple(row.get(k) for k in key_fields)

    changes: list[RowChange] = []
    matcher = SequenceMatcher(a=[key(r) for r in old_rows], b=[key(r) for r in new_rows], autojunk=False)

    def removed(row):
        changes.append(
            RowChange(
                REMOVED, _summary(row, fields), [FieldChange(f.label, f.new, "") for f in _row_fields(row, fields)]
            )
        )

    def added(row):
        changes.append(RowChange(ADDED, _summary(row, fields), _row_fields(row, fields)))

    def compare(old, new):
        fields_changed = _row_fields(new, fields, only_changed_from=old)
        if fields_changed:
            changes.append(RowChange(CHANGED, _summary(new, fields), fields_changed))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True):
                compare(old, new)
        elif tag == "delete":
            for old in old_rows[i1:i2]:
                removed(old)
        elif tag == "insert":
            for new in new_rows[j1:j2]:
                added(new)
        else:  # replace: a row whose key is only slightly different (a typo fixed) is changed, else removed + added
            unmatched, pairs = list(old_rows[i1:i2]), []
            for new in new_rows[j1:j2]:
                match = next((o for o in unmatched if _similar(key(o), key(new))), None)
                if match is not None:
                    unmatched.remove(match)
                pairs.append((match, new))
            for old in unmatched:
                removed(old)
            for old, new in pairs:
                if old is None:
                    added(new)
                else:
                    compare(old, new)
    return changes


def diff_snapshots(old: dict | None, new: dict) -> HandbookDiff:
    """What changes if `new` replaces `old` (the live version). `old=None`: first publication, all rows added."""
    old = old or {"procedure": {}, "handbook": {}}
    scalars = []
    for section, label, read in SCALARS:
        before = _display(read(old)) if old.get("procedure") or old.get("handbook") else ""
        after = _display(read(new))
        if before != after:
            scalars.append(ScalarChange(section, label, before, after))
    sections = []
    for key, (section, label, key_fields, fields) in SECTIONS.items():
        rows = diff_rows(old.get(key) or [], new.get(key) or [], key_fields, fields)
        sections.append(SectionDiff(key, section, label, rows))
    return HandbookDiff(scalars, sections)
