"""Each report table once: a Thai header and rows of plain cells, from which the page, the CSV and the Excel file are
all made (so the three always show the same figures).

Cells are numbers (int, float), text, `Link` (text with the page it opens, a plain text in the files) or None
(nothing to show: "–" on the page, an empty cell in the files). Dates are text in the Buddhist Era, as everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from handbooks.models import Status
from handbooks.workflow import STAGE_OF
from portal.templatetags.thai import format_thai_date

from . import figures
from .figures import BUCKETS, STATES, Scope, Waiting

DASH = "–"


@dataclass(frozen=True)
class Link:
    """Text that links to an object's page on the report page (the files hold the text only, so the address is
    reversed only when the page shows it)."""

    text: str
    url_name: str
    pk: int

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs={"pk": self.pk})

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    decimals: int = 0


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: Iterable[list] = field(default_factory=list)
    total: list | None = None  # the totals row (shown in the table's footer, the last row of the files)
    note: str = ""

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def number_formats(self) -> list[str | None]:
        """How Excel shows each column's numbers: thousands separated, as many decimals as the page."""
        return [("#,##0." + "0" * c.decimals if c.decimals else "#,##0") if c.numeric else None for c in self.columns]

    def file_rows(self) -> Iterator[list]:
        """Rows for the CSV and Excel files: the cells as values (a link's text, None as empty), then the totals."""
        for row in self.rows:
            yield [_file_value(cell) for cell in row]
        if self.total is not None:
            yield [_file_value(cell) for cell in self.total]

    def html_rows(self) -> list[SafeString]:
        """Each row's cells as HTML (escaped here: a page of 25 rows and 20 ministries renders in a few ms, where
        the template engine took a lookup per cell and attribute)."""
        return [self._html(row) for row in self.rows]

    def html_total(self) -> SafeString | None:
        return self._html(self.total, total=True) if self.total is not None else None

    def _html(self, row: list, total: bool = False) -> SafeString:
        cells = []
        for i, (cell, column) in enumerate(zip(row, self.columns, strict=True)):
            text = _shown(cell, column)
            inner = format_html('<a href="{}">{}</a>', cell.url, text) if isinstance(cell, Link) else escape(text)
            if i == 0 and not column.numeric:
                cells.append(
                    f'<th scope="row">{inner}</th>' if total else f'<th scope="row" class="fw-normal">{inner}</th>'
                )
            else:
                cells.append(f'<td class="text-end">{inner}</td>' if column.numeric else f"<td>{inner}</td>")
        return mark_safe("".join(cells))  # noqa: S308  # nosec B308, B703 - every text and link is escaped above


def _file_value(cell):
    if cell is None:
        return ""
    if isinstance(cell, Link):
        return cell.text
    return cell


def _shown(cell, column: Column) -> str:
    if cell is None or cell == "":
        return DASH
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return f"{cell:,}"
    if isinstance(cell, float):
        return f"{cell:,.{column.decimals}f}"
    return str(cell)


