"""One shape for a whole handbook (procedure sections 1–9 + handbook sections 10–19, see `handbooks.sections`).

The authoring preview, the printed page, the public page, the published versions, the diff, the public search
words and a copy made from a published version all read the dict that `build_snapshot` returns, so what citizens
saw can be rendered again exactly from a stored version, and nothing they read comes from the working copy.
Only JSON types: strings, numbers, booleans, lists, dicts. Bump SCHEMA when the shape changes.

Each row of a repeating section stores every field of its model (choices also as `<field>_display`, a foreign key
as `<field>_id` and its name as `<field>`), so a copy can be rebuilt from a version without the working copy.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import get_language

from portal.models import Agency
from procedures.models import Procedure, ProcedureLaw

from .models import Handbook, ServiceChannel, Step, Weekday
from .sections import ROWS

# 2: each "forms" entry records its file's storage name ("file"), so a version keeps its own file.
# 3: agencies carry their chain (ministry → … → agency) and ministry; rows carry every field of their model.
SCHEMA = 3

_NOT_STORED = {"id", "handbook", "position"}


def handbook_queryset():
    """Everything build_snapshot reads, in a fixed number of queries whatever the number of rows."""
    return Handbook.objects.select_related(
        "procedure__agency", "agency", "author", "author__agency", "live_version"
    ).prefetch_related(
        "procedure__areas",
        Prefetch("procedure__law_links", queryset=ProcedureLaw.objects.select_related("law")),
        "channels",
        Prefetch("steps", queryset=Step.objects.select_related("responsible_ministry")),
        "documents",
        "fees",
        "complaints",
        "forms",
    )


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


def _json(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return value


@cache
def _choice_labels(field: models.Field, language: str | None) -> dict:
    """A field's choices as {value: label} in `language`, built once: Django's get_FOO_display rebuilds a hashable
    copy of the lazy choices on every call (15 of 45 s of the scale generator at 3,000 handbooks)."""
    return {value: str(label) for value, label in field.flatchoices}


def row_entry(row: models.Model) -> dict:
    """One row of a repeating section as stored in a version: every field of its model, plus what is printed.

    The uploaded form's "file" is its storage name: uploads get a fresh name each time and are never deleted, so
    that name keeps pointing at the bytes approved with the version whatever happens to the row later."""
    entry: dict = {}
    for field in type(row)._meta.concrete_fields:
        if field.name in _NOT_STORED:
            continue
        if field.is_relation:
            entry[field.attname] = getattr(row, field.attname)
            related = getattr(row, field.name) if entry[field.attname] is not None else None
            entry[field.name] = str(related) if related is not None else ""
            continue
        value = getattr(row, field.attname)
        entry[field.name] = (value.name or "") if isinstance(field, models.FileField) else _json(value)
        if field.choices:
            label = _choice_labels(field, get_language()).get(value, value)
            entry[f"{field.name}_display"] = "" if value in (None, "") else str(label)
    if isinstance(row, ServiceChannel):
        entry["hours_text"] = hours_text(row)
    if "file" in entry:
        # The officials' preview follows the row's current file; versions link their own file (with_file_links).
        entry["file_url"] = reverse("handbooks:form_file", kwargs={"pk": row.pk}) if entry["file"] and row.pk else ""
    return entry


def agency_chains(*agencies: Agency | None) -> dict[int, list[Agency]]:
    """Each agency's chain from the root of its tree down to itself, for all of them in one query."""
    wanted = [a for a in agencies if a is not None]
    if not wanted:
        return {}
    condition = Q()
    for a in wanted:
        condition |= Q(tree_id=a.tree_id, lft__lte=a.lft, rght__gte=a.rght)
    above = list(
        Agency.objects.filter(condition)
        .order_by("tree_id", "lft")
        .only("name", "code", "level_kind", "tree_id", "lft", "rght")
    )
    return {a.pk: [x for x in above if x.contains(a)] for a in wanted}


def agency_entry(agency: Agency | None, chains: dict[int, list[Agency]]) -> dict | None:
    """An agency as a version records it: its name then, and the names of the units above it then."""
    if agency is None:
        return None
    chain = chains.get(agency.pk) or [agency]
    return agency_dict(agency.pk, agency.name, agency.code, [(a.name, a.level_kind) for a in chain])


