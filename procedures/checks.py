"""What a saved procedure still lacks before its handbook may be submitted (manual rules P1–P9), and the advice
beside them that never blocks anything.

Called by the handbook and approval apps; the rule logic itself lives in `procedures.rules`, shared with the forms.
Each entry names its place in the procedure form's own words (`where`) and links to the field (`page` + `anchor`).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.checks import UnmetRule

from . import rules

# The headings of the procedure form's parts that are not one field (procedure_form.html).
SERVICE_TYPE = _("ประเภทของงานบริการ")
LAWS = _("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง")


def _where(key: str) -> str:
    """The procedure form's own words for the place of a rule: its field's label, or the heading of its part."""
    from .forms import ProcedureForm

    fields = ProcedureForm.base_fields
    labels = {
        "P1": fields["agency_search"].label,
        "P3": fields["name"].label,
        "P4": SERVICE_TYPE,
        "P5": LAWS,
        "P8": fields["areas"].label,
        "P9": fields["legal_time"].label,
        "P9_law": fields["legal_time_law"].label,
    }
    return str(labels[key])


def _form_page(procedure) -> str:
    return reverse("procedures:update", args=[procedure.pk]) if procedure.pk else ""


def unmet_rules(procedure) -> list[UnmetRule]:
    """Every unmet rule P1–P9 of a saved procedure, in rule order (empty list: the procedure is complete).

    P2 (started with "สร้าง"), P6 (search before creating a law) and P7 ("ปรับปรุงข้อมูล") are steps of the
    user interface, so a saved procedure always meets them. Uses prefetched `areas` / `law_links` when present.
    """
    unmet: list[UnmetRule] = []
    page = _form_page(procedure)

    def add(rule: str, message: str | None, anchor: str) -> None:
        if message:
            unmet.append(UnmetRule(rule=rule, message=message, anchor=anchor, where=_where(rule), page=page))

    add("P1", rules.owner_error(procedure.agency if procedure.agency_id else None), "id_agency_search")
    add("P3", rules.name_error(procedure.name), "id_name")
    add("P4", rules.type_error(procedure.scope, procedure.linkage), "div_id_scope")
    if procedure.pk is None:
        law_count, area_codes = 0, []
    else:
        law_count = len(procedure.law_links.all())
        area_codes = [area.code for area in procedure.areas.all()]
    add("P5", rules.laws_error(law_count), "id_law_search")
    add("P8", rules.areas_error(area_codes), "div_id_areas")
    add("P9", rules.legal_time_error(procedure.legal_time_value), "id_legal_time")
    return unmet


def advice(procedure) -> list[UnmetRule]:
    """Hints that never block submission: where the slide only notes or allows, the portal suggests (P9's law)."""
    hint = rules.legal_time_hint(procedure.legal_time_value, procedure.legal_time_law)
    if not hint:
        return []
    return [UnmetRule("P9", hint, "id_legal_time_law", where=_where("P9_law"), page=_form_page(procedure))]
