"""The bulk open-data files: every published handbook as CSV (one file per section kind) and as JSON Lines.

`export(directory, base)` streams the live versions from the database (a server-side cursor on PostgreSQL, so the
memory stays flat at 100,000 handbooks: bench/RESULTS.md), writes each one's rows to every file as it goes, then
describes the files in `datapackage.json` (Frictionless Data Package: columns, types, bytes, sha256) and records
the export (`OpenDataExport`) for the public page.

CSV files are UTF-8 with a BOM (Excel then opens Thai correctly) and Thai headers; a row's handbook is its first
column (รหัสคู่มือ) and its place in the section the second (ลำดับ). A line of the JSON Lines file is exactly the
API's answer for the handbook (`opendata.documents.handbook_document`). Files are written into a hidden folder in
`directory` and each is moved into place (an atomic rename) only when all are complete, so a reader never gets a
half-written file; the page switches to the new export when its record is saved, after the moves.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from handbooks.models import Handbook
from handbooks.sections import BY_NUMBER

from .documents import Links, handbook_document
from .models import OpenDataExport

YES, NO = "ใช่", "ไม่ใช่"


def _yes(value) -> str:
    return YES if value else NO


def _text(value) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    header: str  # Thai, the CSV header (and the field's name in datapackage.json)
    key: str  # English
    type: str  # Frictionless type: integer, number, string, boolean, datetime
    read: Callable  # (document, row) -> value


def col(header: str, key: str, kind: str, read: Callable) -> Column:
    return Column(header, key, kind, read)


HANDBOOK_ID = col("รหัสคู่มือ", "handbook_id", "integer", lambda doc, row: doc["id"])
POSITION = col("ลำดับ", "position", "integer", lambda doc, row: row["_position"])


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # Thai — English
    section: str
    rows: Callable  # document -> list of rows (dicts); the handbook file has one row, the document itself
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def section_table(name: str, number: int, english: str, key: str, columns: tuple[Column, ...]) -> Table:
    """A file of one repeating section, one row per item: titled with the section's own Thai heading and number
    (handbooks.sections, as the printed handbook and the review's diff are)."""
    heading = BY_NUMBER[str(number)].heading
    return Table(name, f"{heading} — {english}", f"ส่วนที่ {number}", _each(key), columns)


def _each(key: str) -> Callable:
    def rows(doc: dict) -> list[dict]:
        return [{**row, "_position": i + 1} for i, row in enumerate(doc[key])]

    return rows


def _p(doc):
    return doc["procedure"]


TABLES: tuple[Table, ...] = (
    Table(
        "handbooks",
        "คู่มือสำหรับประชาชนที่เผยแพร่ — Published citizen handbooks",
        "ส่วนที่ 1–10, 12–14, 19",
        lambda doc: [doc],
        (
            HANDBOOK_ID,
            col("ฉบับที่", "version", "integer", lambda d, r: d["version"]["number"]),
            col("วันเวลาที่เผยแพร่", "published_at", "datetime", lambda d, r: d["version"]["published_at"]),
            col("รหัสกระบวนงาน", "procedure_id", "integer", lambda d, r: _p(d)["id"]),
            col("ชื่อกระบวนงาน", "procedure_name", "string", lambda d, r: _p(d)["name"]),
            col("หน่วยงานเจ้าของกระบวนงาน", "owner", "string", lambda d, r: (_p(d)["agency"] or {}).get("name")),
            col("รหัสหน่วยงานเจ้าของกระบวนงาน", "owner_code", "string", lambda d, r: (_p(d)["agency"] or {}).get("code")),
            col("ประเภทของงานบริการ", "type", "string", lambda d, r: _p(d)["type_display"]),
            col("หมวดหมู่ของงานบริการ", "category", "string", lambda d, r: _p(d)["category_display"]),
            col("ระดับผลกระทบ", "impact", "string", lambda d, r: _p(d)["impact_display"]),
            col("พื้นที่ให้บริการ", "areas", "string", lambda d, r: "; ".join(a["name"] for a in _p(d)["areas"])),
            col(
                "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา", "legal_time_law", "string", lambda d, r: _p(d)["legal_time"]["law"]
            ),
            col("ระยะเวลาที่กำหนดตามกฎหมาย", "legal_time_value", "integer", lambda d, r: _p(d)["legal_time"]["value"]),
            col(
                "หน่วยเวลาที่กำหนดตามกฎหมาย", "legal_time_unit", "string", lambda d, r: _p(d)["legal_time"]["unit_display"]
            ),
            col("จำนวนเฉลี่ยต่อเดือน", "stat_avg", "integer", lambda d, r: _p(d)["statistics"]["average_per_month"]),
            col("จำนวนคำขอที่มากที่สุด", "stat_max", "integer", lambda d, r: _p(d)["statistics"]["max"]),
            col("จำนวนคำขอที่น้อยที่สุด", "stat_min", "integer", lambda d, r: _p(d)["statistics"]["min"]),
            col("ชื่ออ้างอิงของคู่มือประชาชน", "reference_name", "string", lambda d, r: d["reference_name"]),
            col("หน่วยงานที่รับผิดชอบ", "agency", "string", lambda d, r: (d["agency"] or {}).get("name")),
            col("รหัสหน่วยงานที่รับผิดชอบ", "agency_code", "string", lambda d, r: (d["agency"] or {}).get("code")),
            col("กระทรวง", "ministry", "string", lambda d, r: (d["agency"] or {}).get("ministry")),
            col("หลักเกณฑ์ วิธีการ เงื่อนไข", "criteria", "string", lambda d, r: d["criteria"]),
            col("ระยะเวลาดำเนินการรวม", "total_time_value", "integer", lambda d, r: d["total_time"]["value"]),
            col("หน่วยเวลาดำเนินการรวม", "total_time_unit", "string", lambda d, r: d["total_time"]["unit_display"]),
            col(
                "ระยะเวลาดำเนินการรวม (ISO 8601)",
                "total_time_iso8601",
                "string",
                lambda d, r: d["total_time"]["iso8601"],
            ),
            col("ผ่านการลดขั้นตอนและระยะเวลาแล้ว", "reduced", "boolean", lambda d, r: _yes(d["reduced"])),
            col("หมายเหตุ", "note", "string", lambda d, r: d["note"]),
            col("หน้าเว็บ", "html_url", "string", lambda d, r: d["html_url"]),
            col("ที่อยู่ API", "api_url", "string", lambda d, r: d["url"]),
        ),
    ),
    Table(
        "laws",
        "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง — Laws",
        "ส่วนที่ 5",
        lambda doc: [{**law, "_position": i + 1} for i, law in enumerate(doc["procedure"]["laws"])],
        (
            HANDBOOK_ID,
            POSITION,
            col("รหัสกฎหมาย", "law_id", "integer", lambda d, r: r["id"]),
            col("ชื่อกฎหมาย", "title", "string", lambda d, r: r["title"]),
            col("ประเภทกฎหมาย", "kind", "string", lambda d, r: r["kind_display"]),
            col("ปี พ.ศ.", "year_be", "integer", lambda d, r: r["year_be"]),
            col("ลิงก์", "url", "string", lambda d, r: r["url"]),
        ),
    ),
    section_table(
        "channels",
        11,
        "Service channels",
        "channels",
        (
            HANDBOOK_ID,
            POSITION,
            col("ช่องทาง", "kind", "string", lambda d, r: r["kind_display"]),
            col("สถานที่ให้บริการ", "place", "string", lambda d, r: r["place"]),
            col("ที่อยู่", "address", "string", lambda d, r: r["address"]),
            col("โทรศัพท์", "phone", "string", lambda d, r: r["phone"]),
            col("เว็บไซต์", "website", "string", lambda d, r: r["website"]),
            col("ตลอด 24 ชั่วโมง", "hours_24", "boolean", lambda d, r: _yes(r["hours_24"])),
            col("ตั้งแต่วัน", "day_from", "string", lambda d, r: r["day_from_display"]),
            col("ถึงวัน", "day_to", "string", lambda d, r: r["day_to_display"]),
            col("ยกเว้นวันหยุดที่ทางราชการกำหนด", "except_holidays", "boolean", lambda d, r: _yes(r["except_holidays"])),
            col("เวลาเปิด", "open_time", "string", lambda d, r: r["open_time"]),
            col("เวลาปิด", "close_time", "string", lambda d, r: r["close_time"]),
            col("มีพักเที่ยง", "lunch_break", "boolean", lambda d, r: _yes(r["lunch_break"])),
            col("ระยะเวลาเปิดให้บริการ", "hours_text", "string", lambda d, r: r["hours_text"]),
            col("หมายเหตุการให้บริการ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
    section_table(
        "steps",
        13,
        "Steps",
        "steps",
        (
            HANDBOOK_ID,
            POSITION,
            col("ขั้นตอน", "kind", "string", lambda d, r: r["kind_display"]),
            col("รายละเอียดของขั้นตอนการบริการ", "detail", "string", lambda d, r: r["detail"]),
            col("ระยะเวลา", "duration_value", "integer", lambda d, r: r["duration_value"]),
            col("หน่วยเวลา", "duration_unit", "string", lambda d, r: r["duration_unit_display"]),
            col("ระยะเวลา (ISO 8601)", "duration_iso8601", "string", lambda d, r: r["duration_iso8601"]),
            col(
                "หน่วยงานที่รับผิดชอบ",
                "responsible_ministry",
                "string",
                lambda d, r: (r["responsible_ministry"] or {}).get("name"),
            ),
            col("จุดรับคำขอ / ส่วนงานที่รับผิดชอบ", "receiving_point", "string", lambda d, r: r["receiving_point"]),
            col("หมายเหตุ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
    section_table(
        "documents",
        15,
        "Documents",
        "documents",
        (
            HANDBOOK_ID,
            POSITION,
            col("กลุ่มเอกสาร", "group", "string", lambda d, r: r["group_display"]),
            col("รายการเอกสาร", "name", "string", lambda d, r: r["name"]),
            col("หน่วยงานภาครัฐผู้ออกเอกสาร", "issued_by", "string", lambda d, r: r["issued_by"]),
            col("จำนวนเอกสารฉบับจริง", "originals", "integer", lambda d, r: r["originals"]),
            col("จำนวนเอกสารสำเนา", "copies", "integer", lambda d, r: r["copies"]),
            col("หน่วยนับเอกสาร", "unit", "string", lambda d, r: r["unit_display"]),
            col(
                "เอกสารจากการมอบอำนาจ",
                "from_power_of_attorney",
                "boolean",
                lambda d, r: _yes(r["from_power_of_attorney"]),
            ),
            col("หมายเหตุ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
    section_table(
        "fees",
        16,
        "Fees",
        "fees",
        (
            HANDBOOK_ID,
            POSITION,
            col("รายละเอียดค่าธรรมเนียม", "description", "string", lambda d, r: r["description"]),
            col("ค่าธรรมเนียม", "amount", "number", lambda d, r: r["amount"]),
            col("หน่วย", "unit", "string", lambda d, r: r["unit_display"]),
            col("สกุลเงิน", "currency", "string", lambda d, r: r["currency"]),
            col("ค่าธรรมเนียมเป็นช่วง (อัตราสูงสุด)", "is_range", "boolean", lambda d, r: _yes(r["is_range"])),
            col("หมายเหตุ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
    section_table(
        "complaints",
        17,
        "Complaint channels",
        "complaints",
        (
            HANDBOOK_ID,
            POSITION,
            col("ช่องทางการร้องเรียน", "channel", "string", lambda d, r: r["channel"]),
            col("เว็บไซต์", "website", "string", lambda d, r: r["website"]),
            col("หมายเหตุ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
    section_table(
        "forms",
        18,
        "Forms",
        "forms",
        (
            HANDBOOK_ID,
            POSITION,
            col("ชื่อแบบฟอร์ม", "name", "string", lambda d, r: r["name"]),
            col("ลิงก์", "url", "string", lambda d, r: r["url"]),
            col("ไฟล์", "file_url", "string", lambda d, r: r["file_url"]),
            col("หมายเหตุ", "note", "string", lambda d, r: r["note"]),
        ),
    ),
)
JSONL = "handbooks.jsonl"
DATAPACKAGE = "datapackage.json"


def live_versions():
    """(handbook id, version number, approved at, change note, snapshot) of every live version, by handbook id."""
    return (
        Handbook.objects.published()
        .order_by("pk")
        .values_list(
            "pk",
            "live_version__number",
            "live_version__approved_at",
            "live_version__change_note",
            "live_version__snapshot",
        )
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _field(column: Column) -> dict:
    field = {"name": column.header, "title": column.key, "type": column.type}
    if column.type == "boolean":
        field.update(trueValues=[YES], falseValues=[NO])
    return field


def datapackage(files: list[dict], created: str, base: str, count: int) -> dict:
    resources = []
    by_name = {entry["name"]: entry for entry in files}
    for table in TABLES:
        entry = by_name[table.filename]
        schema: dict = {"fields": [_field(column) for column in table.columns]}
        if table.name == "handbooks":
            schema["primaryKey"] = [HANDBOOK_ID.header]
        else:
            schema["primaryKey"] = [HANDBOOK_ID.header, POSITION.header]
            schema["foreignKeys"] = [
                {"fields": [HANDBOOK_ID.header], "reference": {"resource": "handbooks", "fields": [HANDBOOK_ID.header]}}
            ]
        resources.append(
            {
                "name": table.name,
                "path": table.filename,
                "title": table.title,
                "description": f"{table.section} ของคู่มือที่เผยแพร่ หนึ่งแถวต่อรายการ — one row per item",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "header": True, "quoteChar": '"', "doubleQuote": True},
                "bytes": entry["bytes"],
                "hash": f"sha256:{entry['sha256']}",
                "schema": schema,
            }
        )
    jsonl = by_name[JSONL]
    resources.append(
        {
            "name": "handbooks-jsonl",
            "path": JSONL,
            "title": "คู่มือที่เผยแพร่ทั้งฉบับ หนึ่งบรรทัดต่อคู่มือ — Whole handbooks, one JSON document per line",
            "description": "แต่ละบรรทัดเหมือนคำตอบของ /api/v1/handbooks/<id>/ — each line is the API's handbook answer",
            "format": "jsonl",
            "mediatype": "application/x-ndjson",
            "encoding": "utf-8",
            "bytes": jsonl["bytes"],
            "hash": f"sha256:{jsonl['sha256']}",
        }
    )
    package = {
        "profile": "data-package",
        "name": "citizen-handbooks-th",
        "title": "คู่มือสำหรับประชาชนที่เผยแพร่ — Published Thai citizen handbooks",
        "description": (
            f"คู่มือสำหรับประชาชนตาม พ.ร.บ.การอำนวยความสะดวกฯ พ.ศ. 2558 ที่เผยแพร่ {count:,} ฉบับ "
            f"(เฉพาะฉบับที่เผยแพร่อยู่) — {count:,} published handbooks under the Licensing Facilitation Act "
            "B.E. 2558, their live versions only."
        ),
        "created": created,
        "homepage": base + "/",
        "sources": [{"title": "ระบบจัดทำคู่มือสำหรับประชาชน — Citizen Handbook portal", "path": base + "/"}],
        "resources": resources,
    }
    license_name = getattr(settings, "OPEN_DATA_LICENSE", "")
    if license_name:
        package["licenses"] = [{"name": license_name, "title": license_name}]
    return package


def export(directory: Path, base: str, progress: Callable[[int, int], None] | None = None) -> OpenDataExport:
    """Write the whole published set into `directory` and record it. `progress(done, total)` after each handbook."""
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    links = Links(base.rstrip("/"))
    started = timezone.now()
    total = Handbook.objects.published().count()
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=directory))
    try:
        counts = {table.filename: 0 for table in TABLES} | {JSONL: 0}
        handles = {
            table.filename: (work / table.filename).open("w", encoding="utf-8-sig", newline="") for table in TABLES
        }
        jsonl = (work / JSONL).open("w", encoding="utf-8", newline="\n")
        try:
            writers = {name: csv.writer(handle) for name, handle in handles.items()}
            for table in TABLES:
                writers[table.filename].writerow([column.header for column in table.columns])
            done = 0
            for pk, number, approved_at, note, snapshot in live_versions().iterator(chunk_size=500):
                doc = handbook_document(pk, number, approved_at, note, snapshot or {}, links)
                for table in TABLES:
                    writer = writers[table.filename]
                    for row in table.rows(doc):
                        writer.writerow([_text(column.read(doc, row)) for column in table.columns])
                        counts[table.filename] += 1
                jsonl.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
                counts[JSONL] += 1
                done += 1
                if progress is not None:
                    progress(done, max(total, done))
        finally:
            for handle in handles.values():
                handle.close()
            jsonl.close()
        files = []
        for name in [table.filename for table in TABLES] + [JSONL]:
            path = work / name
            files.append(
                {
                    "name": name,
                    "bytes": path.stat().st_size,
                    "rows": counts[name],
                    "sha256": _sha256(path),
                    "format": "jsonl" if name == JSONL else "csv",
                    # Thai: the public page shows it (datapackage.json has both languages)
                    "title": next(
                        (t.title.split(" — ")[0] for t in TABLES if t.filename == name), "คู่มือที่เผยแพร่ทั้งฉบับ หนึ่งบรรทัดต่อคู่มือ"
                    ),
                }
            )
        finished = timezone.now()
        package = datapackage(files, finished.isoformat(), links.base, counts[JSONL])
        (work / DATAPACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        size = (work / DATAPACKAGE).stat().st_size
        files.append(
            {
                "name": DATAPACKAGE,
                "bytes": size,
                "rows": len(package["resources"]),
                "sha256": _sha256(work / DATAPACKAGE),
                "format": "json",
                "title": "คำอธิบายชุดข้อมูลและคอลัมน์",
            }
        )
        for entry in files:
            os.replace(work / entry["name"], directory / entry["name"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return OpenDataExport.objects.create(
        directory=str(directory), started_at=started, finished_at=finished, handbooks=counts[JSONL], files=files
    )