def round1(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal (None when `whole` is 0)."""
    return round(100 * part / whole, 1) if whole else None


MINISTRY = Column("กระทรวง / หน่วยงานระดับบนสุด")
TOTAL_LABEL = "รวมทั้งหมด"
STATE_LABELS = {
    Status.DRAFT: "ร่าง",
    Status.PENDING: "รออนุมัติ ขั้นที่ 1",
    Status.PENDING_CENTRAL: "รอสำนักงาน ก.พ.ร. อนุมัติ (ขั้นที่ 2)",
    Status.RETURNED: "ส่งกลับแก้ไข",
    Status.PUBLISHED: "เผยแพร่แล้ว",
}
STAGE_LABELS = {1: "ขั้นที่ 1 ผู้อนุมัติของหน่วยงาน", 2: "ขั้นที่ 2 สำนักงาน ก.พ.ร."}


def bucket_label(first: int, last: int | None) -> str:
    return f"{first}–{last} วัน" if last is not None else f"มากกว่า {first - 1} วัน"


def date_be(value) -> str:
    return format_thai_date(value, "short") if value else ""


# ----- 1. counts by ministry × state


def per_ministry(scope: Scope, cells) -> list[list]:
    """One row per ministry shown: its name, then `cells(tree_id)`, the figures counted for its tree."""
    return [[ministry.name, *cells(ministry.tree_id)] for ministry in scope.shown]


def column_sums(rows: list[list], width: int) -> list:
    """The total row of a table whose figures all add up: each column's sum after the ministry's name."""
    return [TOTAL_LABEL, *(sum(row[i] for row in rows) for i in range(1, width))]


def states(scope: Scope, counts: dict, without: dict) -> Table:
    columns = [
        MINISTRY,
        *(Column(STATE_LABELS[s], numeric=True) for s in STATES),
        Column("รวมคู่มือ", numeric=True),
        Column("ถูกแจ้งให้แก้ไขหลังเผยแพร่", numeric=True),
        Column("กระบวนงานที่ยังไม่มีคู่มือเผยแพร่", numeric=True),
    ]

    def cells(tree_id: int) -> list:
        c = counts.get(tree_id, {})
        figures_ = [c.get(s, 0) for s in STATES]
        return [*figures_, sum(figures_), c.get("flagged", 0), without.get(tree_id, 0)]

    rows = per_ministry(scope, cells)
    total = column_sums(rows, len(columns))
    return Table(
        "states",
        "จำนวนคู่มือประชาชนแยกตามกระทรวงและสถานะ",
        columns,
        rows,
        total,
        note="กระบวนงานที่ยังไม่มีคู่มือเผยแพร่: กระบวนงานของกระทรวงที่ยังไม่มีคู่มือประชาชนฉบับใดเผยแพร่อยู่ (จากหน่วยงานใดก็ตาม)",
    )


# ----- 2. pending requests by age


def ageing(buckets: dict[int, list[int]]) -> Table:
    columns = [
        Column("ระยะเวลาที่รอ"),
        Column(STAGE_LABELS[1], numeric=True),
        Column(STAGE_LABELS[2], numeric=True),
        Column("รวม", numeric=True),
    ]
    rows = [
        [bucket_label(first, last), buckets[1][i], buckets[2][i], buckets[1][i] + buckets[2][i]]
        for i, (first, last) in enumerate(BUCKETS)
    ]
    total = [TOTAL_LABEL, sum(buckets[1]), sum(buckets[2]), sum(buckets[1]) + sum(buckets[2])]
    return Table("ageing", "คำขอที่รอการพิจารณาแยกตามระยะเวลาที่รอ", columns, rows, total)


def _waiting_cells(w: Waiting | None) -> list:
    if w is None:
        return [0, None, None, None]
    return [w.count, round1(w.median), round1(w.p90), w.longest]


def waiting(scope: Scope, by_ministry: dict, overall: dict) -> Table:
    columns = [MINISTRY]
    for stage in (1, 2):
        columns += [
            Column(f"ขั้นที่ {stage}: จำนวนคำขอ", numeric=True),
            Column(f"ขั้นที่ {stage}: มัธยฐาน (วัน)", numeric=True, decimals=1),
            Column(f"ขั้นที่ {stage}: เปอร์เซ็นไทล์ที่ 90 (วัน)", numeric=True, decimals=1),
            Column(f"ขั้นที่ {stage}: รอนานที่สุด (วัน)", numeric=True),
        ]
    rows = per_ministry(
        scope, lambda tree_id: [cell for stage in (1, 2) for cell in _waiting_cells(by_ministry.get((tree_id, stage)))]
    )
    total = [TOTAL_LABEL]
    for stage in (1, 2):
        total += _waiting_cells(overall.get((None, stage)))
    return Table(
        "waiting",
        "ระยะเวลาที่คำขอรอการพิจารณา แยกตามกระทรวง",
        columns,
        rows,
        total,
        note="ขั้นที่ 1 นับจากวันที่ขออนุมัติ ขั้นที่ 2 นับจากวันที่ผู้อนุมัติของหน่วยงานเห็นชอบและส่งต่อ (ถ้าไม่มี นับจากวันที่ขออนุมัติ)",
    )


def pending_list(scope: Scope, handbooks: Iterable, now: datetime.datetime) -> Table:
    columns = [
        Column("รอมาแล้ว (วัน)", numeric=True),
        Column("ขั้นที่", numeric=True),
        Column("กระบวนงาน"),
        Column("ชื่ออ้างอิงของคู่มือประชาชน"),
        Column("หน่วยงานที่รับผิดชอบ"),
        MINISTRY,
        Column("วันที่ขออนุมัติ"),
        Column("วันที่เห็นชอบขั้นที่ 1"),
    ]

    def rows():
        for h in handbooks:
            yield [
                figures.days_waiting(h.since, now),
                STAGE_OF[h.status],
                Link(h.procedure.name, "approvals:review", h.pk),
                h.reference_name,
                h.agency.name,
                scope.name_of(h.agency.tree_id),
                date_be(h.submitted_at),
                date_be(h.endorsed_at) if h.status == Status.PENDING_CENTRAL else "",
            ]

    return Table("pending-list", "คำขอที่รอการพิจารณา เรียงจากรอนานที่สุด", columns, rows())


# ----- 3. returns, and handbooks not revised for years


def returns(scope: Scope, by_ministry: dict) -> Table:
    columns = [
        MINISTRY,
        Column("ส่งกลับในขั้นที่ 1 (ครั้ง)", numeric=True),
        Column("ส่งกลับในขั้นที่ 2 (ครั้ง)", numeric=True),
        Column("ส่งกลับรวม (ครั้ง)", numeric=True),
        Column("คู่มือที่ถูกส่งกลับ (ฉบับ)", numeric=True),
    ]

    def cells(tree_id: int) -> list:
        r = by_ministry.get(tree_id, {})
        s1, s2 = r.get("stage1", 0), r.get("stage2", 0)
        return [s1, s2, s1 + s2, r.get("handbooks", 0)]

    rows = per_ministry(scope, cells)
    total = column_sums(rows, len(columns))
    return Table("returns", "การส่งกลับแก้ไขแยกตามกระทรวง", columns, rows, total)


def reasons(top: list[dict], total_returns: int) -> Table:
    columns = [
        Column("ลำดับ", numeric=True),
        Column("เหตุผลที่ส่งกลับแก้ไข"),
        Column("จำนวนครั้ง", numeric=True),
        Column("ร้อยละของการส่งกลับทั้งหมด", numeric=True, decimals=1),
    ]
    rows = [[i, r["text"], r["n"], share(r["n"], total_returns)] for i, r in enumerate(top, start=1)]
    return Table(
        "reasons",
        "เหตุผลที่ส่งกลับแก้ไขบ่อยที่สุด 10 อันดับ",
        columns,
        rows,
        note="เหตุผลที่พิมพ์ต่างกันเพียงการเว้นวรรค การขึ้นบรรทัดใหม่ หรือตัวพิมพ์เล็กใหญ่ นับเป็นเหตุผลเดียวกัน",
    )


def not_revised(scope: Scope, by_ministry: dict, years: int) -> Table:
    columns = [
        MINISTRY,
        Column("คู่มือที่เผยแพร่อยู่", numeric=True),
        Column(f"ไม่ได้ปรับปรุงเกิน {years} ปี", numeric=True),
        Column("ร้อยละ", numeric=True, decimals=1),
    ]

    def cells(tree_id: int) -> list:
        r = by_ministry.get(tree_id, {})
        return [r.get("published", 0), r.get("stale", 0), share(r.get("stale", 0), r.get("published", 0))]

    rows = per_ministry(scope, cells)
    published, stale = sum(r[1] for r in rows), sum(r[2] for r in rows)
    total = [TOTAL_LABEL, published, stale, share(stale, published)]
    return Table("stale", f"คู่มือที่ฉบับเผยแพร่ไม่ได้ปรับปรุงเกิน {years} ปี แยกตามกระทรวง", columns, rows, total)


def not_revised_list(scope: Scope, handbooks: Iterable, now: datetime.datetime, years: int) -> Table:
    columns = [
        Column("กระบวนงาน"),
        Column("ชื่ออ้างอิงของคู่มือประชาชน"),
        Column("หน่วยงานที่รับผิดชอบ"),
        MINISTRY,
        Column("ฉบับที่", numeric=True),
        Column("วันที่เผยแพร่ฉบับปัจจุบัน"),
        Column("ไม่ได้ปรับปรุงมาแล้ว (ปี)", numeric=True, decimals=1),
        Column("สถานะของฉบับทำงาน"),
    ]

    def rows():
        for h in handbooks:
            version = h.live_version
            yield [
                Link(h.procedure.name, "handbooks:detail", h.pk),
                h.reference_name,
                h.agency.name,
                scope.name_of(h.agency.tree_id),
                version.number,
                date_be(version.approved_at),
                round1((now - version.approved_at) / datetime.timedelta(days=365.25)),
                str(STATE_LABELS.get(h.status, h.get_status_display())),
            ]

    return Table("stale-list", f"คู่มือที่ไม่ได้ปรับปรุงเกิน {years} ปี เรียงจากเผยแพร่นานที่สุด", columns, rows())


# ----- 4. laws overdue for review


def laws(scope: Scope, by_ministry: dict, totals: dict) -> Table:
    columns = [
        MINISTRY,
        Column("กฎหมายที่เลยกำหนดทบทวน (ฉบับ)", numeric=True),
        Column("กระบวนงานที่อ้างถึงกฎหมายดังกล่าว", numeric=True),
        Column("กฎหมายที่จะครบกำหนดภายใน 90 วัน (ฉบับ)", numeric=True),
    ]
    rows = per_ministry(
        scope, lambda tree_id: [by_ministry.get(tree_id, {}).get(k, 0) for k in ("overdue", "procedures", "due")]
    )
    total = [TOTAL_LABEL, totals["overdue"], totals["procedures"], totals["due"]]
    return Table(
        "laws",
        "กฎหมายที่เลยกำหนดทบทวน (มาตรา 6) แยกตามกระทรวง",
        columns,
        rows,
        total,
        note="นับกฎหมายที่กระบวนงานของกระทรวงอ้างถึง กฎหมายฉบับเดียวที่หลายกระทรวงอ้างถึงนับครั้งเดียวในแถวรวมทั้งหมด",
    )


def laws_list(scope: Scope, rows_: Iterable[dict], citing: dict, today: datetime.date) -> Table:
    columns = [
        Column("กฎหมาย"),
        Column("ครบกำหนดทบทวนเมื่อ"),
        Column("เลยกำหนดมาแล้ว (วัน)", numeric=True),
        Column("กระบวนงานที่อ้างถึง", numeric=True),
        Column("กระทรวงที่เกี่ยวข้อง"),
    ]

    def rows():
        for law in rows_:
            names = sorted(scope.name_of(t) for t in citing.get(law["law_id"], []))
            yield [
                Link(law["law__title"], "laws:detail", law["law_id"]),
                date_be(law["law__next_review_on"]),
                (today - law["law__next_review_on"]).days,
                law["procedures"],
                ", ".join(n for n in names if n),
            ]

    return Table("laws-list", "กฎหมายที่เลยกำหนดทบทวน เรียงจากเลยกำหนดนานที่สุด", columns, rows())
