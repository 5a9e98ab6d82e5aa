"""The report pages and their exports, for approvers only (others: 403), over their own scope.

Each page is a `Report`: its filter form (GET), its tables (`tables.py`) and charts (`charts.py`). The export view
builds one table of a report with the same filters, every row of it (a page shows 25 rows of a long list), as CSV or
Excel. Filters that do not fit give the page back with a Thai message and no figures (an export: the same, 400).
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from portal.exports import csv_response, xlsx_response
from portal.paging import OfficialListPaginator
from portal.templatetags.thai import format_thai_date

from ..views import ApproverOnlyMixin
from . import charts, figures, tables
from .figures import STATES
from .forms import PendingFilterForm, PeriodFilterForm, ReportFilterForm, YearsFilterForm

PER_PAGE = 25
FORMATS = ("xlsx", "csv")
STATE_CSS = {state: f"chart-state-{state}" for state in STATES}
STAGE_SERIES = [("chart-stage-1", tables.STAGE_LABELS[1]), ("chart-stage-2", tables.STAGE_LABELS[2])]


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Thailand (the portal's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Report:
    """One report page: the filters it reads, the tables it shows (in order) and how each is built."""

    slug = ""
    url_name = ""
    title = ""
    template_name = ""
    form_class = ReportFilterForm
    tables: tuple[str, ...] = ()

    def __init__(self, request) -> None:
        self.request = request
        self.user = request.user
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        ministries = figures.ministries_in_scope(self.user)
        options = {"ministries": ministries, "today": self.today}
        bound = any(name in request.GET for name in self.form_class.base_fields)
        self.form = self.form_class(request.GET if bound else None, **options)
        self.valid = self.form.is_valid() if bound else True
        settled = self.form if bound else self.form_class({}, **options)
        if not bound:
            settled.is_valid()
        self.params = settled.cleaned_data if self.valid else {}
        self.scope = figures.Scope(self.user, ministries, settled.chosen_ministry() if self.valid else None)
        self.page_obj = None

    def table(self, slug: str, export: bool = False) -> tables.Table:
        return getattr(self, "table_" + slug.replace("-", "_"))(export)

    def paginate(self, queryset, export: bool, rows=None):
        """Every row for a file; the requested page (25 rows, at most 50 pages) for the page. `rows` (optional)
        turns a window of the bare `queryset` into the rows with the columns shown (see CappedPaginator)."""
        if export:
            return (rows(queryset) if rows else queryset).iterator(chunk_size=1000)
        paginator = OfficialListPaginator(queryset, PER_PAGE, rows=rows)
        self.page_obj = paginator.get_page(self.request.GET.get("page"))
        return self.page_obj.object_list

    def charts(self, built: dict) -> list:
        return []

    def context(self) -> dict:
        built = {slug.replace("-", "_"): self.table(slug) for slug in self.tables} if self.valid else {}
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "report": self,
            "reports": [(r.url_name, r.title, r.slug == self.slug) for r in REPORTS],
            "form": self.form,
            "valid": self.valid,
            "tables": built,
            "charts": self.charts(built) if self.valid else [],
            "page_obj": self.page_obj,
            "export_query": query.urlencode(),
            "scope_label": self.scope_label(),
            "now": self.now,
            "params": self.params,
        }

    def scope_label(self) -> str:
        if self.user.has_all_scope:
            return "ทุกหน่วยงาน"
        agency = self.user.agency
        return f"{agency.name} และหน่วยงานในสังกัด" if agency else "ไม่มีหน่วยงานในขอบเขต"


class StatesReport(Report):
    slug = "states"
    url_name = "reports:index"
    title = "จำนวนคู่มือแยกตามกระทรวงและสถานะ"
    template_name = "approvals/reports/states.html"
    tables = ("states",)

    def table_states(self, export: bool) -> tables.Table:
        counts = figures.state_counts(self.scope)
        without = figures.procedures_without_published(self.scope)
        return tables.states(self.scope, counts, without)

    def charts(self, built: dict) -> list:
        table = built["states"]
        rows = [(row[0], row[1 : 1 + len(STATES)]) for row in table.rows]
        series = [(STATE_CSS[s], tables.STATE_LABELS[s]) for s in STATES]
        return [
            charts.stacked_bars(
                "states",
                "จำนวนคู่มือประชาชนของแต่ละกระทรวง แยกตามสถานะ",
                "แผนภูมิแท่งซ้อนแนวนอน หนึ่งแท่งต่อหนึ่งกระทรวง แต่ละส่วนของแท่งคือจำนวนคู่มือในสถานะหนึ่ง "
                "ได้แก่ ร่าง รออนุมัติขั้นที่ 1 รอสำนักงาน ก.พ.ร. อนุมัติ ส่งกลับแก้ไข และเผยแพร่แล้ว "
                "ตัวเลขเดียวกันอยู่ในตารางถัดจากแผนภูมิ",
                rows,
                series,
            )
        ]


class PendingReport(Report):
    slug = "pending"
    url_name = "reports:pending"
    title = "คำขอที่รอการพิจารณาและระยะเวลาที่รอ"
    template_name = "approvals/reports/pending.html"
    form_class = PendingFilterForm
    tables = ("ageing", "waiting", "pending-list")

    def table_ageing(self, export: bool) -> tables.Table:
        return tables.ageing(figures.ageing(self.scope, self.now))

    def table_waiting(self, export: bool) -> tables.Table:
        by_ministry = figures.waiting_times(self.scope, self.now)
        if len(self.scope.shown) == 1:  # one ministry: its row is the total (no second window query)
            overall = {(None, stage): waiting for (_tree, stage), waiting in by_ministry.items()}
        else:
            overall = figures.waiting_times(self.scope, self.now, per_ministry=False)
        return tables.waiting(self.scope, by_ministry, overall)

    def table_pending_list(self, export: bool) -> tables.Table:
        bare = figures.oldest_first(self.scope, self.params.get("stage"))
        handbooks = self.paginate(bare, export, rows=figures.pending_rows)
        return tables.pending_list(self.scope, handbooks, self.now)

    def charts(self, built: dict) -> list:
        rows = [(row[0], row[1:3]) for row in built["ageing"].rows]
        return [
            charts.histogram(
                "ageing",
                "คำขอที่รอการพิจารณา แยกตามจำนวนวันที่รอ",
                "ฮิสโทแกรมแท่งซ้อน หนึ่งแท่งต่อหนึ่งช่วงจำนวนวันที่รอ (0–7, 8–14, 15–30, 31–60, 61–90 และมากกว่า 90 วัน) "
                "แต่ละส่วนของแท่งคือคำขอที่รอในขั้นที่ 1 และขั้นที่ 2 ตัวเลขเดียวกันอยู่ในตารางถัดจากแผนภูมิ",
                rows,
                STAGE_SERIES,
                "จำนวนคำขอ",
            )
        ]


class ReturnsReport(Report):
    slug = "returns"
    url_name = "reports:returns"
    title = "การส่งกลับแก้ไขและเหตุผล"
    template_name = "approvals/reports/returns.html"
    form_class = PeriodFilterForm
    tables = ("returns", "reasons")

    @property
    def period(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start of the first day, start of the day after the last day)."""
        return start_of(self.params["date_from"]), start_of(self.params["date_to"] + datetime.timedelta(days=1))

    def period_label(self) -> str:
        if not self.valid:
            return ""
        first, last = self.params["date_from"], self.params["date_to"]
        return f"ตั้งแต่ {format_thai_date(first)} ถึง {format_thai_date(last)}"

    def table_returns(self, export: bool) -> tables.Table:
        self._by_ministry = figures.returns_by_ministry(self.scope, *self.period)
        return tables.returns(self.scope, self._by_ministry)

    def table_reasons(self, export: bool) -> tables.Table:
        by_ministry = getattr(self, "_by_ministry", None)
        if by_ministry is None:
            by_ministry = figures.returns_by_ministry(self.scope, *self.period)
        total = sum(r["stage1"] + r["stage2"] for r in by_ministry.values())
        return tables.reasons(figures.top_reasons(self.scope, *self.period), total)


