"""Small helpers for the handbook templates (no business logic: grouping and layout only)."""

from django import template

register = template.Library()

GROUPS = (
    ("identity", "เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ"),
    ("other", "เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม"),
)


@register.filter
def document_groups(documents):
    """The snapshot's documents in the two printed groups, each numbered from 1."""
    return [
        {"group": code, "label": label, "rows": [d for d in documents or [] if d.get("group") == code]}
        for code, label in GROUPS
    ]


@register.filter
def col_class(bound_field) -> str:
    """The grid column of a row field (the Django-template fallback of the rows; the Jinja2 rows call it in Python)."""
    from handbooks.forms import col_class as widget_col_class

    return widget_col_class(bound_field.field.widget)


@register.simple_tag
def procedure_handbooks(procedure, user) -> dict:
    """The procedure's handbooks the user may see, and whether the user may start one."""
    from handbooks.models import Handbook

    handbooks = (
        Handbook.objects.visible_to(user)
        .filter(procedure=procedure)
        .select_related("agency")
        .only("pk", "reference_name", "status", "agency__name")[:50]
    )
    return {"handbooks": list(handbooks), "can_create": bool(user.is_author or user.is_superuser)}
