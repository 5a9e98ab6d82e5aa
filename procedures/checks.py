"""What a saved procedure still lacks before its handbook may be submitted (manual rules P1–P9).

Called by the handbook and approval apps; the rule logic itself lives in `procedures.rules`, shared with the forms.
"""

from __future__ import annotations

from portal.checks import UnmetRule

from . import rules


def unmet_rules(procedure) -> list[UnmetRule]:
    """Every unmet rule P1–P9 of a saved procedure, in rule order (empty list: the procedure is complete).

    P2 (started with "สร้าง"), P6 (search before creating a law) and P7 ("ปรับปรุงข้อมูล") are steps of the
    user interface, so a saved procedure always meets them. Uses prefetched `areas` / `law_links` when present.
    """
    unmet: list[UnmetRule] = []

    def add(rule: str, message: str | None, anchor: str) -> None:
        if message:
            unmet.append(UnmetRule(rule=rule, message=message, anchor=anchor))

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
    add("P9", rules.legal_time_error(procedure.legal_time_value, procedure.legal_time_law), "id_legal_time")
    return unmet
