"""Places on a page where an app higher up the layering shows its part, registered from its AppConfig.ready().

A page of a lower app names a slot (`{% for t in "handbooks.detail"|slot_templates %}{% include t %}{% endfor %}`)
and never the app that fills it: the procedure page lists the procedure's handbooks through the slot
"procedures.detail" (filled by handbooks), the handbook page shows the workflow panel through "handbooks.detail"
(filled by approvals). The included template gets the page's whole context.
"""

from __future__ import annotations

from collections import defaultdict

_SLOTS: dict[str, list[str]] = defaultdict(list)


def register(slot: str, template_name: str) -> None:
    if template_name not in _SLOTS[slot]:
        _SLOTS[slot].append(template_name)


def templates(slot: str) -> list[str]:
    return list(_SLOTS.get(slot, ()))
