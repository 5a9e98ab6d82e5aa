"""What a handbook still lacks before it may be submitted for approval ("ขออนุมัติเผยแพร่", H10).

`Handbook.submit` refuses submission while `unmet_rules(handbook)` is not empty; the authoring page lists the same
entries with links to the fields. The rule logic lives in `handbooks.rules`, shared with the forms.
"""

from __future__ import annotations

from portal.checks import UnmetRule
from procedures.checks import unmet_rules as procedure_unmet_rules

from . import rules

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


def _row_label(prefix: str, index: int) -> str:
    labels = {
        "channels": "ช่องทางการให้บริการ",
        "steps": "ขั้นตอน",
        "documents": "เอกสาร",
        "fees": "ค่าธรรมเนียม",
        "complaints": "ช่องทางการร้องเรียน",
        "forms": "แบบฟอร์ม",
    }
    return f"{labels[prefix]} แถวที่ {index + 1}"


def unmet_rules(handbook) -> list[UnmetRule]:
    """Every unmet rule of the procedure (P1–P9) and of the handbook (H1–H9), empty when ready to submit.

    Uses the prefetched rows when the handbook comes from `handbooks.snapshot.handbook_queryset()`.
    """
    unmet: list[UnmetRule] = []
    if handbook.procedure_id:
        unmet.extend(procedure_unmet_rules(handbook.procedure))

    saved = handbook.pk is not None
    channels = list(handbook.channels.all()) if saved else []
    steps = list(handbook.steps.all()) if saved else []
    documents = list(handbook.documents.all()) if saved else []
    fees = list(handbook.fees.all()) if saved else []
    complaints = list(handbook.complaints.all()) if saved else []
    forms = list(handbook.forms.all()) if saved else []

    if handbook.agency_id and handbook.author_id and not handbook.author.in_scope(handbook.agency):
        unmet.append(UnmetRule("H9", str(rules.MESSAGES["H9_agency"]), SECTION_ANCHORS["agency"]))

    top = rules.handbook_problems(
        handbook,
        steps_count=len(steps),
        channels_count=len(channels),
        documents_count=len(documents),
        complaints_count=len(complaints),
    )
    for p in top:
        unmet.append(UnmetRule(p.rule, p.message, SECTION_ANCHORS.get(p.field, "")))

    per_row = [
        ("channels", channels, rules.channel_problems),
        ("steps", steps, rules.step_problems),
        ("documents", documents, rules.document_problems),
        ("fees", fees, rules.fee_problems),
        ("forms", forms, rules.form_sample_problems),
    ]
    for prefix, rows, check in per_row:
        for index, row in enumerate(rows):
            for p in check(row):
                unmet.append(
                    UnmetRule(p.rule, f"{_row_label(prefix, index)}: {p.message}", f"id_{prefix}-{index}-{p.field}")
                )
    order = {f"H{i}": i for i in range(1, 11)}
    # Procedure rules first (as returned), then the handbook's in rule order; stable within a rule.
    return sorted(unmet, key=lambda u: (u.rule.startswith("H"), order.get(u.rule, 0)))


def unmet_rules_of(pk: int) -> list[UnmetRule]:
    """`unmet_rules` of the stored handbook `pk`, read with everything it needs in a fixed number of queries."""
    from .snapshot import handbook_queryset

    return unmet_rules(handbook_queryset().get(pk=pk))
