from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_display import ReadOnlyAdmin, thai_datetime_column, value_column

from .models import ApprovalChain, Decision, HandbookVersion


@admin.register(HandbookVersion)
class HandbookVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Published versions are read-only everywhere, the admin included."""

    list_display = ("handbook_label", "number", "approved_by", "approved_at_be")
    list_select_related = ("handbook", "approved_by")
    raw_id_fields = ("handbook",)
    search_fields = ("handbook__reference_name",)
    fields = (
        "handbook_label",
        "number",
        "change_note",
        "submitted_by_label",
        "approved_by",
        "approved_at_be",
        "approve_comment",
        "snapshot",
    )
    readonly_fields = ("handbook_label", "submitted_by_label", "approved_at_be")
    # Buddhist-Era dates, and Thai headings for the fields the model leaves unnamed (portal.admin_display).
    handbook_label = value_column("handbook", _("คู่มือสำหรับประชาชน"))
    submitted_by_label = value_column("submitted_by", _("ผู้ขออนุมัติ"))
    approved_at_be = thai_datetime_column(HandbookVersion, "approved_at")


@admin.register(ApprovalChain)
class ApprovalChainAdmin(admin.ModelAdmin):
    """สายการอนุมัติ: one stage or two, for the whole country (no ministry) and per ministry."""

    list_display = ("scope_label", "stages", "updated_at_be")
    list_select_related = ("ministry",)
    autocomplete_fields = ("ministry",)
    fields = ("ministry", "stages")
    updated_at_be = thai_datetime_column(ApprovalChain, "updated_at")

    @admin.display(description=_("ขอบเขต"), ordering="ministry__name")
    def scope_label(self, obj) -> str:
        return obj.ministry.name if obj.ministry_id else _("ทั้งประเทศ (ค่าเริ่มต้น)")

    def save_model(self, request, obj, form, change) -> None:
        from portal.audit import record

        super().save_model(request, obj, form, change)
        record("handbooks.approvalchain.changed", obj=obj, request=request, data={"stages": obj.stages})


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Each stage's decisions, read-only: written by the workflow only."""

    list_display = ("handbook_label", "stage", "outcome", "decided_by", "decided_at_be")
    list_filter = ("outcome", "stage")
    list_select_related = ("handbook", "decided_by")
    search_fields = ("handbook__reference_name", "note")
    handbook_label = value_column("handbook", _("คู่มือสำหรับประชาชน"))
    decided_at_be = thai_datetime_column(Decision, "decided_at")
