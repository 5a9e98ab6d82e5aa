from django.contrib import admin

from .models import Law, LawRefresh


class LawRefreshInline(admin.TabularInline):
    model = LawRefresh
    extra = 0
    fields = ("refreshed_at", "user", "note")
    readonly_fields = ("refreshed_at", "user", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year_be", "refreshed_at", "refreshed_by")
    list_filter = ("kind",)
    search_fields = ("title", "title_key")
    readonly_fields = ("created_by", "created_at", "updated_at", "refreshed_by", "refreshed_at")
    list_select_related = ("refreshed_by",)
    inlines = [LawRefreshInline]
