"""Reads of the public pages from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else from the
primary.

Active only when settings.DATABASES has a "replica" alias. `ReplicaMiddleware` decides per request, before the
view runs: an anonymous GET/HEAD of a public view (one marked `login_not_required`: the handbook pages, the lists,
the search, the agencies, the API) reads from the replica; the request's context variable tells `ReplicaRouter`.
Everything else — an official signed in, any POST, and any request within REPLICA_STICKY_SECONDS after a write made
by the same browser (a cookie) — reads from the primary, so nobody sees their own change missing.

The replica is used only while it answers and its replay lag is at most REPLICA_MAX_LAG_SECONDS (checked at most
every REPLICA_CHECK_SECONDS per process); otherwise the public pages read from the primary and a warning is logged at
most once a minute. A replica that fails during a request marks itself down and the view runs once more on the
primary, so a replica dying mid-request costs the reader nothing.
"""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "portal_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WARN_EVERY = 60.0  # seconds between two warnings about the replica

# Always-primary models: a file stored in the database is written on first use (e.g. a handbook's PDF); reading it
# back from a replica that has not replayed the insert yet would render it twice.
PRIMARY_ONLY = frozenset({"portal.storedfile"})

logger = logging.getLogger("portal.replica")
_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("portal_reading_replica", default=False)


@dataclass
class _Health:
    usable: bool = False
    checked_at: float = float("-inf")
    warned_at: float = float("-inf")


_health = _Health()


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _warn(reason: str) -> None:
    now = time.monotonic()
    if now - _health.warned_at >= WARN_EVERY:
        _health.warned_at = now
        logger.warning("Read replica not used, public pages read from the primary: %s", reason)


def replica_lag_seconds() -> float:
    """The replica's replay lag in seconds: 0 when it has replayed all it received, else the age of the last
    transaction it replayed. Raises DatabaseError when the replica does not answer."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),"
            " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
        )
        in_recovery, caught_up, age = cursor.fetchone()
    if not in_recovery:
        raise DatabaseError("the replica is not in recovery (promoted?)")
    return 0.0 if caught_up or age is None else max(float(age), 0.0)


def mark_down(reason: str) -> None:
    _health.usable = False
    _health.checked_at = time.monotonic()
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass
    _warn(reason)


def replica_usable() -> bool:
    """Whether public reads may go to the replica now (cached for REPLICA_CHECK_SECONDS in this process)."""
    now = time.monotonic()
    if now - _health.checked_at < settings.REPLICA_CHECK_SECONDS:
        return _health.usable
    try:
        lag = replica_lag_seconds()
    except DatabaseError as exc:
        mark_down(f"it does not answer ({exc.__class__.__name__}: {str(exc).strip()[:200]})")
        return False
    _health.checked_at = now
    _health.usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
    if not _health.usable:
        _warn(f"its lag is {lag:.1f} s (REPLICA_MAX_LAG_SECONDS={settings.REPLICA_MAX_LAG_SECONDS})")
    return _health.usable


class ReplicaRouter:
    """Reads go to the replica only inside a request ReplicaMiddleware marked; writes and migrations: the primary."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.label_lower not in PRIMARY_ONLY:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either may be related to one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _is_public_read(request, view_func) -> bool:
    return (
        request.method in SAFE_METHODS
        and getattr(view_func, "login_required", True) is False
        and not request.user.is_authenticated
        and STICKY_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """After AuthenticationMiddleware and LoginRequiredMiddleware. Not used when no replica is configured."""

    def __init__(self, get_response):
        if not configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading_replica.reset(token)
        if request.method not in SAFE_METHODS:
            # Whoever wrote reads their own write: the primary for a while, whether signed in or not.
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _is_public_read(request, view_func) and replica_usable():
            request._replica_token = _reading_replica.set(True)
            request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        """The replica failed under this request: mark it down and run the view once more on the primary."""
        if not (isinstance(exception, DatabaseError) and _reading_replica.get()):
            return None
        mark_down(f"a query failed ({exception.__class__.__name__}: {str(exception).strip()[:200]})")
        _reading_replica.set(False)
        view_func, view_args, view_kwargs = request._replica_view
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
