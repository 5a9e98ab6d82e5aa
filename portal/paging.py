"""Pagination for big lists (issue 7: 100,000 handbooks).

An exact `COUNT(*)` on every request is the most expensive part of a list page at real scale (80 ms for all
published handbooks, 200 ms for a common Thai search word, measured in bench/RESULTS.md), and `OFFSET 40000`
pages are slow too. `CappedPaginator` counts at most `max_pages * per_page + 1` rows (a bounded cost however many
rows match), keeps that figure for a minute per distinct query, and has no page past `max_pages`:

    class HomeView(FilterView):
        paginate_by = 20
        paginator_class = CappedPaginator

In templates, `page_obj.paginator.is_capped` tells when to print "มากกว่า {{ paginator.cap }} รายการ"
instead of the count.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    max_pages = 50
    cache_seconds = 60

    @cached_property
    def cap(self) -> int:
        return self.max_pages * self.per_page

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        query = getattr(object_list, "query", None)
        if query is None:
            return min(len(object_list), self.cap + 1)
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            return 0
        key = "capped-count:" + hashlib.sha256(repr((object_list.db, sql, params, self.cap)).encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            # Without ORDER BY: PostgreSQL may then stop after cap + 1 index hits instead of walking the sort order
            # (13 ms instead of 130 ms for a common Thai word at 100,000 handbooks).
            count = object_list.order_by()[: self.cap + 1].count()
            cache.set(key, count, self.cache_seconds)
        return count

    @property
    def is_capped(self) -> bool:
        """True when more rows match than the pages can show (the count is then `cap + 1`)."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)
