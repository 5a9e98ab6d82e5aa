"""Idle sign-out without a database write on every request.

Sessions end after SESSION_COOKIE_AGE (30 minutes) without activity. Saving the session on every request
(SESSION_SAVE_EVERY_REQUEST) pushed the expiry forward but cost an UPDATE of django_session, in a transaction, on
every page an official opened (1.5-3 ms of a ~20 ms page at 100,000 handbooks). Here the expiry moves forward at
most once a minute: a session still ends between 29 and 30 idle minutes after the last request.
"""

from __future__ import annotations

import logging
import time

from django.contrib.auth import SESSION_KEY
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("portal.database")

REFRESH_KEY = "_idle_refreshed"
REFRESH_EVERY = 60  # seconds


class SessionIdleMiddleware:
    """Placed after SessionMiddleware: marks a signed-in session modified when its expiry is more than a minute old,
    so SessionMiddleware saves it (new expiry, new cookie max-age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and SESSION_KEY in session:
            now = int(time.time())
            if now - int(session.get(REFRESH_KEY, 0)) >= REFRESH_EVERY:
                session[REFRESH_KEY] = now
        return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database (PostgreSQL restarting, a connection cut) answers 503 with a Thai message and
    Retry-After instead of a bare error page: a save under way was rolled back with its transaction, so the official
    is told to check it and try again. The broken connection is closed so the next request opens a fresh one."""

    MESSAGE = _("ระบบฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ข้อมูลที่เพิ่งส่งอาจยังไม่ได้บันทึก กรุณาตรวจสอบและลองใหม่อีกครั้งในอีกสักครู่")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request, exception) -> HttpResponse:
    """The Thai 503 for a request that lost the database, in a view (the middleware above) or before any view ran
    (the session or the user read by a middleware: portal.views.server_error)."""
    logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    # No context processors: they may read the database that is gone.
    message = DatabaseUnavailableMiddleware.MESSAGE
    response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = "5"
    return response
