from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_display import thai_datetime_column, value_column

from .models import HandbookVersion


@admin.register(HandbookVersion)
class HandbookVersionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
