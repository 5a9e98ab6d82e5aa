"""The official's list of handbooks (search and status filter), and the handbooks of a procedure on its page."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet, filters

from portal.choices import FastForm
from portal.filters import OwnerAgencyFilter
from portal.models import Agency, clean_typed

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


def _shown_agency_q(user, condition) -> Q:
    """`condition(prefix)` on the agency a row of the owner's list shows: the working copy's for handbooks in the
    official's scope, the live version's (`public_agency`) for every other agency's, so that a filter never
    answers from a working copy the official may not read."""
    if user.has_all_scope:
        return condition("agency")
    mine = user.scope_q("agency")
    return (mine & condition("agency")) | (~mine & condition("public_agency"))


PLACE_SUBTREES = 50


class ProcedureHandbookFilter(FilterSet):
    """The handbooks of one procedure, on its page (`Handbook.objects.on_procedures_owned_by`): a procedure used by
    every local government has thousands, narrowed by ministry/department or by the name of a province or agency."""

    # A ministry or department (a few hundred options, one values_list query); its whole subtree matches.
    ministry = OwnerAgencyFilter(empty_label=_("ทุกกระทรวง / กรม"), method="filter_ministry")
    place = filters.CharFilter(
        label=_("จังหวัด / หน่วยงาน"),
        method="filter_place",
        help_text=_("ชื่อจังหวัดหรือหน่วยงาน เช่น เชียงใหม่ (รวมหน่วยงานในสังกัด)"),
    )

    class Meta:
        model = Handbook
        form = FastForm
        fields: list[str] = []

    def filter_ministry(self, queryset, name, value):
        return queryset.filter(_shown_agency_q(self.request.user, lambda prefix: Agency.subtree_q(value, prefix)))

    def filter_place(self, queryset, name, value):
        """The shown agency, or one of the agencies above it, has the typed text in its name: "เชียงใหม่" finds
        the municipalities and district offices under สำนักงานจังหวัดเชียงใหม่ as well as เทศบาลนครเชียงใหม่.

        The named agencies are looked up once (the trigram index on their names) and the rows matched by their
        subtrees' ranges: asking the name of every row's ancestors took 90 ms for 8,000 handbooks on PostgreSQL,
        the ranges 5 ms. A word so common that it names more than PLACE_SUBTREES subtrees falls back to that."""
        text = clean_typed(value)
        if not text:
            return queryset
        named = Agency.objects.filter(name__icontains=text).order_by("tree_id", "lft")
        limit = PLACE_SUBTREES * 20 + 1
        found = list(named.values_list("tree_id", "lft", "rght")[:limit])
        if not found:
            return queryset.none()
        subtrees: list[tuple[int, int, int]] = []
        for tree_id, lft, rght in found:
            if subtrees and subtrees[-1][0] == tree_id and subtrees[-1][2] >= rght:
                continue  # inside the previous subtree
            subtrees.append((tree_id, lft, rght))
        if len(found) < limit and len(subtrees) <= PLACE_SUBTREES:

            def in_named_subtree(prefix: str) -> Q:
                q = Q(pk__in=[])
                for tree_id, lft, rght in subtrees:
                    q |= Q(**{f"{prefix}__tree_id": tree_id, f"{prefix}__lft__gte": lft, f"{prefix}__rght__lte": rght})
                return q

            return queryset.filter(_shown_agency_q(self.request.user, in_named_subtree))

        def named_above(prefix: str) -> Q:
            return Q(
                Exists(
                    named.filter(
                        tree_id=OuterRef(f"{prefix}__tree_id"),
                        lft__lte=OuterRef(f"{prefix}__lft"),
                        rght__gte=OuterRef(f"{prefix}__rght"),
                    )
                )
            )

        return queryset.filter(_shown_agency_q(self.request.user, named_above))
