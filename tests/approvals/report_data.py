"""A small known data set for the report tests (two ministries, both approval stages, returns, old versions, laws
overdue for review) and readers of what the report pages and files show."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import openpyxl
from django.utils import timezone

from handbooks.models import ApprovalChain, Decision, Handbook, HandbookVersion
from laws.models import Law
from portal.models import Agency
from tests.approvals.helpers import make_handbook, pending, published, returned
from tests.factories import AgencyFactory, LawFactory, ProcedureFactory, UserFactory

L = Agency.Level
DAY = datetime.timedelta(days=1)


def ago(days: float, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - days * DAY


@dataclass
class World:
    interior: Agency
    department: Agency  # กรมการปกครอง, under กระทรวงมหาดไทย (two-stage chain)
    users: dict
    handbooks: dict = field(default_factory=dict)
    laws: dict = field(default_factory=dict)


def build_world(tree, author, approver, outsider, approver_b, central) -> World:
    """กระทรวงพาณิชย์ (one stage): agency A and its sibling B; กระทรวงมหาดไทย (two stages): กรมการปกครอง.

    Waiting times end in .3 days, so that whole days and one-decimal percentiles do not move in the milliseconds
    between the test's clock and the page's."""
    commerce = tree["14000000"]
    agency_a, agency_b = tree["14004000"], tree["14003000"]
    interior = AgencyFactory(code="15000000", name="กระทรวงมหาดไทย", level_kind=L.MINISTRY, parent=None)
    department = AgencyFactory(code="15008000", name="กรมการปกครอง", level_kind=L.DEPARTMENT, parent=interior)
    interior.refresh_from_db()
    department.refresh_from_db()
    ApprovalChain.objects.create(ministry=interior, stages=2)
    users = {
        "author_d": UserFactory(username="author_d", agency=department, is_author=True),
        "approver_d": UserFactory(username="approver_d", agency=department, is_approver=True),
        "minister_c": UserFactory(username="minister_c", agency=commerce, is_approver=True),
        "minister_i": UserFactory(username="minister_i", agency=interior, is_approver=True),
    }
    author_d, approver_d = users["author_d"], users["approver_d"]
    world = World(interior, department, users)
    h = world.handbooks
    now = timezone.now()

    # กระทรวงพาณิชย์, agency A
    h["a_draft1"] = make_handbook(author)
    h["a_draft2"] = make_handbook(author)
    h["a_pending"] = pending(author)
    h["a_returned"] = returned(author, approver)  # "กรุณาแก้ไขค่าธรรมเนียม"
    h["a_published"] = published(author, approver)
    h["a_flagged"] = published(author, approver)
    h["a_flagged"].flag(central, "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวงฉบับปัจจุบัน")
    h["a_old"] = published(author, approver)
    # agency B
    h["b_pending"] = pending(outsider)
    h["b_published"] = published(outsider, approver_b)
    h["b_returned"] = pending(outsider)
    h["b_returned"].return_for_changes(approver_b, "  เอกสารหลักฐานไม่ครบถ้วน  ")
    # กระทรวงมหาดไทย, two stages
    h["d_draft"] = make_handbook(author_d)
    h["d_pending1"] = pending(author_d)
    h["d_pending2"] = pending(author_d)
    h["d_pending_old"] = pending(author_d)
    h["d_central1"] = pending(author_d)
    h["d_central1"].approve(approver_d, "เห็นชอบ")
    h["d_central2"] = pending(author_d)
    h["d_central2"].approve(approver_d, "เห็นชอบ")
    h["d_returned2"] = pending(author_d)
    h["d_returned2"].approve(approver_d, "เห็นชอบ")
    h["d_returned2"].return_for_changes(central, "เอกสารหลักฐานไม่ครบถ้วน")
    h["d_published"] = pending(author_d)
    h["d_published"].approve(approver_d, "เห็นชอบ")
    h["d_published"].approve(central, "อนุมัติ")
    h["d_returned_long_ago"] = pending(author_d)
    h["d_returned_long_ago"].return_for_changes(approver_d, "ค่าธรรมเนียม\nไม่ถูกต้อง")
    h["d_returned_again"] = pending(author_d)
    h["d_returned_again"].return_for_changes(approver_d, "ค่าธรรมเนียม ไม่ถูกต้อง")

    # Waiting times: stage 1 from the submission, stage 2 from the endorsement.
    for key, days in [
        ("a_pending", 3.3),
        ("b_pending", 10.3),
        ("d_pending1", 20.3),
        ("d_pending2", 45.3),
        ("d_pending_old", 100.3),
    ]:
        Handbook.objects.filter(pk=h[key].pk).update(submitted_at=ago(days, now))
    for key, days in [("d_central1", 1.3), ("d_central2", 75.3)]:
        Handbook.objects.filter(pk=h[key].pk).update(submitted_at=ago(days + 5, now), endorsed_at=ago(days, now))
    # A return outside the default period (the last 12 months).
    Decision.objects.filter(handbook=h["d_returned_long_ago"], outcome=Decision.Outcome.RETURNED).update(
        decided_at=ago(400, now)
    )
    # Live versions approved long ago: 4.3 years (not revised for more than 3 years) and 2.3 years.
    HandbookVersion.objects.filter(pk=h["a_old"].live_version_id).update(approved_at=ago(4.3 * 365, now))
    HandbookVersion.objects.filter(pk=h["d_published"].live_version_id).update(approved_at=ago(2.3 * 365, now))

    # Procedures without any handbook, and laws overdue for review (one cited in both ministries).
    shared = LawFactory(title="พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534")
    due = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")
    ProcedureFactory(agency=agency_a, laws=[shared])
    ProcedureFactory(agency=department, laws=[shared, due])
    ProcedureFactory(agency=agency_b)
    today = timezone.localdate()
    Law.objects.filter(pk=shared.pk).update(next_review_on=today - 200 * DAY)
    Law.objects.filter(pk=due.pk).update(next_review_on=today + 30 * DAY)
    Law.objects.filter(pk=h["d_pending1"].procedure.law_links.get().law_id).update(next_review_on=today - DAY)
    Law.objects.filter(pk=h["a_pending"].procedure.law_links.get().law_id).update(next_review_on=today - 10 * DAY)
    world.laws = {"shared": shared, "due": due}
    for handbook in h.values():
        handbook.refresh_from_db()
    return world


def root_name(agency: Agency) -> str:
    """The name of the root of the agency's tree, read the long way (one query per call)."""
    return Agency.objects.get(tree_id=agency.tree_id, parent__isnull=True).name


