"""The public read-only API, /api/v1/ (issue 14): published handbooks, their versions, agencies, laws.

Everything a handbook answer holds comes from its live version's snapshot (or, for /versions/<n>/, that published
version's), never from the working copy or the procedure's current values: lists filter on the columns the
approval copied from the snapshot (`public_search`, `public_category`, `public_areas`, `public_agency`) and
laws are those the live snapshots cite (`opendata.models.VersionLaw`). A handbook without a live version is a 404
everywhere, with its versions.

No sign-in, no session, no CSRF: GET only (anything else is 405). Each answer is cached and carries an ETag
(`opendata.caching`); each client address is rate limited (`opendata.throttling`); errors are Thai and English
JSON (`opendata.exceptions`). Lists use cursors (`opendata.pagination`) and never count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from handbooks import search
from handbooks.models import Handbook, HandbookVersion
from laws.models import Law
from portal.models import Agency
from procedures.models import Procedure, ServiceArea

from . import caching, cpsv
from . import serializers as ser
from .documents import Links, handbook_document
from .models import VersionLaw
from .pagination import ApiCursorPagination

MAX_QUERY_LENGTH = 200


def links_for(request) -> Links:
    return Links(request.build_absolute_uri("/").rstrip("/"))


def _invalid(field: str, thai: str, english: str):
    raise ValidationError({field: [f"{thai} — {english}"]})


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        _invalid(name, "ต้องเป็นตัวเลขรหัส", "must be a numeric id")
    return int(value)


class PublicAPIView(GenericAPIView):
    """GET only, for anyone. `validators(**kwargs)` may give (etag, last-modified) without building the answer
    (a conditional request is then answered at once); `build(request, **kwargs)` returns the answer's data."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    def validators(self, **kwargs) -> tuple[str, int | None] | None:
        return None

    def build(self, request, **kwargs):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        validators = self.validators(**kwargs)
        if validators is not None:
            unchanged = caching.not_modified(request, *validators)
            if unchanged is not None:
                return caching.decorate(unchanged, *validators)
        key = caching.cache_key(request)
        entry = caching.cached(key)
        if entry is not None:
            unchanged = caching.not_modified(request, entry["etag"], entry["last_modified"])
            if unchanged is not None:
                return caching.decorate(unchanged, entry["etag"], entry["last_modified"])
            return caching.from_entry(entry)
        data = self.build(request, **kwargs)
        self._store_as = (key, validators)
        return Response(data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        store_as = getattr(self, "_store_as", None)
        if store_as is None or response.status_code != 200 or not isinstance(response, Response):
            return response
        response.render()
        key, validators = store_as
        etag, last_modified = validators if validators is not None else (caching.body_etag(response.content), None)
        caching.store(key, response, etag, last_modified)
        caching.decorate(response, etag, last_modified)
        unchanged = caching.not_modified(request, etag, last_modified)
        return caching.decorate(unchanged, etag, last_modified) if unchanged is not None else response


# ------------------------------------------------------------------------------------------------ index


class IndexView(PublicAPIView):
    @extend_schema(
        operation_id="api_index",
        tags=["api"],
        summary="รายการทรัพยากรของ API — the API's resources",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="ที่อยู่ของแต่ละทรัพยากร — their addresses")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, **kwargs):
        base = links_for(request).base
        return {
            "handbooks": base + reverse("api:handbooks"),
            "agencies": base + reverse("api:agencies"),
            "laws": base + reverse("api:laws"),
            "schema": base + reverse("api:schema"),
            "documentation": base + reverse("api:docs"),
            "open_data": base + reverse("opendata:downloads"),
        }


# ------------------------------------------------------------------------------------------------ handbooks

HANDBOOK_FILTERS = [
    OpenApiParameter("agency", int, description="รหัสหน่วยงาน: คู่มือของหน่วยงานนี้และหน่วยงานในสังกัด — agency subtree"),
    OpenApiParameter(
        "category",
        str,
        enum=[c for c, _label in Procedure.Category.choices],
        description="หมวดหมู่ของงานบริการ — category code",
    ),
    OpenApiParameter("area", str, description="รหัสพื้นที่ให้บริการ เช่น central — service area code"),
    OpenApiParameter("q", str, description="คำค้น (ตัดคำภาษาไทยแบบเดียวกับหน้าค้นหา) — text search"),
    OpenApiParameter("law", int, description="รหัสกฎหมาย: คู่มือที่อ้างถึงกฎหมายนี้ — handbooks citing this law"),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="เฉพาะคู่มือที่อนุมัติเผยแพร่ฉบับปัจจุบันตั้งแต่เวลานี้ (ISO 8601) — live version approved since",
    ),
    OpenApiParameter(
        "order",
        str,
        enum=["oldest", "newest"],
        description="เรียงตามเวลาที่อนุมัติฉบับปัจจุบัน (ค่าเริ่มต้น oldest) — order of approval (default oldest)",
    ),
]


