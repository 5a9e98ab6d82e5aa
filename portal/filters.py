"""Filters shared by the lists of several apps (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import ValuesChoiceField
from .models import Agency


class OwnerAgencyField(ValuesChoiceField):
    """Ministries and departments only (a few hundred, never the thousands of lower units), in tree order; the
    options come from one values_list query (portal.choices)."""

    option_fields = ("pk", "name", "level_kind")

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Agency.objects.owners().order_by("tree_id", "lft"))
        kwargs.setdefault("empty_label", _("ทุกหน่วยงาน"))
        super().__init__(**kwargs)

    def label_from_row(self, row: tuple) -> str:
        # No tree walk per option: the level says whether to indent.
        _pk, name, level_kind = row
        return name if level_kind == Agency.Level.MINISTRY else f"— {name}"


class OwnerAgencyFilter(django_filters.ModelChoiceFilter):
    """A ministry or department, matching the rows whose agency (the foreign key `field_name`) lies in its whole
    subtree."""

    field_class = OwnerAgencyField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Agency.objects.owners().order_by("tree_id", "lft"))
        kwargs.setdefault("empty_label", _("ทุกหน่วยงาน"))
        kwargs.setdefault("label", _("กระทรวง / กรม"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(Agency.subtree_q(value, self.field_name))
