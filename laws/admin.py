from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from portal.admin_display import thai_datetime_column, value_column
from portal.formsets import CountCheckedInlineFormSet

from .forms import LawForm
from .models import Law, LawRefresh


class LawAdminForm(LawForm):
    """The registry's own form (spaces collapsed, duplicates caught on the normalised title) with the existing
    law linked: without it a title differing only in spacing reached the unique title_key and gave a 500."""

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


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    form = LawAdminForm
    list_display = ("title", "kind", "year_be", "refreshed_at_be", "refreshed_by")
    list_filter = ("kind",)
    search_fields = ("title", "title_key")
    readonly_fields = ("created_by_label", "created_at_be", "updated_at_be", "refreshed_by", "refreshed_at_be")
    # Buddhist-Era dates, and Thai headings for the fields the model leaves unnamed (portal.admin_display).
    created_by_label = value_column("created_by", _l("ผู้เพิ่มข้อมูล"))
    created_at_be = thai_datetime_column(Law, "created_at", _l("เพิ่มข้อมูลเมื่อ"))
    updated_at_be = thai_datetime_column(Law, "updated_at", _l("แก้ไขล่าสุดเมื่อ"))
    refreshed_at_be = thai_datetime_column(Law, "refreshed_at")
    list_select_related = ("refreshed_by",)
    inlines = [LawRefreshInline]