def parse_since(value: str) -> datetime.datetime:
    moment = None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        _invalid(
            "updated_since",
            "รูปแบบวันเวลาไม่ถูกต้อง ใช้ ISO 8601 เช่น 2026-01-31 หรือ 2026-01-31T08:00:00+07:00",
            "not an ISO 8601 date or date-time",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def filter_handbooks(queryset, request):
    """The published handbooks the query parameters ask for (400 with a Thai and English message otherwise)."""
    params = request.query_params
    agency_id = _int_param(request, "agency")
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).only("tree_id", "lft", "rght").first()
        if agency is None:
            _invalid("agency", "ไม่พบหน่วยงานรหัสนี้", "no agency with this id")
        queryset = queryset.filter(Agency.subtree_q(agency, "public_agency"))
    category = params.get("category", "").strip()
    if category:
        if category not in Procedure.Category.values:
            _invalid("category", "ไม่มีหมวดหมู่นี้", f"unknown category; one of {', '.join(Procedure.Category.values)}")
        queryset = queryset.filter(public_category=category)
    area_code = params.get("area", "").strip()
    if area_code:
        area = ServiceArea.objects.filter(code=area_code[:50]).only("name").first()
        if area is None:
            _invalid("area", "ไม่มีพื้นที่ให้บริการรหัสนี้", "unknown service area code")
        queryset = queryset.filter(public_areas__contains=search.area_token(area.name))
    text = params.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if text:
        queryset = search.search(queryset, text)
    law_id = _int_param(request, "law")
    if law_id is not None:
        queryset = queryset.filter(live_version_id__in=VersionLaw.objects.filter(law_id=law_id).values("version_id"))
    since = params.get("updated_since", "").strip()
    if since:
        queryset = queryset.filter(live_version__approved_at__gte=parse_since(since))
    order = params.get("order", "oldest").strip() or "oldest"
    if order not in ("oldest", "newest"):
        _invalid("order", "ใช้ oldest หรือ newest", "use oldest or newest")
    return queryset, ("-live_version_id" if order == "newest" else "live_version_id")


class HandbookListView(PublicAPIView):
    pagination_class = ApiCursorPagination
    cursor_ordering = "live_version_id"

    @extend_schema(
        operation_id="handbooks_list",
        summary="คู่มือที่เผยแพร่ — published handbooks",
        description=(
            "คู่มือสำหรับประชาชนที่เผยแพร่อยู่ แสดงตามที่ฉบับที่เผยแพร่บันทึกไว้ เรียงตามเวลาที่อนุมัติ ใช้ cursor แบ่งหน้า "
            "(ไม่นับจำนวนทั้งหมด) ผู้เก็บข้อมูลใช้ updated_since เพื่อดึงเฉพาะที่เปลี่ยน — "
            "Published handbooks as their live versions recorded them, in order of approval, cursor-paginated "
            "(no total count). Harvesters sync incrementally with updated_since."
        ),
        parameters=HANDBOOK_FILTERS,
        responses=ser.HandbookSummarySerializer(many=True),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, **kwargs):
        queryset, self.cursor_ordering = filter_handbooks(Handbook.objects.published(), request)
        # The texts as the live version recorded them, copied at approval (Handbook.public_row): no live snapshot
        # is read for a list.
        rows = queryset.annotate(
            row_number=F("live_version__number"),
            row_approved=F("live_version__approved_at"),
        ).values(
            "id",
            "live_version_id",
            "public_agency_id",
            "public_category",
            "public_areas",
            "public_row",
            "row_number",
            "row_approved",
        )
        page = self.paginate_queryset(rows)
        links = links_for(request)
        return self.get_paginator_data(
            [
                {
                    "id": row["id"],
                    "url": links.handbook(row["id"]),
                    "html_url": links.handbook_page(row["id"]),
                    "name": row["public_row"].get("name") or "",
                    "reference_name": row["public_row"].get("reference") or "",
                    "agency": {"id": row["public_agency_id"], "name": row["public_row"].get("agency") or ""},
                    "category": row["public_category"],
                    "category_display": row["public_row"].get("category") or "",
                    "areas": [name for name in row["public_areas"].split("|") if name],
                    "version": row["row_number"],
                    "published_at": row["row_approved"].isoformat(),
                }
                for row in page
            ]
        )

    def get_paginator_data(self, results):
        return self.paginator.get_paginated_response(results).data


