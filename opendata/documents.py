"""A published version's snapshot as the API and the bulk files publish it: sections 1–19 as structured fields.

The one function `handbook_document` turns a stored snapshot (`handbooks.snapshot`, schema 1–3) into plain JSON
data; the API's detail answers, the version answers and every line of the JSON Lines export are this dict, and
`opendata.serializers` declares its fields (with Thai and English descriptions) for the OpenAPI schema. A test
passes documents through the serializers and requires them unchanged, so the schema says exactly what is sent.

Fields a snapshot of an older schema did not record get their empty value ("" / None / []), never a value from
the working copy. Form files link `public:form_file` of this very version, as the public page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

ISO_UNITS = {"minute": ("PT", "M"), "hour": ("PT", "H"), "day": ("P", "D"), "working_day": ("P", "D")}


def iso_duration(value, unit: str | None) -> str | None:
    """An ISO 8601 duration for a value and a time unit of the handbook (working days count as days: the unit
    field says which)."""
    if value in (None, "") or unit not in ISO_UNITS:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    prefix, suffix = ISO_UNITS[unit]
    return f"{prefix}{number}{suffix}"


@dataclass(frozen=True)
class Links:
    """Absolute addresses of one site (`base`: scheme and host, no trailing slash)."""

    base: str

    def path(self, name: str, **kwargs) -> str:
        return self.base + reverse(name, kwargs=kwargs)

    def handbook(self, pk: int) -> str:
        return self.path("api:handbook", pk=pk)

    def handbook_page(self, pk: int) -> str:
        return self.path("public:handbook", pk=pk)

    def version(self, pk: int, number: int) -> str:
        return self.path("api:version", pk=pk, number=number)

    def version_page(self, pk: int, number: int) -> str:
        return self.path("public:version", pk=pk, number=number)

    def cpsv(self, pk: int) -> str:
        return self.path("api:handbook_cpsv", pk=pk)

    def agency(self, pk: int) -> str:
        return self.path("api:agency", pk=pk)

    def law(self, pk: int) -> str:
        return self.path("api:law", pk=pk)

    def form_file(self, pk: int, number: int, index: int) -> str:
        return self.path("public:form_file", pk=pk, number=number, index=index)


def _text(value) -> str:
    return "" if value is None else str(value)


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def agency_document(entry: dict | None, links: Links) -> dict | None:
    if not entry or _int(entry.get("id")) is None:
        return None
    return {
        "id": entry["id"],
        "name": _text(entry.get("name")),
        "code": _text(entry.get("code")),
        "chain": [str(name) for name in entry.get("chain") or []],
        "ministry": _text(entry.get("ministry")),
        "url": links.agency(entry["id"]),
    }


def procedure_document(procedure: dict, links: Links) -> dict:
    names = procedure.get("areas") or []
    codes = procedure.get("area_codes") or []
    return {
        "id": _int(procedure.get("id")),
        "number": _int(procedure.get("number")),
        "name": _text(procedure.get("name")),
        "agency": agency_document(procedure.get("agency"), links),
        "type_display": _text(procedure.get("type_display")),
        "scope": _text(procedure.get("scope")),
        "linkage": _text(procedure.get("linkage")),
        "category": _text(procedure.get("category")),
        "category_display": _text(procedure.get("category_display")),
        "laws": [
            {
                "id": _int(law.get("id")),
                "title": _text(law.get("title")),
                "kind_display": _text(law.get("kind_display")),
                "year_be": _int(law.get("year_be")),
                "url": _text(law.get("url")),
                "api_url": links.law(law["id"]) if _int(law.get("id")) is not None else None,
            }
            for law in procedure.get("laws") or []
        ],
        "impact": _text(procedure.get("impact")),
        "impact_display": _text(procedure.get("impact_display")),
        "areas": [
            {"code": _text(codes[i]) if i < len(codes) else "", "name": _text(name)} for i, name in enumerate(names)
        ],
        "legal_time": {
            "law": _text(procedure.get("legal_time_law")),
            "value": _int(procedure.get("legal_time_value")),
            "unit": _text(procedure.get("legal_time_unit")),
            "unit_display": _text(procedure.get("legal_time_unit_display")),
            "iso8601": iso_duration(procedure.get("legal_time_value"), procedure.get("legal_time_unit")),
        },
        "statistics": {
            "average_per_month": _int(procedure.get("stat_avg")),
            "max": _int(procedure.get("stat_max")),
            "min": _int(procedure.get("stat_min")),
        },
    }


def channel_document(row: dict) -> dict:
    return {
        "kind": _text(row.get("kind")),
        "kind_display": _text(row.get("kind_display")),
        "place": _text(row.get("place")),
        "address": _text(row.get("address")),
        "phone": _text(row.get("phone")),
        "website": _text(row.get("website")),
        "hours_24": bool(row.get("hours_24")),
        "day_from": _int(row.get("day_from")),
        "day_from_display": _text(row.get("day_from_display")),
        "day_to": _int(row.get("day_to")),
        "day_to_display": _text(row.get("day_to_display")),
        "except_holidays": bool(row.get("except_holidays")),
        "open_time": row.get("open_time") or None,
        "close_time": row.get("close_time") or None,
        "lunch_break": bool(row.get("lunch_break")),
        "hours_text": _text(row.get("hours_text")),
        "note": _text(row.get("note")),
    }


def step_document(row: dict) -> dict:
    ministry_id = _int(row.get("responsible_ministry_id"))
    return {
        "kind": _text(row.get("kind")),
        "kind_display": _text(row.get("kind_display")),
        "detail": _text(row.get("detail")),
        "duration_value": _int(row.get("duration_value")),
        "duration_unit": _text(row.get("duration_unit")),
        "duration_unit_display": _text(row.get("duration_unit_display")),
        "duration_iso8601": iso_duration(row.get("duration_value"), row.get("duration_unit")),
        "responsible_ministry": (
            {"id": ministry_id, "name": _text(row.get("responsible_ministry"))} if ministry_id is not None else None
        ),
        "receiving_point": _text(row.get("receiving_point")),
        "note": _text(row.get("note")),
    }


def document_document(row: dict) -> dict:
    return {
        "group": _text(row.get("group")),
        "group_display": _text(row.get("group_display")),
        "name": _text(row.get("name")),
        "issued_by": _text(row.get("issued_by")),
        "originals": _int(row.get("originals")) or 0,
        "copies": _int(row.get("copies")) or 0,
        "unit": _text(row.get("unit")),
        "unit_display": _text(row.get("unit_display")),
        "from_power_of_attorney": bool(row.get("from_power_of_attorney")),
        "note": _text(row.get("note")),
    }


def fee_document(row: dict) -> dict:
    amount = row.get("amount")
    return {
        "description": _text(row.get("description")),
        "amount": None if amount in (None, "") else f"{Decimal(str(amount)):.2f}",
        "unit": _text(row.get("unit")),
        "unit_display": _text(row.get("unit_display")),
        "currency": "THB" if row.get("unit", "baht") == "baht" else None,
        "is_range": bool(row.get("is_range")),
        "note": _text(row.get("note")),
    }


def complaint_document(row: dict) -> dict:
    return {"channel": _text(row.get("channel")), "website": _text(row.get("website")), "note": _text(row.get("note"))}


def form_document(row: dict, file_url: str | None) -> dict:
    return {
        "name": _text(row.get("name")),
        "url": _text(row.get("url")),
        "file_url": file_url,
        "note": _text(row.get("note")),
    }


def _file_url(row: dict, handbook_id: int, number: int, index: int, links: Links) -> str | None:
    """The public address of the file this version published with the form (public:form_file); entries stored
    before snapshots named their file ("file") keep the link they were stored with, as the public page does."""
    if row.get("file"):
        return links.form_file(handbook_id, number, index)
    if "file" not in row and str(row.get("file_url") or "").startswith("/"):
        return links.base + row["file_url"]
    return None


def handbook_document(
    handbook_id: int, number: int, approved_at, change_note: str, snapshot: dict, links: Links, *, live: bool = True
) -> dict:
    """The published version `number` of handbook `handbook_id` (its stored `snapshot`) as the API sends it."""
    procedure = snapshot.get("procedure") or {}
    part = snapshot.get("handbook") or {}
    forms = snapshot.get("forms") or []
    return {
        "id": handbook_id,
        "url": links.handbook(handbook_id),
        "html_url": links.handbook_page(handbook_id),
        "cpsv_url": links.cpsv(handbook_id),
        "version": {
            "number": number,
            "published_at": approved_at.isoformat() if approved_at else None,
            "change_note": _text(change_note),
            "is_live": live,
            "url": links.version(handbook_id, number),
            "html_url": links.version_page(handbook_id, number),
        },
        "procedure": procedure_document(procedure, links),
        "reference_name": _text(part.get("reference_name")),
        "agency": agency_document(part.get("agency"), links),
        "channels": [channel_document(row) for row in snapshot.get("channels") or []],
        "criteria": _text(part.get("criteria")),
        "steps": [step_document(row) for row in snapshot.get("steps") or []],
        "total_time": {
            "value": _int(part.get("total_time_value")),
            "unit": _text(part.get("total_time_unit")),
            "unit_display": _text(part.get("total_time_unit_display")),
            "iso8601": iso_duration(part.get("total_time_value"), part.get("total_time_unit")),
        },
        "reduced": bool(part.get("reduced")),
        "documents": [document_document(row) for row in snapshot.get("documents") or []],
        "fees": [fee_document(row) for row in snapshot.get("fees") or []],
        "complaints": [complaint_document(row) for row in snapshot.get("complaints") or []],
        "forms": [
            form_document(row, _file_url(row, handbook_id, number, index, links)) for index, row in enumerate(forms)
        ],
        "note": _text(part.get("note")),
    }
