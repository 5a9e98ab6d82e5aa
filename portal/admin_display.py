"""What the admin shows in Thai that Django would print its own way: Buddhist-Era dates and the labels of fields
that have no Thai verbose name, as display columns. Stored values are never changed.

Django's admin prints a date with the Gregorian year (`30 พฤศจิกายน 2026`) in its lists and read-only fields; a
ModelAdmin shows the project's `thai_datetime` instead through a column made here:

    approved_at_be = thai_datetime_column(HandbookVersion, "approved_at")
    list_display = ("handbook", "approved_at_be")
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .templatetags.thai import BE_OFFSET, format_thai_datetime

EMPTY = "-"


def thai_datetime_column(model: type[models.Model], field: str, description=None) -> Callable:
    """A list/read-only column showing `field` as a Buddhist-Era date and time, sortable by the stored value;
    its heading is the field's verbose name unless `description` is given."""

    def column(self, obj) -> str:
        return format_thai_datetime(getattr(obj, field, None)) or EMPTY

    heading = description if description is not None else model._meta.get_field(field).verbose_name
    return admin.display(description=heading, ordering=field)(column)


def value_column(field: str, description) -> Callable:
    """A read-only column of a model field whose own verbose name is English (a field Django or a library defines,
    or one of ours without a label), under a Thai heading."""

    def column(self, obj):
        value = getattr(obj, field, None)
        return EMPTY if value in (None, "") else value

    return admin.display(description=description, ordering=field)(column)


_GREGORIAN_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def be_years(text: str) -> str:
    """The date hierarchy's labels ("2026", "พฤศจิกายน 2026") with Buddhist-Era years: these labels are made by
    Django from dates and hold no other four-digit number."""
    return _GREGORIAN_YEAR.sub(lambda m: str(int(m.group(1)) + BE_OFFSET), str(text))


# The default permissions' verbs; a permission's stored name ("Can add log entry") is English, written by Django
# when the table is created.
PERMISSION_VERBS = {"add": _("เพิ่ม"), "change": _("แก้ไข"), "delete": _("ลบ"), "view": _("ดู")}


def permission_label(permission) -> str:
    """ "<app> | <model> | <verb> <model>" in Thai, from the model's verbose name rather than the stored English."""
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = model._meta.verbose_name if model is not None else content_type.model
    verb, _sep, _rest = permission.codename.partition("_")
    action = f"{PERMISSION_VERBS[verb]}{model_name}" if verb in PERMISSION_VERBS else permission.name
    return f"{content_type} | {action}"


def thai_boolean_column(model: type[models.Model], field: str, description=None) -> Callable:
    """A yes/no column with Django's icons but a Thai text alternative (Django's own icon reads "True"/"False")."""

    def column(self, obj) -> str:
        value = getattr(obj, field, None)
        icon = {True: "yes", False: "no"}.get(value, "unknown")
        label = {True: _("ใช่"), False: _("ไม่ใช่")}.get(value, _("ไม่ระบุ"))
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label)

    heading = description if description is not None else model._meta.get_field(field).verbose_name
    return admin.display(description=heading, ordering=field)(column)


class HideLinkRowsOnDeleteMixin:
    """Django's delete confirmation lists every row deleted with the object, as "<model>: <row>". The rows of a
    many-to-many field's own table are links only (the objects at their other end stay) and are named in English by
    Django ("Procedure-servicearea relationship: Procedure_areas object (1)"): the confirmation leaves them out."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A forward many-to-many field keeps its table on its remote_field, a reverse one (ManyToManyRel) on itself.
        throughs = [
            getattr(field, "through", None) or field.remote_field.through
            for model in {type(obj) for obj in objs}
            for field in model._meta.get_fields(include_hidden=True)
            if field.many_to_many
        ]
        links = [through._meta for through in throughs if through._meta.auto_created]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}

        def keep(items):
            return [keep(item) if isinstance(item, list) else item for item in items if not _starts(item, prefixes)]

        counts = {name: n for name, n in counts.items() if str(name) not in plurals}
        return [item for item in keep(deleted) if item != []], counts, perms_needed, protected


def _starts(item, prefixes: tuple[str, ...]) -> bool:
    return not isinstance(item, list) and str(item).startswith(prefixes)


class ReadOnlyAdmin:
    """A record kept as it happened (audit rows, published versions, decisions, reminders sent): administrators
    read it in the admin but never add, change or delete one there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
