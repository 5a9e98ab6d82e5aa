"""Filters of the approver queue (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from handbooks.models import Handbook
from portal.choices import FastForm
from portal.filters import OwnerAgencyFilter
from portal.forms import ThaiDateField
from procedures.models import Procedure


class ThaiDateFilter(django_filters.DateFilter):
    field_class = ThaiDateField


def text_q(text: str, fields: list[str]) -> Q:
    """Every space-separated word must occur in one of `fields`."""
    q = Q()
    for word in text.split()[:10]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        q &= any_field
    return q


class QueueFilter(django_filters.FilterSet):
    agency = OwnerAgencyFilter(field_name="agency")
    q = django_filters.CharFilter(label=_("ค้นหา"), method="filter_text")
    linkage = django_filters.ChoiceFilter(
        label=_("ประเภทของงานบริการ"),
        field_name="procedure__linkage",
        choices=Procedure.Linkage.choices,
        empty_label=_("ทุกประเภท"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("ขอบเขตการให้บริการ"),
        field_name="procedure__scope",
        choices=Procedure.Scope.choices,
        empty_label=_("ทุกขอบเขต"),
    )
    category = django_filters.ChoiceFilter(
        label=_("หมวดหมู่ของงานบริการ"),
        field_name="procedure__category",
        choices=Procedure.Category.choices,
        empty_label=_("ทุกหมวดหมู่"),
    )
    submitter = django_filters.CharFilter(label=_("ผู้ขออนุมัติ"), method="filter_submitter")
    submitted_from = ThaiDateFilter(
        label=_("ขออนุมัติตั้งแต่วันที่"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป"}),
    )
    submitted_to = ThaiDateFilter(
        label=_("ถึงวันที่"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป"}),
    )

    class Meta:
        model = Handbook
        form = FastForm
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(text_q(value, ["procedure__name", "reference_name", "agency__name"]))

    def filter_submitter(self, queryset, name, value):
        return queryset.filter(
            text_q(value, ["submitted_by__username", "submitted_by__first_name", "submitted_by__last_name"])
        )