# ----- reading what the pages and files show


class TableReader(HTMLParser):
    """Every report table of a page: {slug: {"header": [...], "rows": [[...]], "total": [...] or None}}; cells as
    the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict] = {}
        self._slug = None
        self._part = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-table"):
            self._slug = attrs["data-table"]
            self.tables[self._slug] = {"header": [], "rows": [], "total": None}
        elif self._slug and tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif self._slug and tag == "tr":
            self._row = []
        elif self._slug and tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if not self._slug:
            return
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[self._slug]
            if self._part == "thead":
                table["header"] = self._row
            elif self._part == "tfoot":
                table["total"] = self._row
            elif not (len(self._row) == 1 and self._row[0] == "ไม่มีรายการ"):
                table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._slug = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, dict]:
    reader = TableReader()
    reader.feed(html)
    return reader.tables


def same_cell(on_page: str, in_file) -> bool:
    """A file's cell holds what the page shows: the same number (the page separates thousands and may show 50.0
    where Excel stores 50), the same text, or nothing where the page shows –."""
    if in_file is None or in_file == "":
        return on_page == "–"
    if isinstance(in_file, int | float) and not isinstance(in_file, bool):
        return on_page != "–" and number(on_page) == in_file
    return str(in_file) == on_page


def same_rows(on_page: list[list[str]], in_file: list[list]) -> bool:
    return len(on_page) == len(in_file) and all(
        len(a) == len(b) and all(same_cell(x, y) for x, y in zip(a, b, strict=True))
        for a, b in zip(on_page, in_file, strict=True)
    )


def number(text: str):
    """A page's cell as a number (None for –)."""
    if text == "–":
        return None
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


def xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
