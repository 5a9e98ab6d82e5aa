"""A Redis cache that fails soft (issue 15): Redis holds only a cache, so its outage must never answer 5xx.

Django's `RedisCache` raises `redis.exceptions.ConnectionError` on every call while Redis is down, and the public
home and search answered 500. `FailSoftRedisCache` catches the connection and timeout errors of each call and
answers as a miss (`get` → default, `add`/`set` → nothing stored, `incr` → ValueError as for a missing key), logs
one warning at most once a minute per process, and after an error leaves Redis alone for `RETRY_SECONDS` (1 s by
default, in OPTIONS) so that a dead server costs each request nothing; the first call after that tries again, so
the cache is used again as soon as Redis is back, without a restart.

Sessions (the database engine) and the lockout counters (django-axes' database handler) never live in this cache.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
WARNING_INTERVAL = 60.0


class ReusedClients(RedisCacheClient):
    """Django's client builds a new `redis.Redis` object (and its ~200 response callbacks) for every cache call;
    one per connection pool is enough (a `redis.Redis` is safe to share: each command takes a pooled connection).
    A cached public page is one cache call: this was a fifth of what the call cost in the worker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class FailSoftRedisCache(RedisCache):
    # Per process: when the last warning was logged (one a minute at most, whatever the number of caches).
    _warned_at = float("-inf")
    _warn_lock = threading.Lock()

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 1.0))
        # A server that accepts the connection and then hangs must not hold a request for long either.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusedClients
        self._down_until = 0.0

    def is_down(self) -> bool:
        """True while the last call failed less than `retry_seconds` ago (calls then answer as misses at once)."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, fallback, *args, **kwargs):
        if self.is_down():
            return fallback()
        try:
            return getattr(super(), name)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._down_until = time.monotonic() + self.retry_seconds
            self._warn(error)
            return fallback()

    @classmethod
    def _warn(cls, error: Exception) -> None:
        now = time.monotonic()
        with cls._warn_lock:
            if now - cls._warned_at < WARNING_INTERVAL:
                return
            cls._warned_at = now
        logger.warning("Redis cache unavailable, answering as a miss (%s: %s)", type(error).__name__, error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (Redis unavailable).")

        return self._call("incr", missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)