def live_version_or_404(pk: int) -> tuple[int, datetime.datetime]:
    row = Handbook.objects.published().filter(pk=pk).values_list("live_version_id", "live_version__approved_at").first()
    if row is None:
        raise Http404
    return row


def version_data(pk: int, version_id: int, links: Links, live_version_id: int) -> dict:
    number, approved_at, note, snapshot = HandbookVersion.objects.filter(pk=version_id).values_list(
        "number", "approved_at", "change_note", "snapshot"
    )[0]
    return handbook_document(pk, number, approved_at, note, snapshot, links, live=version_id == live_version_id)


class HandbookDetailView(PublicAPIView):
    @extend_schema(
        operation_id="handbooks_retrieve",
        summary="คู่มือที่เผยแพร่ (ส่วนที่ 1–19) — a published handbook, sections 1–19",
        description=(
            "ฉบับที่เผยแพร่อยู่ของคู่มือ ทุกส่วนตามคู่มือที่พิมพ์ ETag และ Last-Modified มาจากฉบับนี้ "
            "(ส่ง If-None-Match เพื่อรับ 304) — The live version, every section of the printed handbook. "
            "ETag and Last-Modified come from that version (send If-None-Match for a 304)."
        ),
        responses={200: ser.HandbookSerializer, 404: OpenApiResponse(description="ไม่ได้เผยแพร่ — not published")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def validators(self, pk: int, **kwargs):
        self.version_id, approved_at = live_version_or_404(pk)
        return caching.version_etag("handbook", self.version_id), caching.timestamp(approved_at)

    def build(self, request, pk: int, **kwargs):
        return version_data(pk, self.version_id, links_for(request), self.version_id)


class VersionListView(PublicAPIView):
    @extend_schema(
        operation_id="handbook_versions_list",
        summary="ฉบับที่เผยแพร่ทั้งหมดของคู่มือ — a handbook's published versions",
        responses={200: ser.VersionListSerializer, 404: OpenApiResponse(description="ไม่ได้เผยแพร่ — not published")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def validators(self, pk: int, **kwargs):
        self.live_version_id, _approved = live_version_or_404(pk)
        return None

    def build(self, request, pk: int, **kwargs):
        links = links_for(request)
        versions = (
            HandbookVersion.objects.filter(handbook_id=pk)
            .order_by("-number")
            .values_list("pk", "number", "approved_at", "change_note")
        )
        return {
            "handbook": links.handbook(pk),
            "results": [
                {
                    "number": number,
                    "published_at": approved_at.isoformat(),
                    "change_note": note,
                    "is_live": version_id == self.live_version_id,
                    "url": links.version(pk, number),
                    "html_url": links.version_page(pk, number),
                }
                for version_id, number, approved_at, note in versions
            ],
        }


class VersionDetailView(PublicAPIView):
    @extend_schema(
        operation_id="handbook_versions_retrieve",
        summary="ฉบับที่เผยแพร่ฉบับหนึ่ง — one published version",
        description=(
            "ฉบับที่ระบุ ตามที่เผยแพร่ในเวลานั้น (ขณะที่คู่มือยังเผยแพร่อยู่) — The version as it was published, "
            "while the handbook is public."
        ),
        responses={200: ser.HandbookSerializer, 404: OpenApiResponse(description="ไม่พบ — not found")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def validators(self, pk: int, number: int, **kwargs):
        self.live_version_id, _approved = live_version_or_404(pk)
        row = HandbookVersion.objects.filter(handbook_id=pk, number=number).values_list("pk", "approved_at").first()
        if row is None:
            raise Http404
        self.version_id = row[0]
        return caching.version_etag("version", row[0]), caching.timestamp(row[1])

    def build(self, request, pk: int, number: int, **kwargs):
        return version_data(pk, self.version_id, links_for(request), self.live_version_id)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class HandbookCpsvView(PublicAPIView):
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(
        operation_id="handbooks_cpsv",
        summary="คู่มือในรูปแบบ CPSV-AP JSON-LD — the handbook as a CPSV-AP PublicService",
        description=(
            "บริการสาธารณะตามคำศัพท์ CPSV-AP 3.2.0 ของสหภาพยุโรป: หน่วยงานผู้มีอำนาจ เอกสาร ค่าธรรมเนียม ช่องทาง "
            "ระยะเวลา (ISO 8601) กฎหมาย และพื้นที่ให้บริการ — The live version as a CPSV-AP 3.2.0 PublicService: "
            "competent authority, evidence, costs, channels, processing time, legal resources, spatial coverage."
        ),
        responses={
            (200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="JSON-LD"),
            404: OpenApiResponse(description="ไม่ได้เผยแพร่ — not published"),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def validators(self, pk: int, **kwargs):
        self.version_id, approved_at = live_version_or_404(pk)
        return caching.version_etag("cpsv", self.version_id), caching.timestamp(approved_at)

    def build(self, request, pk: int, **kwargs):
        document = version_data(pk, self.version_id, links_for(request), self.version_id)
        return cpsv.public_service(document)


# ------------------------------------------------------------------------------------------------ agencies


def _children_count():
    children = Agency.objects.filter(parent=OuterRef("pk")).order_by().values("parent").annotate(n=Count("*"))
    return Subquery(children.values("n"))


def agency_data(row: dict, links: Links) -> dict:
    return {
        "id": row["id"],
        "code": row["code"],
        "name": row["name"],
        "name_en": row["name_en"],
        "level": row["level_kind"],
        "level_display": str(Agency.Level(row["level_kind"]).label) if row["level_kind"] in Agency.Level.values else "",
        "parent": row["parent_id"],
        "depth": row["level"],
        "children_count": row["children_n"] or 0,
        "url": links.agency(row["id"]),
        "html_url": links.path("public:agency", pk=row["id"]),
        "handbooks_url": f"{links.base}{reverse('api:handbooks')}?agency={row['id']}",
    }


AGENCY_FIELDS = ("id", "code", "name", "name_en", "level_kind", "parent_id", "level", "children_n")


class AgencyListView(PublicAPIView):
    pagination_class = ApiCursorPagination
    cursor_ordering = "id"

    @extend_schema(
        operation_id="agencies_list",
        summary="หน่วยงาน — agencies",
        description="โครงสร้างหน่วยงาน (กระทรวง → กรม → …) — the agency tree",
        parameters=[
            OpenApiParameter("subtree", int, description="รหัสหน่วยงาน: หน่วยงานนี้และหน่วยงานในสังกัดทั้งหมด — subtree"),
            OpenApiParameter("parent", int, description="รหัสหน่วยงาน: หน่วยงานในสังกัดโดยตรง — direct children"),
            OpenApiParameter(
                "level", str, enum=list(Agency.Level.values), description="ระดับหน่วยงาน — level of the agency"
            ),
        ],
        responses=ser.AgencySerializer(many=True),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, **kwargs):
        queryset = Agency.objects.all()
        subtree = _int_param(request, "subtree")
        if subtree is not None:
            root = Agency.objects.filter(pk=subtree).only("tree_id", "lft", "rght").first()
            if root is None:
                _invalid("subtree", "ไม่พบหน่วยงานรหัสนี้", "no agency with this id")
            queryset = queryset.filter(Agency.subtree_q(root))
        parent = _int_param(request, "parent")
        if parent is not None:
            queryset = queryset.filter(parent_id=parent)
        level = request.query_params.get("level", "").strip()
        if level:
            if level not in Agency.Level.values:
                _invalid("level", "ไม่มีระดับหน่วยงานนี้", f"unknown level; one of {', '.join(Agency.Level.values)}")
            queryset = queryset.filter(level_kind=level)
        rows = queryset.annotate(children_n=_children_count()).values(*AGENCY_FIELDS)
        page = self.paginate_queryset(rows)
        links = links_for(request)
        return self.paginator.get_paginated_response([agency_data(row, links) for row in page]).data


class AgencyDetailView(PublicAPIView):
    @extend_schema(
        operation_id="agencies_retrieve",
        summary="หน่วยงาน — an agency",
        responses={200: ser.AgencyDetailSerializer, 404: OpenApiResponse(description="ไม่พบ")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, pk: int, **kwargs):
        row = (
            Agency.objects.filter(pk=pk)
            .annotate(children_n=_children_count())
            .values(*AGENCY_FIELDS, "tree_id", "lft", "rght")
            .first()
        )
        if row is None:
            raise Http404
        chain = (
            Agency.objects.filter(tree_id=row["tree_id"], lft__lte=row["lft"], rght__gte=row["rght"])
            .order_by("lft")
            .values_list("pk", "name", "code", "level_kind")
        )
        data = agency_data(row, links_for(request))
        data["chain"] = [{"id": pk, "name": name, "code": code, "level": level} for pk, name, code, level in chain]
        return data


# ------------------------------------------------------------------------------------------------ laws


def live_citations():
    """The laws the live versions cite (a version's rows are read only while it is its handbook's live one)."""
    return VersionLaw.objects.filter(version__handbook__live_version=F("version"))


def law_entries(law_ids: list[int], links: Links, with_procedures: bool) -> dict[int, dict]:
    """Each law as the newest live version citing it recorded it, with counts (and, `with_procedures`, the
    procedures and handbooks citing it, their agencies as the versions recorded them)."""
    columns = ["law_id", "title", "kind_display", "year_be", "url", "procedure_id", "procedure_name"]
    rows = live_citations().filter(law_id__in=law_ids).order_by("law_id", "-version__approved_at", "-version_id")
    if with_procedures:
        rows = rows.annotate(
            handbook_id=F("version__handbook_id"),
            agency_name=KeyTextTransform("name", KeyTransform("agency", KeyTransform("handbook", "version__snapshot"))),
        )
        columns += ["handbook_id", "agency_name"]
    entries: dict[int, dict] = {}
    procedures: dict[int, dict[int, dict]] = defaultdict(dict)
    for row in rows.values(*columns):
        law_id = row["law_id"]
        entry = entries.get(law_id)
        if entry is None:  # the newest citation comes first: its record of the law is the one shown
            entry = entries[law_id] = {
                "id": law_id,
                "title": row["title"],
                "kind_display": row["kind_display"],
                "year_be": row["year_be"],
                "url": row["url"],
                "procedure_count": 0,
                "handbook_count": 0,
                "api_url": links.law(law_id),
                "handbooks_url": f"{links.base}{reverse('api:handbooks')}?law={law_id}",
            }
        entry["handbook_count"] += 1
        procedure = procedures[law_id].setdefault(
            row["procedure_id"], {"id": row["procedure_id"], "name": row["procedure_name"], "handbooks": []}
        )
        if with_procedures:
            handbook_id = row["handbook_id"]
            procedure["handbooks"].append(
                {"id": handbook_id, "url": links.handbook(handbook_id), "agency": row["agency_name"] or ""}
            )
    for law_id, entry in entries.items():
        entry["procedure_count"] = len(procedures[law_id])
        if with_procedures:
            entry["procedures"] = sorted(procedures[law_id].values(), key=lambda p: p["id"])
            for procedure in entry["procedures"]:
                procedure["handbooks"].sort(key=lambda h: h["id"])
    return entries


class LawListView(PublicAPIView):
    pagination_class = ApiCursorPagination
    cursor_ordering = "id"

    @extend_schema(
        operation_id="laws_list",
        summary="กฎหมายที่คู่มือที่เผยแพร่อ้างถึง — laws cited by published handbooks",
        description=(
            "เฉพาะกฎหมายที่ฉบับที่เผยแพร่อยู่ของคู่มืออ้างถึง ชื่อตามที่ฉบับล่าสุดบันทึกไว้ — Only laws a live version "
            "cites, as the newest such version recorded them."
        ),
        responses=ser.LawSerializer(many=True),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, **kwargs):
        cited = Law.objects.filter(Exists(live_citations().filter(law_id=OuterRef("pk")))).values("id")
        page = [row["id"] for row in self.paginate_queryset(cited)]
        entries = law_entries(page, links_for(request), with_procedures=False)
        return self.paginator.get_paginated_response([entries[pk] for pk in page if pk in entries]).data


class LawDetailView(PublicAPIView):
    @extend_schema(
        operation_id="laws_retrieve",
        summary="กฎหมายและกระบวนงานที่อาศัยกฎหมายนี้ — a law and the procedures relying on it",
        responses={200: ser.LawDetailSerializer, 404: OpenApiResponse(description="ไม่มีคู่มือที่เผยแพร่อ้างถึง")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, pk: int, **kwargs):
        entry = law_entries([pk], links_for(request), with_procedures=True).get(pk)
        if entry is None:
            raise Http404
        return entry


# ------------------------------------------------------------------------------------------------ schema

_SCHEMAS: dict = {}


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, generated once per process (it depends on the code only)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (request.GET.get("lang"), version)
        if key not in _SCHEMAS:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            _SCHEMAS[key] = generator.get_schema(request=request, public=self.serve_public)
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        response = Response(_SCHEMAS[key], headers={"Content-Disposition": f'inline; filename="api-v1.{suffix}"'})
        return caching.decorate(response, None, None)