def agency_dict(pk: int, name: str, code: str, chain: list[tuple[str, str]]) -> dict:
    """The recorded agency from plain values; `chain`: (name, level) from the root of its tree down to it."""
    ministry = next((n for n, level in chain if level == Agency.Level.MINISTRY), "")
    return {"id": pk, "name": name, "code": code, "chain": [n for n, _level in chain], "ministry": ministry}


def procedure_snapshot(procedure: Procedure, chains: dict[int, list[Agency]]) -> dict:
    return {
        "id": procedure.pk,
        "number": procedure.running_number,
        "name": procedure.name,
        "agency": agency_entry(procedure.agency, chains),
        "scope": procedure.scope,
        "linkage": procedure.linkage,
        "type_display": procedure.type_display,
        "category": procedure.category,
        "category_display": procedure.get_category_display(),
        "impact": procedure.impact,
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
        "legal_time_unit": procedure.legal_time_unit,
        "legal_time_unit_display": procedure.get_legal_time_unit_display(),
        "stat_avg": procedure.stat_avg,
        "stat_max": procedure.stat_max,
        "stat_min": procedure.stat_min,
    }


def handbook_part(handbook: Handbook, agency: dict | None, author_name: str) -> dict:
    """Sections 10, 12–14 and 19 of `handbook`, with its agency as `agency_entry` recorded it."""
    return {
        "id": handbook.pk,
        "reference_name": handbook.reference_name,
        "agency": agency,
        "author": author_name,
        "criteria": handbook.criteria,
        "total_time_value": handbook.total_time_value,
        "total_time_unit": handbook.total_time_unit,
        "total_time_unit_display": handbook.get_total_time_unit_display(),
        "reduced": handbook.reduced,
        "note": handbook.note,
    }


def build_snapshot(handbook: Handbook) -> dict:
    """The whole handbook as JSON-ready data. Use `handbook_queryset()` to fetch `handbook` first."""
    chains = agency_chains(handbook.agency, handbook.procedure.agency)
    snapshot = {
        "schema": SCHEMA,
        "procedure": procedure_snapshot(handbook.procedure, chains),
        "handbook": handbook_part(handbook, agency_entry(handbook.agency, chains), handbook.author.display_name),
    }
    for rows in ROWS:
        snapshot[rows.key] = [row_entry(row) for row in getattr(handbook, rows.key).all()]
    return snapshot


def with_file_links(snapshot: dict, url_for_index) -> dict:
    """A copy of a stored snapshot whose uploaded forms link `url_for_index(i)`: a view serving the file recorded
    in that version ("file"), not the row's current file. Entries of snapshots made before forms recorded their
    "file" keep the link they were stored with. The stored snapshot is left as it is."""
    forms = [
        {**entry, "file_url": url_for_index(index)} if entry.get("file") else entry
        for index, entry in enumerate(snapshot.get("forms", []))
    ]
    return {**snapshot, "forms": forms}


def rows_from_snapshot(snapshot: dict) -> dict[str, list[models.Model]]:
    """Unsaved row objects rebuilt from a stored version, per repeating section (for a copy of what was
    published). Fields a version of an older schema did not record keep their model default; a responsible
    ministry that no longer exists is left empty."""
    ministries = {
        entry.get("responsible_ministry_id")
        for entry in snapshot.get("steps", [])
        if entry.get("responsible_ministry_id")
    }
    existing = set(Agency.objects.filter(pk__in=ministries).values_list("pk", flat=True)) if ministries else set()
    rebuilt: dict[str, list[models.Model]] = {}
    for rows in ROWS:
        objects = []
        for position, entry in enumerate(snapshot.get(rows.key, [])):
            values = {"position": position}
            for field in rows.model._meta.concrete_fields:
                if field.name in _NOT_STORED or field.attname not in entry and field.name not in entry:
                    continue
                if field.is_relation:
                    pk = entry.get(field.attname)
                    values[field.attname] = pk if pk in existing else None
                    continue
                value = entry[field.name]
                if value is not None and isinstance(field, models.TimeField):
                    value = datetime.time.fromisoformat(value)
                elif value is not None and isinstance(field, models.DecimalField):
                    value = Decimal(value)
                values[field.attname] = value
            objects.append(rows.model(**values))
        rebuilt[rows.key] = objects
    return rebuilt
