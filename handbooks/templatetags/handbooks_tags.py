"""Small helpers for the handbook templates (no business logic: grouping, layout, and asking the model's rules)."""

from django import template
from django.core.paginator import InvalidPage
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from handbooks.filters import ProcedureHandbookFilter
from handbooks.models import Document, Handbook, may_create_handbook
from handbooks.sections import BY_NUMBER
from portal.paging import OfficialListPaginator

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
    from handbooks.forms import col_class as widget_col_class

    return widget_col_class(bound_field.field.widget)


PROCEDURE_HANDBOOKS_PER_PAGE = 20


@register.simple_tag(takes_context=True)
def procedure_handbooks(context, procedure) -> dict:
    """The handbooks written on `procedure` that the signed-in official's agency sees as its owner
    (`Handbook.objects.on_procedures_owned_by`), filtered (ProcedureHandbookFilter, `?hb-…`) and paged (`?page=`),
    with the procedure's totals. Rows outside the official's scope read their live version only: reference name
    and agency from its snapshot, the approval date; never the working copy. The same few queries for 1 or
    thousands of handbooks: the count is capped (OfficialListPaginator) and the row columns are computed for the
    page's rows only."""
    request = context["request"]
    user = request.user
    handbooks = Handbook.objects.on_procedures_owned_by(user).filter(procedure=procedure)
    mine = (
        Case(When(user.scope_q("agency"), then=Value(True)), default=Value(False), output_field=BooleanField())
        if not user.has_all_scope
        else Value(True, output_field=BooleanField())
    )
    # Own first, then the latest approved (a later version has a higher id: no join to the versions to sort).
    order = ("-mine", F("live_version_id").desc(nulls_last=True), "-pk")
    totals = handbooks.aggregate(all=Count("pk"), published=Count("pk", filter=Q(live_version__isnull=False)))
    filterset = ProcedureHandbookFilter(request.GET, queryset=handbooks, request=request, prefix="hb")
    listed = filterset.qs.annotate(mine=mine).only("pk").order_by(*order)

    def rows(window):
        live = "live_version__snapshot"
        return (
            Handbook.objects.filter(pk__in=window)
            .annotate(
                mine=mine,
                live_reference=KeyTextTransform("reference_name", KeyTransform("handbook", live)),
                live_agency=KeyTextTransform("name", KeyTransform("agency", KeyTransform("handbook", live))),
                approved_at=F("live_version__approved_at"),
            )
            .select_related("agency")
            .only("pk", "reference_name", "status", "agency__name")
            .order_by(*order)
        )

    paginator = OfficialListPaginator(listed, PROCEDURE_HANDBOOKS_PER_PAGE, rows=rows)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:  # a typed or stale page number: the first page rather than an error on the procedure page
        page_obj = paginator.page(1)
    return {
        "page_obj": page_obj,
        "paginator": paginator,
        "filter": filterset,
        "filtered": any(filterset.form.cleaned_data.get(name) for name in filterset.filters),
        "total": totals["all"],
        "published": totals["published"],
        "can_create": may_create_handbook(user),
    }
