"""A PostgreSQL restart and a Redis stop under load (issue 16). Bounded, loopback only, on throwaway services.

    .venv/bin/python bench/faults.py [--rate 50] [--seconds 30] [--markdown out.md]

1. Makes a throwaway PostgreSQL 15 cluster (initdb into a temporary folder, a free port; never the shared one),
   migrates it and generates 200 agencies / 5,000 handbooks; starts its own redis-server and gunicorn (3 workers,
   CONN_MAX_AGE=60 with health checks, the cache in that Redis), all on 127.0.0.1.
2. Drives a public mix at --rate requests/s (60 % handbook page, 20 % home list, 10 % agencies, 10 % API list) and,
   alongside, officials approving pending handbooks (spread over the run, at most 4 a second; each a status, an audit
   row and, when it publishes, a version, written in one transaction). After 1/3 of the run PostgreSQL restarts
   (`pg_ctl restart -m fast`).
3. Reports the requests that failed, the seconds from PostgreSQL accepting connections again until every request
   succeeds, and the saves: each approve answered 302 must be committed whole, each other answer must have left
   nothing or everything (version + status + audit row), never part of it.
4. Same load again with Redis stopped for a third of the run: counts the 5xx.
Everything it started is stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def wait(check, what: str, timeout: float = 60.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"faults: timed out waiting for {what}")


def request(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.dir = workdir / "pg"
        self.dir.mkdir()
        if os.geteuid() == 0:  # PostgreSQL runs as postgres: its folder and the way to it are postgres's
            shutil.chown(workdir, "postgres", "postgres")
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        subprocess.run(  # noqa: S603
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"])
            + ["--locale=C.UTF-8", "--encoding=UTF8"],
            check=True,
            capture_output=True,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
            )
        self.pg_ctl("start")

    def pg_ctl(self, action: str) -> None:
        args = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-m", "fast", action]
        subprocess.run(as_postgres(args), check=True, capture_output=True)  # noqa: S603

    def accepts(self) -> bool:
        ready = [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
        return subprocess.run(ready).returncode == 0  # noqa: S603

    def url(self, name: str = "faults") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


@dataclass
class Outcome:
    started: float
    ended: float
    status: int  # 0: no HTTP answer
    kind: str


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    saves: list[tuple[int, int]] = field(default_factory=list)  # (handbook pk, status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def drive(port: int, paths: list[str], saves: list[tuple[int, dict]], rate: float, seconds: float, fault) -> Run:
    """Public GETs at `rate`/s (open loop) and approve POSTs every 0.25 s for `seconds`; `fault(run, t0)` runs in
    its own thread meanwhile."""
    run = Run()
    start = time.monotonic()
    stop = start + seconds

    def one(path: str, kind: str, method: str = "GET", headers=None, body=None, pk: int = 0) -> None:
        t = time.monotonic()
        try:
            status = request(port, method, path, headers, body)
        except OSError:
            status = 0
        run.add(Outcome(t - start, time.monotonic() - start, status, kind))
        if pk:
            with run.lock:
                run.saves.append((pk, status))

    def writer() -> None:
        # Spread over the whole run (at most 4 a second), so that some are in flight when the fault comes.
        pause = max(0.25, seconds / max(len(saves), 1))
        queue = list(saves)
        while queue and time.monotonic() < stop:
            pk, post = queue.pop(0)
            threading.Thread(target=one, args=(post["path"], "save", "POST", post["headers"], post["body"], pk)).start()
            time.sleep(pause)

    chooser = random.Random(16)  # noqa: S311
    fault_thread = threading.Thread(target=fault, args=(run, start), daemon=True)
    writer_thread = threading.Thread(target=writer, daemon=True)
    with ThreadPoolExecutor(max_workers=64) as pool:
        fault_thread.start()
        writer_thread.start()
        n = 0
        while (due := start + n / rate) < stop:
            time.sleep(max(0.0, due - time.monotonic()))
            pool.submit(one, chooser.choice(paths), "public")
            n += 1
        writer_thread.join()
    fault_thread.join()
    return run


def plan(database_url: str, redis_url: str, count: int = 120):
    """Public paths and (pk, approve POST) pairs of approvers who may approve, with sessions written directly."""
    os.environ.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=os.environ["FAULTS_SECRET_KEY"],
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from handbooks.models import Handbook
    from handbooks.workflow import Status
    from portal import roles
    from portal.models import User

    published = list(Handbook.objects.published().values_list("pk", flat=True)[:300])
    paths = [reverse("public:handbook", kwargs={"pk": pk}) for pk in published[:200]]
    weights = {reverse("public:home"): 20, reverse("public:agencies"): 10, reverse("api:handbooks"): 10}
    paths = paths * 3 + [p for p, w in weights.items() for _ in range(w * len(paths) * 3 // 60)]

    saves: list[tuple[int, dict]] = []
    csrf = secrets.token_hex(16)
    approvers = [u for u in User.objects.filter(username__startswith="scale_").order_by("pk") if roles.is_approver(u)]
    sessions: dict[int, dict] = {}
    # The approve button: at stage 1 of a two-stage chain it forwards to ก.พ.ร., otherwise it publishes.
    for handbook in Handbook.objects.filter(status__in=[Status.PENDING, Status.PENDING_CENTRAL]).order_by("pk"):
        user = next((u for u in approvers if handbook.can_approve(u)), None)
        if user is None:
            continue
        if user.pk not in sessions:
            client = Client()
            client.force_login(user)
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            sessions[user.pk] = {
                "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Host": "127.0.0.1",
            }
        body = urlencode({"comment": "", "csrfmiddlewaretoken": csrf}).encode()
        path = reverse("approvals:approve", kwargs={"pk": handbook.pk})
        saves.append((handbook.pk, {"path": path, "headers": sessions[user.pk], "body": body}))
        if len(saves) >= count:
            break
    return paths, saves[:count]


def state(pks: list[int]) -> dict[int, tuple]:
    """Per handbook: (status, live version number, versions, approved audit rows, forwarded audit rows)."""
    from django.db import connection

    from handbooks.models import Handbook
    from handbooks.workflow import HandbookVersion
    from portal.models import AuditEntry

    connection.close()  # after a restart: a fresh connection
    result = {}
    for h in Handbook.objects.filter(pk__in=pks).select_related("live_version"):
        versions = HandbookVersion.objects.filter(handbook=h).count()
        audits = AuditEntry.objects.filter(object_id=str(h.pk))
        approved = audits.filter(action="approvals.handbook.approved").count()
        forwarded = audits.filter(action="approvals.handbook.forwarded").count()
        result[h.pk] = (h.status, h.live_version.number if h.live_version else None, versions, approved, forwarded)
    return result


def judge_saves(before: dict, after: dict, saves: list[tuple[int, int]]) -> dict:
    committed = rolled_back = half = lost = 0
    for pk, status in saves:
        b, a = before[pk], after[pk]
        new_versions, approved, forwarded = a[2] - b[2], a[3] - b[3], a[4] - b[4]
        published = (new_versions, approved, forwarded) == (1, 1, 0) and a[0] == "published" and a[1] == a[2]
        sent_on = (new_versions, approved, forwarded) == (0, 0, 1) and a[0] == "pending_central" and a[1] == b[1]
        whole = published or sent_on
        untouched = a == b
        if whole:
            committed += 1
        elif untouched:
            rolled_back += 1
            lost += status == 302  # answered "saved" but not there
        else:
            half += 1
    return {"committed": committed, "not_saved": rolled_back, "half_written": half, "lost_after_302": lost}


def summarise(run: Run, accept_at: float | None, fault_at: float) -> dict:
    failed = [o for o in run.outcomes if o.status == 0 or o.status >= 500]
    public = [o for o in run.outcomes if o.kind == "public"]
    last_failure = max((o.ended for o in failed), default=None)
    # Recovery: from PostgreSQL (or Redis) accepting connections again until the last failed request that was sent
    # after it (requests sent during the outage and answered after it are counted as failed, not as slow recovery).
    late = [o.started for o in failed if accept_at is not None and o.started >= accept_at]
    return {
        "requests": len(run.outcomes),
        "public": len(public),
        "failed": len(failed),
        "failed_public": sum(o.kind == "public" for o in failed),
        "statuses": dict(sorted(Counter(o.status for o in failed).items())) if failed else {},
        "fault_at": round(fault_at, 2),
        "accepts_at": round(accept_at, 2) if accept_at is not None else None,
        "failed_sent_after_accept": len(late),
        "recovery_s": round(max(late) - accept_at, 2) if late else 0.0,
        "last_failure_answered_at": round(last_failure, 2) if last_failure is not None else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--handbooks", type=int, default=5000)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    args.rate, args.seconds = min(args.rate, 200.0), min(args.seconds, 120.0)  # bounded

    workdir = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    processes: list[subprocess.Popen] = []
    cluster = None
    os.environ["FAULTS_SECRET_KEY"] = secrets.token_urlsafe(50)
    try:
        cluster = Cluster(workdir)
        subprocess.run(  # noqa: S603
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "faults"],
            check=True,
        )
        env = {**os.environ, "DATABASE_URL": cluster.url(), "DEBUG": "1"}
        for command in (["migrate", "--noinput", "-v0"], ["generate_scale", "--agencies", str(args.agencies)]):
            extra = ["--handbooks", str(args.handbooks), "--seed", "1"] if command[0] == "generate_scale" else []
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command, *extra], cwd=ROOT, env=env, check=True, capture_output=True
            )

        redis_port = free_port()
        redis_args = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]

        def start_redis() -> subprocess.Popen:
            p = subprocess.Popen([*redis_args, "no"], stdout=subprocess.DEVNULL)  # noqa: S603
            processes.append(p)
            wait(lambda: request_redis(redis_port), "redis-server")
            return p

        redis = start_redis()
        web_port = free_port()
        web_env = {
            **os.environ,
            "DATABASE_URL": cluster.url(),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "SECRET_KEY": os.environ["FAULTS_SECRET_KEY"],
            "DEBUG": "0",
            "SECURE_SSL": "0",
            "STATIC_MANIFEST": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "API_THROTTLE_RATE": "1000000/minute",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
        }
        gunicorn = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{web_port}"]
        gunicorn += ["--workers", "3", "--timeout", "30"]
        log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115
        processes.append(subprocess.Popen(gunicorn, cwd=ROOT, env=web_env, stdout=log, stderr=subprocess.STDOUT))  # noqa: S603
        wait(lambda: request(web_port, "GET", "/healthz") == 200, "gunicorn")

        paths, saves = plan(cluster.url(), f"redis://127.0.0.1:{redis_port}/0")
        pks = [pk for pk, _ in saves]
        for path in set(paths):  # warm: every worker has its connection and templates
            request(web_port, "GET", path)

        # 1. PostgreSQL restarts a third of the way through.
        before = state(pks)
        accepted: dict[str, float] = {}

        def restart_postgresql(run: Run, t0: float) -> None:
            time.sleep(args.seconds / 3)
            accepted["fault"] = time.monotonic() - t0
            cluster.pg_ctl("restart")
            accepted["accepts"] = wait(cluster.accepts, "PostgreSQL") - t0

        run = drive(web_port, paths, saves, args.rate, args.seconds, restart_postgresql)
        pg = summarise(run, accepted.get("accepts"), accepted["fault"])
        pg["saves"] = judge_saves(before, state(pks), run.saves)
        pg["saves_attempted"] = len(run.saves)

        # 2. Redis stops for a third of the run (no saves: the public mix only).
        stopped: dict[str, float] = {}

        def stop_redis(run: Run, t0: float) -> None:
            time.sleep(args.seconds / 3)
            stopped["fault"] = time.monotonic() - t0
            redis.terminate()
            redis.wait()
            time.sleep(args.seconds / 3)
            start_redis()
            stopped["accepts"] = time.monotonic() - t0

        run = drive(web_port, paths, [], args.rate, args.seconds, stop_redis)
        rd = summarise(run, stopped.get("accepts"), stopped["fault"])
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
                p.wait()
        if cluster is not None:
            try:
                cluster.pg_ctl("stop")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(workdir, ignore_errors=True)

    lines = [
        f"PostgreSQL restart under {args.rate:g} req/s for {args.seconds:g} s: {pg}",
        f"Redis stopped for {args.seconds / 3:g} s under {args.rate:g} req/s: {rd}",
    ]
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(f"- {line}" for line in lines) + "\n")
    ok = pg["saves"]["half_written"] == 0 and pg["saves"]["lost_after_302"] == 0
    return 0 if ok else 1


def request_redis(port: int) -> bool:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")


if __name__ == "__main__":
    sys.exit(main())
