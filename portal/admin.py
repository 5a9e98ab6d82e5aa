from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from . import audit
from .models import Agency, AuditEntry, User


def _protected_message(error: ProtectedError) -> str:
    kinds = sorted({obj._meta.verbose_name for obj in error.protected_objects})
    return str(_("ลบหน่วยงานนี้ไม่ได้ เพราะยังมีข้อมูลที่อ้างถึงหน่วยงานนี้อยู่: %(kinds)s")) % {
        "kinds": ", ".join(str(k) for k in kinds)
    }


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the posted id up again to redisplay the choice after an error; a forged
    id ("abc", "1.5", 20 digits) reached that query unchecked and failed with ValueError or OverflowError (a 500).
    Only ids the form field itself accepts (its own lookup guards against such input) are redisplayed; the form
    shows its "not a valid choice" message for the rest."""

    def optgroups(self, name, value, attr=None):
        field = self.choices.field
        usable = []
        for item in value:
            try:
                field.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class CheckedAutocompleteMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Agency)
class AgencyAdmin(CheckedAutocompleteMixin, DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "code", "level_kind")
    list_display_links = ("indented_title",)
    list_filter = ("level_kind",)
    search_fields = ("name", "name_en", "code")
    list_per_page = 200
    autocomplete_fields = ("parent",)
    mptt_level_indent = 20

    class Media:
        css = {"all": ["css/admin_tree.css"]}

    @admin.display(description=_("ชื่อหน่วยงาน"))
    def indented_title(self, item):
        # mptt indents with a style="" attribute, which the Content-Security-Policy blocks: indent with a class.
        return format_html('<div class="agency-indent-{}">{}</div>', min(item._mpttfield("level"), 9), item)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            "portal.agency.changed" if change else "portal.agency.created",
            obj=obj,
            request=request,
            data={"fields": list(form.changed_data)},
        )

    def changelist_view(self, request, *args, **kwargs):
        # Drag-and-drop moves skip the change form and Agency.clean(): check the new place first (same rules).
        if request.method == "POST" and request.POST.get("cmd") == "move_node":
            refused = self._refuse_invalid_move(request)
            if refused is not None:
                return refused
        return super().changelist_view(request, *args, **kwargs)

    def _refuse_invalid_move(self, request):
        try:
            cut_item = Agency.objects.get(pk=request.POST.get("cut_item"))
            pasted_on = Agency.objects.get(pk=request.POST.get("pasted_on"))
        except (Agency.DoesNotExist, TypeError, ValueError):
            return None  # mptt answers these itself
        cut_item.parent = pasted_on if request.POST.get("position") == "last-child" else pasted_on.parent
        try:
            cut_item.clean()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        return None

    def get_move_node_change_message(self, request, cut_item, pasted_on, data_before_update):
        # Drag-and-drop in the tree moves a node without save_model(): audit the move here (called after it).
        audit.record(
            "portal.agency.moved",
            obj=cut_item,
            request=request,
            data={
                "parent_before": getattr(data_before_update.get("parent"), "pk", None),
                "parent": cut_item.parent_id,
                "position": request.POST.get("position"),
                "target": pasted_on.pk,
            },
        )
        return super().get_move_node_change_message(request, cut_item, pasted_on, data_before_update)

    def delete_view(self, request, object_id, extra_context=None):
        # An agency that owns anything is PROTECTed; say why instead of failing with a 500.
        try:
            return super().delete_view(request, object_id, extra_context)
        except ProtectedError as error:
            self.message_user(request, _protected_message(error), messages.ERROR)
            return HttpResponseRedirect(request.path.rsplit("/delete/", 1)[0] + "/change/")

    def delete_model(self, request, obj):
        audit.record("portal.agency.deleted", obj=obj, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record("portal.agency.deleted", obj=obj, request=request)
        super().delete_queryset(request, queryset)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except ProtectedError as error:
            self.message_user(request, _protected_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(User)
class OfficialAdmin(CheckedAutocompleteMixin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "agency", "is_author", "is_approver", "is_staff")
    list_filter = ("is_author", "is_approver", "is_central_approver", "is_staff", "is_active")
    list_select_related = ("agency",)
    search_fields = ("username", "first_name", "last_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    fieldsets = UserAdmin.fieldsets + (
        (_("หน่วยงานและบทบาท"), {"fields": ("agency", "is_author", "is_approver", "is_central_approver")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("หน่วยงานและบทบาท"), {"fields": ("agency", "is_author", "is_approver", "is_central_approver")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            "portal.user.changed" if change else "portal.user.created",
            obj=obj,
            request=request,
            data={"fields": [f for f in form.changed_data if f not in {"password", "password1", "password2"}]},
        )

    def delete_model(self, request, obj):
        # Removing an official removes their roles: audited like any other change of roles.
        audit.record("portal.user.deleted", obj=obj, request=request, data={"username": obj.username})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record("portal.user.deleted", obj=obj, request=request, data={"username": obj.username})
        super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_repr", "ip_address")
    list_filter = ("action", ("created_at", admin.DateFieldListFilter), "content_type")
    search_fields = ("action", "object_repr", "actor__username")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
