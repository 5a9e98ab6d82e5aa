"""A real redis-server for a test, on a free port (never the shared 6379), that the test can stop and restart."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (Debian's redis-server on a free loopback port)
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self) -> int:
        return redis.Redis(host="127.0.0.1", port=self.port).dbsize()


@pytest.fixture
def redis_server():
    """A private redis-server; the test's cache is pointed at it with `redis_cache`."""
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The production cache backend (portal.cache) on the private server, retrying 50 ms after an error, with the
    public lists cached as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"RETRY_SECONDS": 0.05},
        }
    }
    settings.PAGE_CACHE_LISTS = True
    return redis_server
