from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_display import HideLinkRowsOnDeleteMixin, thai_datetime_column, value_column
from portal.formsets import CountCheckedInlineFormSet

from .models import Procedure, ProcedureLaw, ServiceArea


class ProcedureLawInline(admin.TabularInline):
    model = ProcedureLaw
    # A forged law_links-INITIAL_FORMS (e.g. -1) made the existing links "new" ones: IntegrityError, a 500.
    formset = CountCheckedInlineFormSet
    extra = 0
    raw_id_fields = ("law",)
    verbose_name = _("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง")
    verbose_name_plural = _("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("labels", {"law": _("กฎหมาย"), "position": _("ลำดับ")})
        return super().get_formset(request, obj, **kwargs)


@admin.register(Procedure)
class ProcedureAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    list_display = ("number", "name", "agency", "category", "updated_at_be")
    list_filter = ("category", "scope", "linkage", "impact")
    search_fields = ("name", "agency__name")
    list_select_related = ("agency",)
    # ~8,000 agencies: never a <select> of all of them.
    raw_id_fields = ("agency",)
    # Who and when are the system's: shown read-only under Thai headings, never fields of the form.
    exclude = ("created_by", "updated_by", "lock_version")
    readonly_fields = ("created_by_label", "created_at_be", "updated_by_label", "updated_at_be", "lock_version_label")
    number = value_column("id", _("เลขลำดับกระบวนงาน"))
    # Buddhist-Era dates, and Thai headings for the fields the model leaves unnamed (portal.admin_display).
    created_by_label = value_column("created_by", _("ผู้สร้าง"))
    created_at_be = thai_datetime_column(Procedure, "created_at", _("สร้างเมื่อ"))
    updated_by_label = value_column("updated_by", _("แก้ไขล่าสุดโดย"))
    updated_at_be = thai_datetime_column(Procedure, "updated_at", _("แก้ไขล่าสุดเมื่อ"))
    lock_version_label = value_column("lock_version", _("ครั้งที่บันทึก"))
    filter_horizontal = ("areas",)
    inlines = [ProcedureLawInline]


@admin.register(ServiceArea)
class ServiceAreaAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    # The order is edited on each area's page: a list column's heading is the model field's own (English) name.
    list_display = ("name", "code_label", "position_label")
    ordering = ("position", "id")
    code_label = value_column("code", _("รหัส"))
    position_label = value_column("position", _("ลำดับ"))

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("labels", {"code": _("รหัส"), "position": _("ลำดับ")})
        return super().get_form(request, obj, **kwargs)
