"""The procedure list's filters (django-filter). The agency filter takes an id from the search picker and matches
the whole subtree, so choosing a ministry lists its departments' procedures too."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laws.models import Law
from portal.choices import FastForm, ValuesChoiceField
from portal.models import Agency

from .models import Procedure, ServiceArea


def _is_id(value) -> bool:
    """A forged ?agency= or ?law= beyond the id column's range (or a fraction) matches nothing instead of a 500."""
    return value == int(value) and 0 < value < 2**63


class ServiceAreaField(ValuesChoiceField):
    """The service areas (ส่วนกลาง and the provinces, ~80) as options without a model instance each."""


class ServiceAreaFilter(django_filters.ModelChoiceFilter):
    field_class = ServiceAreaField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", ServiceArea.objects.all())
        super().__init__(*args, **kwargs)


class ProcedureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("ค้นหาชื่อกระบวนงาน"), method="filter_text")
    agency = django_filters.NumberFilter(
        label=_("หน่วยงานเจ้าของกระบวนงาน"), method="filter_agency", widget=forms.HiddenInput
    )
    scope = django_filters.ChoiceFilter(
        label=_("ขอบเขตการให้บริการ"), choices=Procedure.Scope.choices, empty_label=_("ทั้งหมด")
    )
    linkage = django_filters.ChoiceFilter(
        label=_("ลักษณะการเชื่อมโยง"), choices=Procedure.Linkage.choices, empty_label=_("ทั้งหมด")
    )
    category = django_filters.ChoiceFilter(
        label=_("หมวดหมู่ของงานบริการ"), choices=Procedure.Category.choices, empty_label=_("ทั้งหมด")
    )
    area = ServiceAreaFilter(label=_("พื้นที่ให้บริการ"), field_name="areas", empty_label=_("ทั้งหมด"))
    law = django_filters.NumberFilter(label=_("กฎหมาย"), method="filter_law", widget=forms.HiddenInput)
    law_title = django_filters.CharFilter(label=_("ชื่อกฎหมาย"), method="filter_law_title")

    class Meta:
        model = Procedure
        form = FastForm
        fields = ["q", "agency", "scope", "linkage", "category", "area", "law", "law_title"]

    def filter_text(self, queryset, name, value):
        # Thai has no spaces between words: a substring match is what officials expect (capped: SQLite LIKE limit).
        value = (value or "").strip()[:500]
        return queryset.filter(name__icontains=value) if value else queryset

    def filter_agency(self, queryset, name, value):
        if not _is_id(value):
            return queryset.none()
        agency = Agency.objects.filter(pk=value).first()
        if agency is None:
            return queryset.none()
        self.chosen_agency = agency
        return queryset.filter(Agency.subtree_q(agency, "agency"))

    def filter_law(self, queryset, name, value):
        if not _is_id(value):
            return queryset.none()
        self.chosen_law = Law.objects.filter(pk=value).first()
        return queryset.filter(law_links__law_id=value)

    def filter_law_title(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        laws = Law.objects.search(value).values("pk")
        return queryset.filter(Q(law_links__law__in=laws)).distinct()
