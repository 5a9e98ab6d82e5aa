from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from portal import audit
from portal.admin_display import thai_datetime_column, value_column
from portal.forms import ThaiDateField, ThaiDateInput
from portal.formsets import CountCheckedInlineFormSet
from portal.templatetags.thai import format_thai_date

from .forms import LawForm
from .models import REVIEW_YEARS, Law, LawRefresh, ReviewState, local_date


class LawAdminForm(LawForm):
    """The registry's own form (spaces collapsed, duplicates caught on the normalised title) with the existing
    law linked: without it a title differing only in spacing reached the unique title_key and gave a 500.

    Only here may the next review date be moved (section 6; officials' forms leave it to "ปรับปรุงข้อมูล")."""

    next_review_on = ThaiDateField(
        label=_l("ครบกำหนดทบทวนครั้งถัดไป"),
        required=False,
        widget=ThaiDateInput(attrs={"placeholder": "วว/ดด/ปปปป"}),
        help_text=format_lazy(
            _l(
                "วว/ดด/ปปปป เป็นปีพุทธศักราช เช่น 25/11/2574 เว้นว่างไว้ ระบบจะกำหนดเป็น {years} ปีนับจากวันที่ทบทวนล่าสุด "
                "และเมื่อมีการกด “ปรับปรุงข้อมูล” ระบบจะคำนวณวันนี้ใหม่"
            ),
            years=REVIEW_YEARS,
        ),
    )

    class Meta(LawForm.Meta):
        fields = [*LawForm.Meta.fields, "next_review_on"]

    def clean_next_review_on(self):
        value = self.cleaned_data.get("next_review_on")
        reviewed_on = self.instance.reviewed_on or local_date()
        if value is not None and value < reviewed_on:
            raise forms.ValidationError(
                _("วันครบกำหนดทบทวนต้องไม่ก่อนวันที่ทบทวนล่าสุด (%(date)s)"),
                code="before_review",
                params={"date": format_thai_date(reviewed_on)},
            )
        return value

    def clean_title(self) -> str:
        try:
            return super().clean_title()
        except forms.ValidationError as error:
            existing = getattr(self, "duplicate_of", None)
            if existing is None:
                raise
            raise forms.ValidationError(
                format_html(
                    _('มีกฎหมายนี้ในระบบแล้ว: <a href="{}">“{}”</a> กรุณาแก้ไขหรือใช้กฎหมายที่มีอยู่แทนการเพิ่มใหม่'),
                    reverse("admin:laws_law_change", args=[existing.pk]),
                    existing.title,
                ),
                code="duplicate",
            ) from error


class LawRefreshInline(admin.TabularInline):
    model = LawRefresh
    formset = CountCheckedInlineFormSet
    extra = 0
    fields = ("refreshed_at_be", "user_label", "note")
    readonly_fields = ("refreshed_at_be", "user_label", "note")
    refreshed_at_be = thai_datetime_column(LawRefresh, "refreshed_at")
    user_label = value_column("user", _l("ผู้ปรับปรุงข้อมูล"))
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReviewStateFilter(admin.SimpleListFilter):
    """Section 6: the laws overdue for review, due within the window, or not yet due (Law.objects' own rules)."""

    title = _l("การทบทวนกฎหมาย")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return ReviewState.choices

    def queryset(self, request, queryset):
        today = local_date()
        if self.value() == ReviewState.OVERDUE:
            return queryset.overdue(today)
        if self.value() == ReviewState.DUE:
            return queryset.due_soon(today)
        if self.value() == ReviewState.OK:
            return queryset.exclude(pk__in=queryset.review_needed(today).values("pk"))
        return queryset


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    form = LawAdminForm
    list_display = (
        "title",
        "kind",
        "year_be",
        "refreshed_at_be",
        "refreshed_by",
        "reviewed_on_be",
        "next_review_on_be",
    )
    list_filter = (ReviewStateFilter, "kind")
    search_fields = ("title", "title_key")
    readonly_fields = (
        "created_by_label",
        "created_at_be",
        "updated_at_be",
        "refreshed_by",
        "refreshed_at_be",
        "reviewed_on_be",
    )
    # Buddhist-Era dates, and Thai headings for the fields the model leaves unnamed (portal.admin_display).
    created_by_label = value_column("created_by", _l("ผู้เพิ่มข้อมูล"))
    created_at_be = thai_datetime_column(Law, "created_at", _l("เพิ่มข้อมูลเมื่อ"))
    updated_at_be = thai_datetime_column(Law, "updated_at", _l("แก้ไขล่าสุดเมื่อ"))
    refreshed_at_be = thai_datetime_column(Law, "refreshed_at")
    reviewed_on_be = thai_datetime_column(Law, "reviewed_on")
    next_review_on_be = thai_datetime_column(Law, "next_review_on")
    list_select_related = ("refreshed_by",)
    inlines = [LawRefreshInline]

    def save_model(self, request, obj, form, change):
        # One audit row per change, as the registry's own pages write (laws.law.created / laws.law.updated); a moved
        # review date keeps the date it replaced.
        super().save_model(request, obj, form, change)
        if not change:
            audit.record("laws.law.created", obj=obj, request=request, data={"title": obj.title, "admin": True})
            return
        if not form.has_changed():
            return
        data = {name: str(form.cleaned_data.get(name) or "") for name in form.changed_data}
        if "next_review_on" in form.changed_data:
            before = form.initial.get("next_review_on")
            data["next_review_on"] = obj.next_review_on.isoformat()
            data["next_review_on_before"] = before.isoformat() if before else ""
        audit.record("laws.law.updated", obj=obj, request=request, data={**data, "admin": True})
