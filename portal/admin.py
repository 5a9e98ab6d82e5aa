from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from . import audit
from .admin_display import (
    ReadOnlyAdmin,
    permission_label,
    thai_boolean_column,
    thai_datetime_column,
    value_column,
)
from .models import Agency, AuditEntry, User
from .templatetags.thai import format_thai_datetime


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


class ThaiPermissionsMixin:
    """The permission pickers of users and groups: each permission named in Thai ("แก้ไขกฎหมาย", not the stored
    "Can change กฎหมาย"), and only those of models the admin manages (a permission on any other model, e.g. a
    handbook's rows or a session, opens no page)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("user_permissions", "permissions"):
            # AdminSite has no public list of its models; _registry is what its own index page reads.
            managed = ContentType.objects.get_for_models(*self.admin_site._registry).values()
            kwargs["queryset"] = Permission.objects.filter(content_type__in=list(managed)).select_related(
                "content_type"
            )
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = permission_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class ThaiGroupAdmin(ThaiPermissionsMixin, GroupAdmin):
    pass


@admin.register(User)
class OfficialAdmin(ThaiPermissionsMixin, CheckedAutocompleteMixin, UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "agency",
        "is_author_label",
        "is_approver_label",
        "is_staff_label",
        "last_login_be",
    )
    list_filter = ("is_author", "is_approver", "is_central_approver", "is_staff", "is_active")
    list_select_related = ("agency",)
    search_fields = ("username", "first_name", "last_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    is_author_label = thai_boolean_column(User, "is_author")
    is_approver_label = thai_boolean_column(User, "is_approver")
    is_staff_label = thai_boolean_column(User, "is_staff")
    # The dates are read-only, in the Buddhist Era: nobody sets when someone last signed in or joined.
    last_login_be = thai_datetime_column(User, "last_login")
    date_joined_be = thai_datetime_column(User, "date_joined")
    readonly_fields = ("last_login_be", "date_joined_be")
    fieldsets = tuple(
        (name, {**options, "fields": ("last_login_be", "date_joined_be")})
        if "last_login" in options["fields"]
        else (name, options)
        for name, options in UserAdmin.fieldsets
    ) + ((_("หน่วยงานและบทบาท"), {"fields": ("agency", "is_author", "is_approver", "is_central_approver")}),)
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


class ContentTypeFilter(admin.SimpleListFilter):
    """The audit list's filter by kind of record: only the kinds the log holds (Django's filter of the foreign key
    would offer every model, including internal ones without a Thai name)."""

    title = _("ประเภทรายการ")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        ids = model_admin.get_queryset(request).order_by().values_list("content_type", flat=True).distinct()
        kinds = [ContentType.objects.get_for_id(pk) for pk in ids if pk is not None]
        return sorted(((kind.pk, str(kind)) for kind in kinds), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not str(value).isdigit():
            return queryset.none()
        return queryset.filter(content_type_id=int(value))


class ActionFilter(admin.SimpleListFilter):
    """The audit list's filter by action, in Thai words (the actions that occur, one DISTINCT query)."""

    title = _("การดำเนินการ")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((a, audit.action_label(a)) for a in actions), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("created_at_be", "actor", "action_label", "object_repr", "ip_address")
    list_filter = (ActionFilter, ("created_at", admin.DateFieldListFilter), ContentTypeFilter)
    search_fields = ("action", "object_repr", "actor__username")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "created_at"
    fields = (
        "created_at_be",
        "actor",
        "action_label",
        "object_repr",
        "content_type_label",
        "object_id_label",
        "data",
        "ip_address",
    )
    readonly_fields = ("created_at_be", "action_label", "content_type_label", "object_id_label")

    created_at_be = thai_datetime_column(AuditEntry, "created_at")
    content_type_label = value_column("content_type", _("ประเภทรายการ"))
    object_id_label = value_column("object_id", _("รหัสรายการ"))

    @admin.display(description=_("การดำเนินการ"), ordering="action")
    def action_label(self, entry: AuditEntry) -> str:
        return audit.action_label(entry.action)

    def get_search_results(self, request, queryset, search_term):
        # An administrator types the Thai words the list shows: match the actions so named as well as the codes.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        named = [code for code, label in audit.action_labels().items() if term and term in label]
        if named:
            results |= queryset.filter(action__in=named)
        return results, may_have_duplicates


# ----- django-axes' pages: Buddhist-Era times and a Thai title for each row (their labels: portal/locale) -----


def _axes_row_title(row) -> str:
    return f"{row.username or '-'} · {format_thai_datetime(row.attempt_time)}"


# Every admin page prints a row as str(row): its title, breadcrumb, checkbox label, delete confirmation and the
# admin's own log. django-axes names its rows in English with a Gregorian UTC time ("Access Log for admin @
# 2026-11-30 15:42:09.568025+00:00") and offers no setting; these are its only three models the admin shows.
AccessAttempt.__str__ = _axes_row_title
AccessLog.__str__ = _axes_row_title
AccessFailureLog.__str__ = _axes_row_title


class ThaiAxesMixin:
    """django-axes' admin pages with the attempt time in the Buddhist Era, also on the detail page (the library's
    fieldsets leave it out)."""

    attempt_time_be = thai_datetime_column(AccessLog, "attempt_time", _("เวลา"))
    # the library's column → ours (a Buddhist-Era date, a yes/no icon named in Thai)
    columns = {"attempt_time": "attempt_time_be"}

    def get_list_display(self, request):
        return [self.columns.get(name, name) for name in super().get_list_display(request)]

    def get_readonly_fields(self, request, obj=None):
        return [self.columns.get(name, name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        # The library's detail page leaves the attempt's time out: it comes first here.
        (name, options), *rest = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": ("attempt_time_be", *options["fields"])}), *rest]


class ThaiAccessAttemptAdmin(ThaiAxesMixin, AccessAttemptAdmin):
    @admin.display(description=_("หมดอายุเมื่อ"))
    def expiration(self, obj: AccessAttempt) -> str:
        expiration = getattr(obj, "expiration", None)  # only with AXES_USE_ATTEMPT_EXPIRATION
        return format_thai_datetime(expiration.expires_at) if expiration is not None else _("ไม่ได้กำหนด")

    @admin.display(description=_("สถานะ"))
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return _("เหลืออีก %(n)d ครั้ง") % {"n": left} if left > 0 else _("ถูกระงับการเข้าสู่ระบบ")


class ThaiAccessLogAdmin(ThaiAxesMixin, AccessLogAdmin):
    logout_time_be = thai_datetime_column(AccessLog, "logout_time", _("เวลาออกจากระบบ"))
    columns = {**ThaiAxesMixin.columns, "logout_time": "logout_time_be"}

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": (*options["fields"], "logout_time_be")}), *rest]


class ThaiAccessFailureLogAdmin(ThaiAxesMixin, AccessFailureLogAdmin):
    locked_out_label = thai_boolean_column(AccessFailureLog, "locked_out")
    columns = {**ThaiAxesMixin.columns, "locked_out": "locked_out_label"}


for _model, _model_admin in (
    (AccessAttempt, ThaiAccessAttemptAdmin),
    (AccessLog, ThaiAccessLogAdmin),
    (AccessFailureLog, ThaiAccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):  # AXES_ENABLE_ADMIN
        admin.site.unregister(_model)
        admin.site.register(_model, _model_admin)
