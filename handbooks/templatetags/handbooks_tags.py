"""Small helpers for the handbook templates (no business logic: grouping, layout, and asking the model's rules)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.core.paginator import InvalidPage
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from handbooks.filters import ProcedureHandbookFilter
from handbooks.models import Document, Fee, Handbook, may_create_handbook
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


@register.simple_tag
def row_labels(number: int) -> dict[str, str]:
    """`{% row_labels 15 as L %}`: the Thai labels of a repeating section's row fields (`L.issued_by`), as
    handbooks.sections names them, so a printed table's columns and the review diff say the same words."""
    return dict(BY_NUMBER[str(number)].rows.shown)


@register.filter
def document_groups(documents):
    """The snapshot's documents in the two printed groups ("15.1)", "15.2)": `number`), rows numbered from 1."""
    return [
        {"number": n, "group": code, "label": label, "rows": [d for d in documents or [] if d.get("group") == code]}
        for n, (code, label) in enumerate(Document.Group.choices, start=1)
    ]


@register.filter
def fee_amount(fee: dict) -> str:
    """A fee as officials write it: "5 บาท", "250,000 บาท", "12.50 บาท", "ร้อยละ 2", "ร้อยละ 0.5".

    The snapshot keeps the stored decimal ("2.00"); whole amounts lose the ".00", baht keep satang, percentages
    keep only the digits they need. A value that is not a number is printed as it was stored."""
    raw = fee.get("amount")
    try:
        amount = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return "" if raw is None else str(raw)
    if not amount.is_finite():
        return str(raw)
    percent = fee.get("unit") == Fee.Unit.PERCENT
    if amount == amount.to_integral_value():
        text = f"{amount:,.0f}"
    elif percent:
        text = f"{amount.normalize():f}"
    else:
        text = f"{amount:,.2f}"
    return f"ร้อยละ {text}" if percent else f"{text} บาท"


@register.filter
def col_class(bound_field) -> str:
    """The grid column of a row field (the Django-template fallback of the rows; the Jinja2 rows call it in Python)."""
    from handbooks.forms import col_class as field_col_class

    return field_col_class(bound_field)


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


@register.simple_tag
def handbook_advice(handbook) -> list:
    """`{% handbook_advice handbook as advice %}`: the hints that block nothing (handbooks.checks.advice)."""
    from handbooks.checks import advice

    return advice(handbook) if handbook is not None and handbook.pk else []
