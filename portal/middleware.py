"""Idle sign-out without a database write on every request.

Sessions end after SESSION_COOKIE_AGE (30 minutes) without activity. Saving the session on every request
(SESSION_SAVE_EVERY_REQUEST) pushed the expiry forward but cost an UPDATE of django_session, in a transaction, on
every page an official opened (1.5-3 ms of a ~20 ms page at 100,000 handbooks). Here the expiry moves forward at
most once a minute: a session still ends between 29 and 30 idle minutes after the last request.
"""

from __future__ import annotations

import time

from django.contrib.auth import SESSION_KEY

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
