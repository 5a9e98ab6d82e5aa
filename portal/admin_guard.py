"""Out-of-range numbers in an admin changelist's filters answer 400, on every ModelAdmin (ours and django-axes').

Django's ChangeList turns a lookup it cannot apply into IncorrectLookupParameters (a redirect to `?e=1`), but
only for errors raised while it builds the filters. Dates escape that net: the date hierarchy's bounds catch
ValueError only, around `datetime(year, month, day)`, and compute the following year outside the `try`, so
`?created_at__year=99999999999999999999` (OverflowError) or `=9999` (year 10000) was a 500 (Django ticket
#37357, fixed upstream after 5.2). A `__year` lookup without a date hierarchy overflows later still, when the
query is compiled, and SQLite cannot bind an integer beyond 64 bits at all. Both happen after the admin's own
handling, so one guard for every changelist sits here rather than in each ModelAdmin.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .formsets import bad_request

# The calendar parts a lookup may name, with the values that exist. A year stops one short of datetime.MAXYEAR:
# the date hierarchy also builds the first day of the following year.
DATE_PARTS = {
    "year": (datetime.MINYEAR, datetime.MAXYEAR - 1),
    "iso_year": (datetime.MINYEAR, datetime.MAXYEAR - 1),
    "month": (1, 12),
    "day": (1, 31),
}
OUT_OF_RANGE = _("ตัวกรองมีตัวเลขหรือวันที่ที่อยู่นอกช่วงที่เป็นไปได้ กรุณาเลือกตัวกรองจากรายการอีกครั้ง")


def _is_changelist(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    # ModelAdmin.get_urls() marks each of its views with the ModelAdmin, whatever the admin site is called.
    return (
        match is not None
        and getattr(match.func, "model_admin", None) is not None
        and (match.url_name or "").endswith("_changelist")
    )


def _values(key: str, value: str) -> list[str]:
    return value.split(",") if key.endswith(("__in", "__range")) else [value]


def date_lookup_out_of_range(params) -> bool:
    """True when a query-string lookup names a calendar part (`<field>__year`, `__month`, `__day`, also with
    `__gte`, `__in`, ...) with a whole number outside it. Values that are not whole numbers are left to Django,
    which refuses them itself (`?e=1`)."""
    for key in params:
        parts = key.split("__")[1:]
        bounds = [DATE_PARTS[part] for part in parts if part in DATE_PARTS]
        if not bounds:
            continue
        low, high = bounds[0]
        for raw in params.getlist(key):
            for value in _values(key, raw):
                try:
                    number = int(value)
                except ValueError:
                    continue
                if not low <= number <= high:
                    return True
    return False


class AdminLookupGuardMiddleware:
    """Place after AuthenticationMiddleware. Only signed-in staff are checked: anyone else still gets the
    admin's own sign-in redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not _is_changelist(request):
            return None  # before reading request.user: other pages must not load the user for this
        user = getattr(request, "user", None)
        if user is None or not (user.is_active and user.is_staff):
            return None
        if date_lookup_out_of_range(request.GET):
            return bad_request(request, str(OUT_OF_RANGE))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Whatever number still overflows while a changelist counts or lists its rows came from its query string
        # (e.g. `?id__in=` beyond 64 bits on SQLite): the request was bad, not the server.
        if isinstance(exception, OverflowError) and _is_changelist(request):
            return bad_request(request, str(OUT_OF_RANGE))
        return None
