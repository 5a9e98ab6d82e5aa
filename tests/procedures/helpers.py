"""Shared helpers for the procedure tests: a valid POST body for the procedure form."""

from procedures.models import ServiceArea


def form_data(owner, chosen_laws, **overrides) -> dict:
    """A POST body that meets every rule P1–P9; override any key to break one rule."""
    data = {
        "name": "การขออนุญาตจำหน่ายสินค้าควบคุม [N]",
        "agency": str(owner.pk) if owner is not None else "",
        "agency_search": owner.name if owner is not None else "",
        "scope": "central",
        "linkage": "single",
        "category": "permit",
        "impact": "general",
        "areas": [str(ServiceArea.objects.get(code="central").pk)],
        "laws": [str(law.pk) for law in chosen_laws],
        "legal_time_law": "",
        "legal_time": "ไม่มี",
        "legal_time_unit": "minute",
        "stat_avg": "0",
        "stat_max": "0",
        "stat_min": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
