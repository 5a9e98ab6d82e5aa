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

The cached count is only a hint, never a limit on what a page shows:
- a page always fetches `per_page + 1` rows from the database itself (the slice is never cut to the cached count),
  and the rows it sees correct the count (the extra row proves there is a next page; a short page gives the exact
  total), so a result published a moment ago is listed at once and the "พบ N" label agrees with the rows shown;
- a page number beyond a cached count is recounted before it is refused (no 404 for a page that exists now);
- the cache key holds a *publication generation* that `bump_generation()` advances (the approve and unpublish
  transitions call it), so the next request after a publication counts afresh. With a per-process cache
  (LocMemCache) only the process that published sees the bump; the other processes rely on the two points above.

`orphans` is not supported (the public lists use none).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import transaction
from django.utils.functional import cached_property

GENERATION_KEY = "capped-count:generation"
# The generation of what the filter forms list (agencies, service areas: portal.choices); publications leave it.
OPTIONS_GENERATION_KEY = "choices:generation"


def generation(key: str = GENERATION_KEY) -> int:
    """The current publication generation (one cache read); `key`: another generation kept the same way."""
    value = cache.get(key)
    if value is None:
        # A fresh start value (not 0): if the key was evicted, old counts stored under small numbers stay unused.
        cache.add(key, time.time_ns(), None)
        value = cache.get(key, 0)
    return value


def cache_is_down() -> bool:
    """True while the shared cache does not answer (portal.cache): the generation then reads 0 and proves nothing."""
    is_down = getattr(cache, "is_down", None)
    return bool(is_down and is_down())


def bump_generation(key: str = GENERATION_KEY) -> None:
    """Start a new generation under `key`: by default the publication generation, which forgets every cached count
    and list page (call when what the public lists contain has changed: publish, unpublish)."""
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never set, or evicted)
        cache.add(key, time.time_ns(), None)


def _agencies_changed_now() -> None:
    from .choices import forget_kept_options

    bump_generation()
    bump_generation(OPTIONS_GENERATION_KEY)
    forget_kept_options()


def agencies_changed(**kwargs) -> None:
    """An agency (or a service area) was saved, moved or deleted (post_save/post_delete): the public lists and pages
    that print agencies' names start a new generation, and so do the filter forms' options (portal.choices, whose
    copy in this process is forgotten at once), now and again after the commit (as a publication does)."""
    _agencies_changed_now()
    transaction.on_commit(_agencies_changed_now)


class CappedPaginator(Paginator):
    """`rows`: an optional function that receives the page's window of the list (a sliced `values("pk")` queryset,
    used as a subquery, or a slice of the list when the list is a list of ids) and returns the rows to show, in the
    list's order, with the columns a row shows. The count and the walk to the page then run on the bare query and
    compute those columns for the page's rows only (not for the 1,000 rows skipped before page 50)."""

    max_pages = 50
    cache_seconds = 60

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    _count_key: str | None = None  # the cache key of this query's count (None: a list, or no query at all)
    _count_from_cache = False  # True when `count` was read from the cache rather than counted for this request

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
        if not self.cache_seconds:
            return self._count_rows()
        digest = hashlib.sha256(repr((object_list.db, sql, params, self.cap)).encode()).hexdigest()
        self._count_key = f"capped-count:{generation()}:{digest}"
        count = cache.get(self._count_key)
        self._count_from_cache = count is not None
        if count is None:
            count = self._count_rows()
            cache.set(self._count_key, count, self.cache_seconds)
        return count

    def _count_rows(self) -> int:
        # Without ORDER BY: PostgreSQL may then stop after cap + 1 index hits instead of walking the sort order
        # (13 ms instead of 130 ms for a common Thai word at 100,000 handbooks).
        return self.object_list.order_by()[: self.cap + 1].count()

    def _set_count(self, count: int) -> None:
        """Replace the count (and what derives from it) with a better figure, and keep that one in the cache."""
        self.__dict__["count"] = count
        self.__dict__.pop("num_pages", None)
        if self._count_key:
            cache.set(self._count_key, count, self.cache_seconds)

    @property
    def is_capped(self) -> bool:
        """True when more rows match than the pages can show (the count is then `cap + 1`)."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # A cached count may be older than the data: recount once before refusing a page that may exist now.
            if not (self._count_from_cache and 1 < int(number) <= self.max_pages):
                raise
            self._count_from_cache = False
            self._set_count(self._count_rows())
            return super().validate_number(number)

    def page(self, number):
        """The page's rows straight from the database: `per_page + 1` of them, never cut to the cached count."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        window = slice(bottom, bottom + self.per_page + 1)
        if self.rows:
            ids = self.object_list if isinstance(self.object_list, list) else self.object_list.values("pk")
            rows = list(self.rows(ids[window]))
        else:
            rows = list(self.object_list[window])
        if not rows and number > 1:
            # The rows are gone since the count was cached (e.g. unpublished): the count is wrong, the page empty.
            if self._count_key:
                cache.delete(self._count_key)
            raise EmptyPage(self.error_messages["no_results"])
        if len(rows) > self.per_page:
            count = max(self.count, min(bottom + len(rows), self.cap + 1))  # at least one more row after this page
        else:
            count = bottom + len(rows)  # the last page: the exact total
        if count != self.count:
            self._set_count(count)
        return self._get_page(rows[: self.per_page], number, self)


class OfficialListPaginator(CappedPaginator):
    """The officials' lists (handbooks, procedures): the same cap (no page past 50, a bounded count) but counted
    afresh on every request, since an official who has just saved expects the list to say so at once.

    Measured at 100,000 handbooks (bench/RESULTS.md, run 5): the central approver's handbook list took 350-450 ms for
    pages 2,000-4,000 (OFFSET 50,000-100,000) and an exact COUNT of every handbook on each page; capped, any page
    costs about what the first one does. Filters narrow a long list; the template says when the list is capped.
    """

    cache_seconds = 0
