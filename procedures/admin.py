from django.contrib import admin

from portal.formsets import CountCheckedInlineFormSet

from .models import Procedure, ProcedureLaw, ServiceArea


class ProcedureLawInline(admin.TabularInline):
    model = ProcedureLaw
    # A forged law_links-INITIAL_FORMS (e.g. -1) made the existing links "new" ones: IntegrityError, a 500.
    formset = CountCheckedInlineFormSet
    extra = 0
    raw_id_fields = ("law",)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "agency", "category", "updated_at")
    list_filter = ("category", "scope", "linkage", "impact")
    search_fields = ("name", "agency__name")
    list_select_related = ("agency",)
    # ~8,000 agencies: never a <select> of all of them.
    raw_id_fields = ("agency",)
    readonly_fields = ("created_by", "created_at", "updated_by", "updated_at", "lock_version")
    filter_horizontal = ("areas",)
    inlines = [ProcedureLawInline]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position")
    list_editable = ("position",)
