"""The public site (no sign-in): search, a published handbook, its earlier versions, browse by agency.

Everything shown comes from the live version's snapshot, never from the working copy, so an edit in progress is
invisible until it is approved. Handbooks without a live version (drafts, pending, returned, unpublished) → 404.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django_filters.views import FilterView

from portal import pagecache
from portal.choices import FastForm
from portal.filters import OwnerAgencyFilter
from portal.models import Agency
from portal.paging import CappedPaginator, generation
from procedures.filters import ServiceAreaFilter
from procedures.models import Procedure

from . import pdf, search
from .models import Handbook, HandbookVersion
from .snapshot import with_file_links
from .views import version_form_file_response

PAGE_SIZE = 20


def published():
    """Published handbooks, newest approval first: the bare query the capped count runs on."""
    return Handbook.objects.published().only("pk").order_by("-public_approved_at", "-id")


def page_rows(window) -> list[Handbook]:
    """The page's handbooks (`window`: their ids, a subquery, or a list of ids in the order to show) with what a
    result row shows (`row_name`, `row_reference`, `row_agency`, `row_category`, `row_updated`), as the live
    version recorded it: `public_row` and `public_approved_at`, copied from it at approval. Read for the page's rows
    only (CappedPaginator's `rows`). Reading the four texts out of each live snapshot instead cost ~3 ms of a
    search's ~20 (bench/RESULTS.md, issue 15)."""
    if isinstance(window, list) and not window:
        return []
    rows = list(published().filter(pk__in=window).only("pk", "public_row", "public_approved_at"))
    for row in rows:
        shown = row.public_row
        row.row_name, row.row_reference = shown.get("name"), shown.get("reference")
        row.row_agency, row.row_category = shown.get("agency"), shown.get("category")
        row.row_updated = row.public_approved_at
    if isinstance(window, list):  # a search's ranked ids: their order, not published()'s
        position = {pk: i for i, pk in enumerate(window)}
        rows.sort(key=lambda row: position[row.pk])
    return rows


class PublicHandbookFilter(django_filters.FilterSet):
    # Agency, category and areas as the live version published them (public_agency, public_category,
    # public_areas), not the working copy's or the procedure's current values: a citizen filters on what the
    # handbook page shows.
    agency = OwnerAgencyFilter(field_name="public_agency")
    q = django_filters.CharFilter(label=_("ค้นหาคู่มือ"), method="filter_text")
    category = django_filters.ChoiceFilter(
        label=_("หมวดหมู่ของงานบริการ"),
        field_name="public_category",
        choices=Procedure.Category.choices,
        empty_label=_("ทุกหมวดหมู่"),
    )
    area = ServiceAreaFilter(label=_("พื้นที่ให้บริการ"), method="filter_area", empty_label=_("ทุกพื้นที่"))

    class Meta:
        model = Handbook
        form = FastForm
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        # Not a filter of the queryset: HomeView ranks the matches among what the other filters leave.
        return queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(public_areas__contains=search.area_token(value.name))


@method_decorator(login_not_required, name="dispatch")
class HomeView(FilterView):
    """หน้าแรก: search across published handbooks, with filters and pagination."""

    filterset_class = PublicHandbookFilter
    template_name = "handbooks/public/home.html"
    paginate_by = PAGE_SIZE
    # An exact COUNT of a common word's matches costs 250-430 ms at 100,000 handbooks (bench/RESULTS.md).
    paginator_class = CappedPaginator

    def get_queryset(self):
        return published()

    def get_paginator(self, queryset, per_page, **kwargs):
        # A search: the ids of its ranked matches (at most what the capped pages show, one query), the page's rows
        # read for the page's ids only. Else the filtered list itself, counted capped.
        chosen = getattr(self.filterset.form, "cleaned_data", {})
        if text := chosen.get("q"):
            everything = not any(value for name, value in chosen.items() if name != "q")  # no agency, category, area
            queryset = search.ranked_ids(queryset, text, CappedPaginator.max_pages * per_page + 1, everything)
        return super().get_paginator(queryset, per_page, rows=page_rows, **kwargs)

    def get(self, request, *args, **kwargs):
        # The first page of any search (and the home page itself) from the cache, until the next publication.
        if not settings.PAGE_CACHE_LISTS or request.GET.get("page", "1") != "1":
            return super().get(request, *args, **kwargs)
        key = pagecache.key_for("home", generation(), _site(request), sorted(request.GET.lists()))
        return pagecache.serve(request, key, lambda: super(HomeView, self).get(request, *args, **kwargs))


def _site(request) -> str:
    """The site's address as the page prints it (links built with build_absolute_uri)."""
    return request.build_absolute_uri("/")


def _live_handbook(pk: int) -> Handbook:
    return get_object_or_404(Handbook.objects.published().select_related("live_version").only("live_version"), pk=pk)


# The live-version pointer of a published handbook. One row of one table by its primary key, the SQL written once:
# on a page served from the cache this query is most of the work, and building it through the ORM cost more than
# running it (bench/RESULTS.md).
_POINTER_SQL = (
    "SELECT live_version_id, public_approved_at FROM handbooks_handbook WHERE id = %s AND live_version_id IS NOT NULL"
)


def _live_pointer(pk: int) -> Handbook:
    """The published handbook with its live version's id and approval time only (no snapshot): what the cached
    page's key is made of, read from the database on every request. Made into the same deferred instance
    `.only("live_version")` gives (its other fields load if a render needs them)."""
    db = Handbook.objects.db
    with connections[db].cursor() as cursor:
        cursor.execute(_POINTER_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    live_version_id, approved_at = row
    handbook = Handbook.from_db(db, ["id", "live_version_id"], (pk, live_version_id))
    if isinstance(approved_at, str):  # SQLite hands a raw row's time back as its text, UTC
        approved_at = parse_datetime(approved_at).replace(tzinfo=dt.UTC)
    handbook.live_approved_at = approved_at
    return handbook


def _cached_page(request, handbook: Handbook, version_number: int | None, pdf_url: str):
    """The public page of the live version (`version_number` None) or of an earlier one, from the cache for anonymous
    visitors, keyed by the LIVE version's id (which also decides the page's "ฉบับปัจจุบัน" badge and its list of
    versions), the date printed on it and the site's address."""

    def render_page():
        # The version by the id the key was made of, so that the stored page always shows what its key says.
        versions = HandbookVersion.objects.filter(handbook=handbook)
        if version_number is None:
            version = versions.get(pk=handbook.live_version_id)
        else:
            version = get_object_or_404(versions, number=version_number)
        return render(request, "handbooks/public/handbook.html", _page_context(request, handbook, version, pdf_url))

    today = timezone.localdate()
    key = pagecache.key_for("handbook", handbook.pk, version_number, handbook.live_version_id, today, _site(request))
    last_modified = handbook.live_approved_at if version_number is None else None
    return pagecache.serve(request, key, render_page, last_modified=last_modified)


def _public_snapshot(handbook: Handbook, version: HandbookVersion) -> dict:
    """The version's snapshot with each uploaded form linking the file approved WITH THIS VERSION
    (public:form_file), not the row's current file."""

    def url(index: int) -> str:
        return reverse("public:form_file", kwargs={"pk": handbook.pk, "number": version.number, "index": index})

    return with_file_links(version.snapshot, url)


def _page_context(request, handbook: Handbook, version: HandbookVersion, pdf_url: str) -> dict:
    return {
        "handbook": handbook,
        "version": version,
        "snap": _public_snapshot(handbook, version),
        "versions": _versions(handbook)[:50],
        "is_live": version.pk == handbook.live_version_id,
        "status_label": _("เผยแพร่คู่มือแล้ว"),
        "print_date": timezone.localdate(),
        # Printed under the header (no QR code here: making one costs more than the rest of the page; the PDF has it)
        "public_url": request.build_absolute_uri(reverse("public:handbook", kwargs={"pk": handbook.pk})),
        "pdf_url": pdf_url,
    }


def _versions(handbook: Handbook):
    return HandbookVersion.objects.filter(handbook=handbook).defer("snapshot").order_by("-number")


@login_not_required
@require_GET
def handbook_detail(request, pk: int):
    """The printed layout rendered from the LIVE snapshot, with its version, change note and earlier versions."""
    pdf_url = reverse("public:handbook_pdf", kwargs={"pk": pk})
    return _cached_page(request, _live_pointer(pk), None, pdf_url)


@login_not_required
@require_GET
def version_detail(request, pk: int, number: int):
    """An earlier (or the current) published version, exactly as it was published."""
    pdf_url = reverse("public:version_pdf", kwargs={"pk": pk, "number": number})
    return _cached_page(request, _live_pointer(pk), number, pdf_url)


@login_not_required
@require_GET
def handbook_pdf(request, pk: int):
    """The live version's PDF (handbooks.pdf: rendered on the first request, then sent from the stored file)."""
    handbook = get_object_or_404(Handbook.objects.published().only("live_version"), pk=pk)
    # The snapshot is read only by a first render, not each time the stored file is sent.
    return pdf.pdf_response(HandbookVersion.objects.defer("snapshot").get(pk=handbook.live_version_id), request)


@login_not_required
@require_GET
def version_pdf(request, pk: int, number: int):
    """A published version's PDF, while the handbook is public (same rule as public:version); the live version's
    is the same file as public:handbook_pdf."""
    handbook = _live_handbook(pk)
    version = get_object_or_404(HandbookVersion.objects.defer("snapshot"), handbook=handbook, number=number)
    return pdf.pdf_response(version, request)


@login_not_required
@require_GET
def form_file(request, pk: int, number: int, index: int):
    """The form sample file published with version `number` (its snapshot's forms[index]["file"]), while the
    handbook is public (same rule as public:version). Later uploads, replaced files and deleted rows leave it be."""
    versions = HandbookVersion.objects.filter(handbook_id=pk, handbook__live_version__isnull=False)
    return version_form_file_response(versions, number, index, request)


@method_decorator(login_not_required, name="dispatch")
class AgencyListView(TemplateView):
    """Browse by agency: ministries and their departments (a few hundred rows, one query)."""

    template_name = "handbooks/public/agencies.html"

    def get(self, request, *args, **kwargs):
        if not settings.PAGE_CACHE_LISTS:
            return super().get(request, *args, **kwargs)
        key = pagecache.key_for("agencies", generation(), _site(request))
        return pagecache.serve(request, key, lambda: super(AgencyListView, self).get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ministries: list[dict] = []
        for agency in Agency.objects.owners().order_by("tree_id", "lft").only("name", "level_kind", "tree_id"):
            if agency.level_kind == Agency.Level.MINISTRY:
                ministries.append({"agency": agency, "departments": []})
            elif ministries and agency.tree_id == ministries[-1]["agency"].tree_id:
                ministries[-1]["departments"].append(agency)
        context["ministries"] = ministries
        return context


@login_not_required
@require_GET
def agency_detail(request, pk: int):
    """An agency's published handbooks (its whole subtree, by the agency each live version was published for), and
    for a ministry its departments. The first page from the cache, until the next publication or agency change."""
    page_number = request.GET.get("page")
    if not settings.PAGE_CACHE_LISTS or page_number not in (None, "1"):
        return _agency_page(request, pk, page_number)
    key = pagecache.key_for("agency", generation(), _site(request), pk, sorted(request.GET.lists()))
    return pagecache.serve(request, key, lambda: _agency_page(request, pk, page_number))


def _agency_page(request, pk: int, page_number):
    agency = get_object_or_404(Agency, pk=pk)
    # A ministry's subtree holds tens of thousands of handbooks at real scale: a capped count, no page past 50.
    handbooks = published().filter(Agency.subtree_q(agency, "public_agency"))
    page = CappedPaginator(handbooks, PAGE_SIZE, rows=page_rows).get_page(page_number)
    children = agency.get_children().filter(level_kind__in=Agency.OWNER_LEVELS) if agency.is_root_node() else []
    return render(
        request,
        "handbooks/public/agency.html",
        {
            "agency": agency,
            "chain": agency.get_ancestors(include_self=True),
            "children": children,
            "page_obj": page,
            "handbooks": page.object_list,
        },
    )