class NotRevisedReport(Report):
    slug = "stale"
    url_name = "reports:stale"
    title = "คู่มือที่ไม่ได้ปรับปรุงนาน"
    template_name = "approvals/reports/stale.html"
    form_class = YearsFilterForm
    tables = ("stale", "stale-list")

    @property
    def cutoff(self) -> datetime.datetime:
        """This moment, `years` years ago: a live version approved before it has not been revised for longer."""
        years = self.params["years"]
        try:
            return self.now.replace(year=self.now.year - years)
        except ValueError:  # 29 February
            return self.now.replace(year=self.now.year - years, day=28)

    def table_stale(self, export: bool) -> tables.Table:
        by_ministry = figures.not_revised_by_ministry(self.scope, self.cutoff)
        return tables.not_revised(self.scope, by_ministry, self.params["years"])

    def table_stale_list(self, export: bool) -> tables.Table:
        handbooks = self.paginate(figures.not_revised(self.scope, self.cutoff), export)
        return tables.not_revised_list(self.scope, handbooks, self.now, self.params["years"])


class LawsReport(Report):
    slug = "laws"
    url_name = "reports:laws"
    title = "กฎหมายที่เลยกำหนดทบทวน"
    template_name = "approvals/reports/laws.html"
    tables = ("laws", "laws-list")

    def table_laws(self, export: bool) -> tables.Table:
        by_ministry = figures.overdue_laws_by_ministry(self.scope, self.today)
        if len(self.scope.shown) == 1:  # one ministry: its row is the total
            totals = next(iter(by_ministry.values()), {"overdue": 0, "procedures": 0, "due": 0})
        else:
            totals = figures.overdue_law_totals(self.scope, self.today)
        return tables.laws(self.scope, by_ministry, totals)

    def table_laws_list(self, export: bool) -> tables.Table:
        laws = figures.overdue_laws(self.scope, self.today)
        if export:
            citing = figures.ministries_citing(self.scope, self.today)
            return tables.laws_list(self.scope, laws.iterator(chunk_size=1000), citing, self.today)
        rows = list(self.paginate(laws, export))
        citing = figures.ministries_citing(self.scope, self.today, [row["law_id"] for row in rows])
        return tables.laws_list(self.scope, rows, citing, self.today)


REPORTS: list[type[Report]] = [StatesReport, PendingReport, ReturnsReport, NotRevisedReport, LawsReport]
TABLE_REPORTS: dict[str, type[Report]] = {slug: r for r in REPORTS for slug in r.tables}


class ReportView(ApproverOnlyMixin, View):
    http_method_names = ["get", "head", "options"]
    report_class: type[Report] = Report

    def get(self, request):
        report = self.report_class(request)
        return render(request, report.template_name, report.context())


class ExportView(ApproverOnlyMixin, View):
    """One table of a report, every row, as Excel (.xlsx) or CSV (UTF-8 with BOM), with the page's filters."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, table: str, fmt: str):
        report_class = TABLE_REPORTS.get(table)
        if report_class is None or fmt not in FORMATS:
            raise Http404("ไม่พบตารางที่ขอ")
        report = report_class(request)
        if not report.valid:
            return render(request, report.template_name, report.context(), status=400)
        built = report.table(table, export=True)
        filename = f"{table}-{report.today:%Y%m%d}.{fmt}"
        if fmt == "csv":
            return csv_response(filename, built.header, built.file_rows())
        return xlsx_response(filename, built.title, built.header, built.file_rows(), built.number_formats)
