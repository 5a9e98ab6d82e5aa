from django.contrib import admin

from .models import HandbookVersion


@admin.register(HandbookVersion)
class HandbookVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only everywhere, the admin included."""

    list_display = ("handbook", "number", "approved_by", "approved_at")
    list_select_related = ("handbook", "approved_by")
    raw_id_fields = ("handbook",)
    search_fields = ("handbook__reference_name",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
