"""What a handbook still lacks before it may be submitted for approval ("ขออนุมัติเผยแพร่", H10), and the advice
that never blocks it.

`Handbook.submit` refuses submission while `unmet_rules(handbook)` is not empty; the authoring page lists the same
entries with links to the fields, each named in the form's own words (section, row, field label: `UnmetRule.where`),
never by the rule's id. The rule logic lives in `handbooks.rules`, shared with the forms.
"""

from __future__ import annotations

from portal.checks import UnmetRule
from procedures.checks import advice as procedure_advice
from procedures.checks import unmet_rules as procedure_unmet_rules

from . import rules
from .sections import BY_NUMBER

# Formset prefixes of the one-page form; row anchors are "id_<prefix>-<index>-<field>".
SECTION_ANCHORS = {
    "channels": "section-channels",
    "criteria": "id_criteria",
    "steps": "section-steps",
    "total_time_value": "id_total_time_value",
    "documents": "section-documents",
    "fees": "section-fees",
    "complaints": "section-complaints",
    "forms": "section-forms",
    "reference_name": "section-reference",
    "agency": "id_agency",
}

# The printed section of each part of the form (handbooks/sections.py holds the headings).
SECTION_NUMBERS = {
    "reference_name": 10,
    "channels": 11,
    "criteria": 12,
    "steps": 13,
    "total_time_value": 13,
    "documents": 15,
    "fees": 16,
    "complaints": 17,
    "forms": 18,
}

PROCEDURE_PART = "ส่วนกระบวนงาน"  # the manual's name for the procedure screen's part


def _section(key: str) -> str:
    number = SECTION_NUMBERS[key]
    return f"{number}. {BY_NUMBER[str(number)].heading}"


def _where(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _formsets() -> dict:
    from .forms import FORMSETS

    return {prefix: (label, formset_class.form) for prefix, label, formset_class in FORMSETS}


def _field_label(form_class, field: str) -> str:
    base = form_class.base_fields.get(field)
    return str(base.label) if base is not None and base.label else ""


def _top_where(field: str) -> str:
    """Section and field of a handbook-level entry, e.g. "13. ขั้นตอน … · ระยะเวลาดำเนินการรวม"."""
    from .forms import HandbookForm

    if field == "agency":
        return _field_label(HandbookForm, "agency_search")
    if field == "total_time_value":
        return _where(_section(field), _field_label(HandbookForm, field))
    return _section(field)


def _rows(handbook) -> dict[str, list]:
    saved = handbook.pk is not None
    return {
        "channels": list(handbook.channels.all()) if saved else [],
        "steps": list(handbook.steps.all()) if saved else [],
        "documents": list(handbook.documents.all()) if saved else [],
        "fees": list(handbook.fees.all()) if saved else [],
        "complaints": list(handbook.complaints.all()) if saved else [],
        "forms": list(handbook.forms.all()) if saved else [],
    }


# The row checks of the form's sections (complaint channels and form samples have none of their own).
ROW_CHECKS = (
    ("channels", rules.channel_problems),
    ("steps", rules.step_problems),
    ("documents", rules.document_problems),
    ("fees", rules.fee_problems),
)


def _top_entries(handbook, rows: dict[str, list], *, advice: bool) -> list[UnmetRule]:
    """Handbook-level entries (a section without rows, the reference name, the total time)."""
    problems = rules.handbook_problems(
        handbook,
        steps_count=len(rows["steps"]),
        channels_count=len(rows["channels"]),
        documents_count=len(rows["documents"]),
        complaints_count=len(rows["complaints"]),
    )
    return [
        UnmetRule(p.rule, p.message, SECTION_ANCHORS.get(p.field, ""), where=_top_where(p.field))
        for p in problems
        if p.advice == advice
    ]


def _row_entries(rows: dict[str, list], *, advice: bool) -> list[UnmetRule]:
    """Per-row entries: "15. รายการเอกสาร … · เอกสารที่ 3 · หน่วยงานภาครัฐผู้ออกเอกสาร", linked to the field."""
    formsets = _formsets()
    out = []
    for prefix, check in ROW_CHECKS:
        label, form_class = formsets[prefix]
        for index, row in enumerate(rows[prefix]):
            for p in check(row):
                if p.advice != advice:
                    continue
                where = _where(_section(prefix), f"{label}ที่ {index + 1}", _field_label(form_class, p.field))
                out.append(UnmetRule(p.rule, p.message, f"id_{prefix}-{index}-{p.field}", where=where))
    return out


def _from_procedure(entries: list[UnmetRule]) -> list[UnmetRule]:
    """The procedure's entries, placed in its part of the screen (they link to the procedure form)."""
    return [UnmetRule(u.rule, u.message, u.anchor, where=_where(PROCEDURE_PART, u.where), page=u.page) for u in entries]


def unmet_rules(handbook) -> list[UnmetRule]:
    """Every unmet rule of the procedure (P1–P9) and of the handbook (H1–H9), empty when ready to submit.

    Uses the prefetched rows when the handbook comes from `handbooks.snapshot.handbook_queryset()`.
    """
    unmet: list[UnmetRule] = []
    if handbook.procedure_id:
        unmet.extend(_from_procedure(procedure_unmet_rules(handbook.procedure)))

    rows = _rows(handbook)
    if handbook.agency_id and handbook.author_id and not handbook.author.in_scope(handbook.agency):
        message = str(rules.MESSAGES["H9_agency"])
        unmet.append(UnmetRule("H9", message, SECTION_ANCHORS["agency"], where=_top_where("agency")))

    unmet.extend(_top_entries(handbook, rows, advice=False))
    unmet.extend(_row_entries(rows, advice=False))
    order = {f"H{i}": i for i in range(1, 11)}
    # Procedure rules first (as returned), then the handbook's in rule order; stable within a rule.
    return sorted(unmet, key=lambda u: (u.rule.startswith("H"), order.get(u.rule, 0)))


def advice(handbook) -> list[UnmetRule]:
    """Hints that block nothing (H5's notes, P9's law): listed beside the checklist, each linked to its field."""
    out = []
    if handbook.procedure_id:
        out.extend(_from_procedure(procedure_advice(handbook.procedure)))
    rows = _rows(handbook)
    out.extend(_top_entries(handbook, rows, advice=True))
    out.extend(_row_entries(rows, advice=True))
    return out


def unmet_rules_of(pk: int) -> list[UnmetRule]:
    """`unmet_rules` of the stored handbook `pk`, read with everything it needs in a fixed number of queries."""
    from .snapshot import handbook_queryset

    return unmet_rules(handbook_queryset().get(pk=pk))
