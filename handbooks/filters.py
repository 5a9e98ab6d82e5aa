"""The official's list of handbooks: search and status filter."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet, filters

from .models import Handbook
from .workflow import Status


class HandbookFilter(FilterSet):
    q = filters.CharFilter(label=_("ค้นหา"), method="search")
    status = filters.ChoiceFilter(label=_("สถานะ"), choices=Status.choices, empty_label=_("ทุกสถานะ"))

    class Meta:
        model = Handbook
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        value = (value or "").strip()[:1000]  # a reference name is ≤ 1000 chars; longer breaks SQLite's LIKE
        if not value:
            return queryset
        return queryset.filter(
            Q(reference_name__icontains=value) | Q(procedure__name__icontains=value) | Q(agency__name__icontains=value)
        )
