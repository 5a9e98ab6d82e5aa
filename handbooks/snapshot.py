"""One shape for a whole handbook (procedure sections 1–9 + handbook sections 10–19).

The authoring preview, the printed page, the public page, the published versions and the diff all render from the
dict that `build_snapshot` returns, so what citizens saw can be rendered again exactly from a stored version.
Only JSON types: strings, numbers, booleans, lists, dicts. Bump SCHEMA when the shape changes.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from procedures.models import Procedure, ProcedureLaw

from .models import Handbook, ServiceChannel, Weekday

SCHEMA = 2  # 2: each "forms" entry records its file's storage name ("file"), so a version keeps its own file


def handbook_queryset():
    """Everything build_snapshot reads, in a fixed number of queries whatever the number of rows."""
    return Handbook.objects.select_related(
        "procedure__agency", "agency", "author", "author__agency", "live_version"
    ).prefetch_related(
        "procedure__areas",
        Prefetch("procedure__law_links", queryset=ProcedureLaw.objects.select_related("law")),
        "channels",
        Prefetch("steps", queryset=_steps()),
        "documents",
        "fees",
        "complaints",
        "forms",
    )


def _steps():
    from .models import Step

    return Step.objects.select_related("responsible_ministry")


def hours_text(channel: ServiceChannel) -> str:
    """The service-hours sentence as real handbooks print it (H1)."""
    if channel.hours_24:
        return "ตลอด 24 ชั่วโมง"
    parts = []
    if channel.day_from:
        days = f"เปิดให้บริการวัน {Weekday(channel.day_from).label}"
        if channel.day_to and channel.day_to != channel.day_from:
            days += f" ถึง วัน {Weekday(channel.day_to).label}"
        parts.append(days)
        if channel.except_holidays:
            parts.append("(ยกเว้นวันหยุดที่ทางราชการกำหนด)")
    if channel.open_time and channel.close_time:
        parts.append(f"ตั้งแต่เวลา {channel.open_time:%H:%M} - {channel.close_time:%H:%M} น.")
        parts.append("(มีพักเที่ยง)" if channel.lunch_break else "(ไม่มีพักเที่ยง)")
    return " ".join(str(p) for p in parts)


def _form_file_url(sample) -> str:
    """Uploaded form samples are served through a view that checks who may read them (handbooks:form_file).

    This link follows the row's CURRENT file: the officials' preview and review pages use it. The public pages
    link each version's own file instead (public:form_file, from the entry's "file").
    """
    if not sample.file:
        return ""
    return reverse("handbooks:form_file", kwargs={"pk": sample.pk})


def _form_entry(sample) -> dict:
    """One form sample. "file" is the storage name of the file approved with the version: uploads get a fresh
    name each time and are never deleted, so that name keeps pointing at the same bytes whatever happens later."""
    return {
        "name": sample.name,
        "url": sample.url,
        "file": sample.file.name or "",
        "file_url": _form_file_url(sample),
        "note": sample.note,
    }


def _agency(agency) -> dict | None:
    if agency is None:
        return None
    return {"id": agency.pk, "name": agency.name, "code": agency.code}


def procedure_snapshot(procedure: Procedure) -> dict:
    return {
        "id": procedure.pk,
        "number": procedure.running_number,
        "name": procedure.name,
        "agency": _agency(procedure.agency),
        "scope": procedure.scope,
        "linkage": procedure.linkage,
        "type_display": procedure.type_display,
        "category": procedure.category,
        "category_display": procedure.get_category_display(),
        "impact_display": procedure.get_impact_display(),
        "areas": [area.name for area in procedure.areas.all()],
        "area_codes": [area.code for area in procedure.areas.all()],
        "laws": [
            {
                "id": link.law.pk,
                "title": link.law.title,
                "kind_display": link.law.get_kind_display(),
                "year_be": link.law.year_be,
                "url": link.law.url,
            }
            for link in procedure.law_links.all()
        ],
        "legal_time_law": procedure.legal_time_law,
        "legal_time_value": procedure.legal_time_value,
        "legal_time_unit_display": procedure.get_legal_time_unit_display(),
        "stat_avg": procedure.stat_avg,
        "stat_max": procedure.stat_max,
        "stat_min": procedure.stat_min,
    }


def build_snapshot(handbook: Handbook) -> dict:
    """The whole handbook as JSON-ready data. Use `handbook_queryset()` to fetch `handbook` first."""
    return {
        "schema": SCHEMA,
        "procedure": procedure_snapshot(handbook.procedure),
        "handbook": {
            "id": handbook.pk,
            "reference_name": handbook.reference_name,
            "agency": _agency(handbook.agency),
            "author": handbook.author.display_name,
            "criteria": handbook.criteria,
            "total_time_value": handbook.total_time_value,
            "total_time_unit_display": handbook.get_total_time_unit_display(),
            "reduced": handbook.reduced,
            "note": handbook.note,
        },
        "channels": [
            {
                "kind": c.kind,
                "kind_display": c.get_kind_display(),
                "place": c.place,
                "address": c.address,
                "phone": c.phone,
                "website": c.website,
                "hours_24": c.hours_24,
                "hours_text": hours_text(c),
                "note": c.note,
            }
            for c in handbook.channels.all()
        ],
        "steps": [
            {
                "kind": s.kind,
                "kind_display": s.get_kind_display(),
                "detail": s.detail,
                "duration_value": s.duration_value,
                "duration_unit_display": s.get_duration_unit_display(),
                "responsible_ministry": s.responsible_ministry.name if s.responsible_ministry else "",
                "receiving_point": s.receiving_point,
                "note": s.note,
            }
            for s in handbook.steps.all()
        ],
        "documents": [
            {
                "group": d.group,
                "group_display": d.get_group_display(),
                "name": d.name,
                "issued_by": d.issued_by,
                "originals": d.originals,
                "copies": d.copies,
                "unit_display": d.get_unit_display(),
                "from_power_of_attorney": d.from_power_of_attorney,
                "note": d.note,
            }
            for d in handbook.documents.all()
        ],
        "fees": [
            {
                "description": f.description,
                "amount": f"{f.amount:.2f}",
                "unit": f.unit,
                "unit_display": f.get_unit_display(),
                "is_range": f.is_range,
                "note": f.note,
            }
            for f in handbook.fees.all()
        ],
        "complaints": [{"channel": c.channel, "website": c.website, "note": c.note} for c in handbook.complaints.all()],
        "forms": [_form_entry(f) for f in handbook.forms.all()],
    }


def with_file_links(snapshot: dict, url_for_index) -> dict:
    """A copy of a stored snapshot whose uploaded forms link `url_for_index(i)`: a view serving the file recorded
    in that version ("file"), not the row's current file. Entries of snapshots made before forms recorded their
    "file" keep the link they were stored with. The stored snapshot is left as it is."""
    forms = [
        {**entry, "file_url": url_for_index(index)} if entry.get("file") else entry
        for index, entry in enumerate(snapshot.get("forms", []))
    ]
    return {**snapshot, "forms": forms}
