"""Badges shown in the navigation bar (e.g. the approver queue count).

Apps register a callable with `register_badge(name, func)`; func(request) returns an int or None. Each badge costs
at most one query per page, and only for signed-in officials. When the page itself shows the same figure (the
approver queue's row count, the dashboard panel), memoise it on the request so that page and badge share one query
(see `approvals.panels.request_pending_count`).
"""

from collections.abc import Callable

from django.http import HttpRequest

_BADGES: dict[str, Callable[[HttpRequest], int | None]] = {}


def register_badge(name: str, func: Callable[[HttpRequest], int | None]) -> None:
    _BADGES[name] = func


def nav_badges(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    badges = {}
    for name, func in _BADGES.items():
        value = func(request)
        if value:
            badges[name] = value
    return badges
