"""Small helpers for the handbook templates (no business logic: grouping, layout, and asking the model's rules)."""

from django import template
from django.db.models import BooleanField, Case, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from handbooks.models import Document, Handbook, may_create_handbook
from handbooks.sections import BY_NUMBER

register = template.Library()


@register.simple_tag
def handbook_sections() -> dict:
    """`{% handbook_sections as S %}`: the 19 sections by number ("1" … "19"): `S.11.heading`."""
    return BY_NUMBER


@register.simple_tag(takes_context=True)
def handbook_permissions(context, handbook) -> dict:
    """`{% handbook_permissions handbook as can %}`: what the signed-in user may do with it (Handbook's rules)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if handbook is None or user is None:
        return {}
    return handbook.permissions_for(user)


@register.filter
def document_groups(documents):
    """The snapshot's documents in the two printed groups, each numbered from 1."""
    return [
        {"group": code, "label": label, "rows": [d for d in documents or [] if d.get("group") == code]}
        for code, label in Document.Group.choices
    ]


@register.filter
def col_class(bound_field) -> str:
    """The grid column of a row field (the Django-template fallback of the rows; the Jinja2 rows call it in Python)."""
    from handbooks.forms import col_class as field_col_class

    return field_col_class(bound_field)


@register.simple_tag
def procedure_handbooks(procedure, user) -> dict:
    """The procedure's handbooks the user may open, and whether the user may start one. Handbooks outside the
    user's scope are listed as their live version published them (reference name, agency), never their working
    copy."""
    live = "live_version__snapshot"
    handbooks = (
        Handbook.objects.visible_to(user)
        .filter(procedure=procedure)
        .annotate(
            mine=Case(When(user.scope_q("agency"), then=Value(True)), default=Value(False), output_field=BooleanField())
            if not user.has_all_scope
            else Value(True, output_field=BooleanField()),
            live_reference=KeyTextTransform("reference_name", KeyTransform("handbook", live)),
            live_agency=KeyTextTransform("name", KeyTransform("agency", KeyTransform("handbook", live))),
        )
        .select_related("agency")
        .only("pk", "reference_name", "status", "agency__name")
        .order_by("pk")[:50]
    )
    return {"handbooks": list(handbooks), "can_create": may_create_handbook(user)}
