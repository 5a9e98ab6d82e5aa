"""Real services for the deployment tests, each on a free loopback port: gunicorn running the portal, a private
redis-server, a PostgreSQL 15 streaming replica of the suite's PostgreSQL (pg_basebackup -R).

Locally a missing program skips its test with a message; in CI (CI=true) it fails it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REPLICATION_LINE = "host replication all 127.0.0.1/32 trust"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(program: str) -> str:
    # PostgreSQL's own programs from its version's folder (Debian's wrappers on PATH choose a cluster instead).
    found = str(PG_BIN / program) if (PG_BIN / program).exists() else shutil.which(program)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {program} for tests/deploy")
    pytest.skip(f"ไม่พบโปรแกรม {program} จึงข้ามการทดสอบนี้ / {program} not found: install it to run this test")


def need_postgresql() -> dict:
    if connection.vendor != "postgresql":
        pytest.skip("ต้องใช้ PostgreSQL (DATABASE_URL) / needs PostgreSQL: set DATABASE_URL")
    return connection.settings_dict


def database_url(port: int | None = None, name: str | None = None) -> str:
    """The suite's test database (or `name`) on the suite's server (or on `port` of the same host)."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or db.get('PORT') or 5432}/{name or db['NAME']}"


def wait_for(check, what: str, timeout: float = 30.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(every)


def http(port: int, path: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None):
    """(status, lower-cased headers, body) of one request to 127.0.0.1:port."""
    conn = HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Process:
    """A child process with its output in a file; stopped (and waited for) by stop()."""

    def __init__(self, args: list[str], log: Path, env: dict | None = None, cwd: Path | None = None):
        self.log = log
        self._out = open(log, "wb")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(args, stdout=self._out, stderr=subprocess.STDOUT, env=env, cwd=cwd)  # noqa: S603

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()


def portal_env(**extra: str) -> dict:
    """The environment of a production-like portal process on the suite's test database."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108
        "LANG": "C.UTF-8",
        "DATABASE_URL": database_url(),
        # The suite's key: sessions made by the suite's clients are valid in the portal processes.
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "SECURE_SSL": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_THROTTLE_RATE": "100000/minute",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def start_gunicorn(log: Path, env: dict, workers: int = 1) -> tuple[Process, int]:
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", str(workers), "--log-level", "warning", "--access-logfile", "-"]
    process = Process(args, log, env=env, cwd=ROOT)

    def answers():
        if process.process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start:\n{process.output()}")
        return http(port, "/healthz")[0] == 200

    wait_for(answers, f"gunicorn on port {port}")
    return process, port


def start_redis(log: Path) -> tuple[Process, int]:
    binary = need("redis-server")
    port = free_port()
    process = Process([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], log)

    def answers():
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    wait_for(answers, f"redis-server on port {port}")
    return process, port


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user when the suite is root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def ensure_replication_allowed() -> None:
    """The primary must accept a replication connection from 127.0.0.1 (its hba's `all` does not cover it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)")
        if cursor.fetchone()[0]:
            return
        cursor.execute("SHOW hba_file")
        hba = Path(cursor.fetchone()[0])
        hba.write_text(hba.read_text().rstrip("\n") + f"\n{REPLICATION_LINE}\n")
        cursor.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)


class Replica:
    """A streaming replica of the suite's PostgreSQL server in a temporary folder, on a free port."""

    def __init__(self):
        need_postgresql()
        self.basebackup = need("pg_basebackup")
        self.pg_ctl = need("pg_ctl")
        ensure_replication_allowed()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-replica-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        db = connection.settings_dict
        subprocess.run(  # noqa: S603
            _as_postgres(
                [self.basebackup, "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
                + ["-U", db.get("USER") or "postgres", "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"]
            ),
            check=True,
            capture_output=True,
        )
        # A Debian cluster keeps its configuration in /etc: give the copy its own (trust on loopback, its port).
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
            f"hba_file = '{self.data}/pg_hba.conf'\nhot_standby = on\nshared_buffers = 32MB\n"
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        for leftover in ("postmaster.pid", "postmaster.opts"):
            (self.data / leftover).unlink(missing_ok=True)
        if os.geteuid() == 0:
            for path in (self.data / "postgresql.conf", self.data / "pg_hba.conf"):
                shutil.chown(path, "postgres", "postgres")
        try:
            self.start()
        except subprocess.CalledProcessError:
            log = (self.dir / "postgresql.log").read_text(errors="replace")[-2000:]
            shutil.rmtree(self.dir, ignore_errors=True)
            pytest.fail(f"the replica did not start:\n{log}")

    def start(self) -> None:
        log = self.dir / "postgresql.log"
        subprocess.run(  # noqa: S603
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start"]),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(  # noqa: S603
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"]), capture_output=True
        )

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self) -> str:
        return database_url(port=self.port)

    def query(self, sql: str, params: tuple = ()):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchone()
