#!/usr/bin/env python
"""Benchmark the portal at real scale on PostgreSQL: one command, one table (issue 7).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/handbook_scale .venv/bin/python bench/run.py

1. Picks URLs from the data set (generate_scale) and signs the personas in (sessions written directly).
2. Counts the queries of each page with Django's test client and EXPLAINs the ones that touch the big tables.
3. Starts gunicorn (bench.settings: the product plus two baselines), warms up, then drives every page with locust
   headless: a closed-loop run (the most requests/s it serves) and a fixed-rate run (server time p50/p95/p99),
   then the public mix (60% handbook page, 25% list, 15% search) at fixed rates.
4. Prints the tables, with our figures as ratios to the Django admin changelist of handbooks and to a view that
   returns a constant; `--markdown FILE` also writes them as Markdown. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {  # server time p95 targets of the issue (ms), for the table only
    "report_states": 300,
    "report_states_ministry": 300,
    "report_pending": 300,
    "report_pending_ministry": 300,
    "report_returns": 300,
    "report_stale": 300,
    "report_laws": 300,
    "public_handbook": 50,
    "api_handbook": 50,
    "api_list": 150,
    "public_search_common": 50,
    "public_search_rare": 150,
    "public_search_words": 50,
    "public_search_fresh": 50,
    "approvals_queue": 150,
    "procedures_list": 150,
    "handbooks_update": 150,
}
COMMON_WORD = "ใบอนุญาต"
TWO_WORDS = "ใบอนุญาต ประกอบกิจการ"
# Issue 15's ratios, printed under the table: (label, our page, baseline page, target).
RATIOS = [
    ("public handbook page ÷ constant view", "public_handbook", "baseline_constant", 0.5),
    (f"search “{COMMON_WORD}” ÷ admin changelist", "public_search_common", "baseline_admin", 3.0),
    ("search of a rare word ÷ admin changelist", "public_search_rare", "baseline_admin", 3.0),
    (f"search “{TWO_WORDS}” ÷ admin changelist", "public_search_words", "baseline_admin", 3.0),
    ("any 1–3 word search, not from the page cache ÷ admin changelist", "public_search_fresh", "baseline_admin", 3.0),
    ("handbook edit page ÷ admin changelist", "handbooks_update", "baseline_admin", 1.0),
]
ARRIVALS = {
    "poisson": "requests at random moments (Poisson arrivals)",
    "paced": "requests paced in step (locust constant_throughput)",
}


def pick_cache() -> str:
    """Production shares one Redis between the workers (cached counts, their invalidation on publication): use the
    REDIS_URL given, else a Redis answering on 127.0.0.1:6379 (database 1), else each worker's own memory."""
    if not os.environ.get("REDIS_URL"):
        import socket

        try:
            with socket.create_connection(("127.0.0.1", 6379), timeout=1):
                os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/1"
        except OSError:
            return "per-process memory (no Redis)"
    return "Redis " + os.environ["REDIS_URL"].rsplit("@", 1)[-1]


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The API's rate limit per client address would refuse the load tool (one address): measure the pages, with
    # the limiter's own cost still paid on every request.
    os.environ.setdefault("API_THROTTLE_RATE", "100000000/minute")
    import django

    django.setup()


# ------------------------------------------------------------------------------------------------ the plan


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(6 * 3600)
    store.save()
    return store.session_key


SEARCH_WORDS = ["ใบอนุญาต", "ประกอบกิจการ", "ต่ออายุ", "จดทะเบียน", "โรงงาน", "หนังสือรับรอง", "สุขภาพ", "อาหาร"]


def fresh_searches(rng: random.Random, count: int = 400) -> list[tuple[str, ...]]:
    """`count` searches of one to three words of SEARCH_WORDS (seeded)."""
    return [tuple(rng.sample(SEARCH_WORDS, rng.randint(1, 3))) for _ in range(count)]


def rare_word(rng: random.Random) -> str:
    """The Thai word with the fewest published handbooks in a sample (>0): the 'rare' search of the issue."""
    from handbooks.models import Handbook

    freq: dict[str, int] = {}
    sample = Handbook.objects.published().order_by("pk").values_list("public_search", flat=True)[:5000]
    for text in sample:
        for word in set(text.split()):
            if len(word) >= 4 and re.fullmatch(r"[\u0e00-\u0e7f]+", word):
                freq[word] = freq.get(word, 0) + 1
    return min(sorted(freq), key=lambda w: freq[w]) if freq else "ไม่มีคำนี้"


def build_plan(seed: int) -> tuple[dict, list[str]]:
    """URLs per page and the session each page is requested with; pages whose URL name does not exist yet are
    reported as missing."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from handbooks.models import Handbook, Status
    from portal.models import Agency, User

    rng = random.Random(seed)
    published = list(Handbook.objects.published().order_by("pk").values_list("pk", flat=True))
    if not published:
        sys.exit("No published handbooks: run `manage.py generate_scale` on this database first.")
    sample = rng.sample(published, min(2000, len(published)))
    moi = Agency.objects.filter(code="15000000").first() or Agency.objects.ministries().order_by("code").first()
    central = User.objects.get(username="scale_central")
    admin = User.objects.get(username="scale_admin")
    ministry_approver = User.objects.get(username=f"scale_approver_{moi.code}")
    drafts = (
        Handbook.objects.filter(status=Status.DRAFT)
        .values("author_id")
        .annotate(n=Count("id"))
        .order_by("-n", "author_id")
        .first()
    )
    author = User.objects.get(pk=drafts["author_id"])
    draft_ids = list(
        Handbook.objects.filter(status=Status.DRAFT, author=author).order_by("pk").values_list("pk", flat=True)[:200]
    )
    rare = rare_word(rng)
    sessions = {u.username: session_for(u) for u in (central, admin, ministry_approver, author)}

    def url(name, *args, query=None):
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            return None
        return f"{path}?{urlencode(query)}" if query else path

    specs = [
        # name, URL name, args per URL, query, user, what
        ("public_handbook", "public:handbook", [(pk,) for pk in sample], None, None, "หน้าคู่มือสาธารณะ"),
        # issue 14: the same handbooks from the API (JSON of the live snapshot), and its list's first pages
        ("api_handbook", "api:handbook", [(pk,) for pk in sample], None, None, "API: คู่มือ (JSON)"),
        (
            "api_list",
            "api:handbooks",
            [()],
            [
                None,
                {"agency": moi.pk},
                {"category": "permit"},
                {"q": COMMON_WORD},
                {"order": "newest", "page_size": 100},
            ],
            None,
            f"API: รายการคู่มือ (ทั้งหมด, {moi.name}, หมวด, ค้นหา, ใหม่สุด 100)",
        ),
        (
            "public_list",
            "public:home",
            [()],
            [None] + [{"page": n} for n in range(2, 11)],
            None,
            "รายการคู่มือสาธารณะ (หน้า 1–10)",
        ),
        ("public_search_common", "public:home", [()], {"q": COMMON_WORD}, None, f"ค้นหา “{COMMON_WORD}”"),
        ("public_search_rare", "public:home", [()], {"q": rare}, None, f"ค้นหา “{rare}”"),
        # Issue 15: several words, one word index probe.
        ("public_search_words", "public:home", [()], {"q": TWO_WORDS}, None, f"ค้นหา “{TWO_WORDS}”"),
        # Any search of 1-3 words, each request a different URL: never the page cache (the capped count's cache
        # stays: "warm"), the word index and the ranking every time.
        (
            "public_search_fresh",
            "public:home",
            [()],
            [{"q": " ".join(words), "fresh": n} for n, words in enumerate(fresh_searches(random.Random(seed + 15)))],
            None,
            "ค้นหา 1–3 คำ ไม่ผ่านแคชหน้า",
        ),
        (
            "approvals_queue",
            "approvals:queue",
            [()],
            None,
            ministry_approver.username,
            f"คิวอนุมัติ ({moi.name})",
        ),
        (
            "procedures_list",
            "procedures:list",
            [()],
            {"agency": moi.pk},
            central.username,
            f"รายการกระบวนงาน กรอง {moi.name}",
        ),
        ("handbooks_update", "handbooks:update", [(pk,) for pk in draft_ids], None, author.username, "แก้ไขคู่มือ"),
        (
            "public_agency",
            "public:agency",
            [(moi.pk,)],
            [None, {"page": 50}],
            None,
            f"คู่มือของ{moi.name} (หน้า 1 และ 50)",
        ),
        (
            "handbooks_list",
            "handbooks:list",
            [()],
            [None, {"page": 50}],
            central.username,
            "รายการคู่มือ ผู้อนุมัติส่วนกลาง (หน้า 1 และ 50)",
        ),
        # issue 13: the reports, for ก.พ.ร. (every ministry) and for the biggest ministry's approver
        ("report_states", "reports:index", [()], None, central.username, "รายงาน: คู่มือแยกกระทรวง×สถานะ (ก.พ.ร.)"),
        (
            "report_states_ministry",
            "reports:index",
            [()],
            None,
            ministry_approver.username,
            f"รายงาน: คู่มือแยกกระทรวง×สถานะ ({moi.name})",
        ),
        (
            "report_pending",
            "reports:pending",
            [()],
            [None, {"page": 20}],
            central.username,
            "รายงาน: คำขอที่รอ อายุ มัธยฐาน/P90 (ก.พ.ร., หน้า 1 และ 20)",
        ),
        (
            "report_pending_ministry",
            "reports:pending",
            [()],
            None,
            ministry_approver.username,
            f"รายงาน: คำขอที่รอ ({moi.name})",
        ),
        (
            "report_returns",
            "reports:returns",
            [()],
            None,
            central.username,
            "รายงาน: การส่งกลับและเหตุผล 12 เดือน (ก.พ.ร.)",
        ),
        (
            "report_stale",
            "reports:stale",
            [()],
            [None, {"years": 2}],
            central.username,
            "รายงาน: คู่มือไม่ได้ปรับปรุงเกิน 3 และ 2 ปี (ก.พ.ร.)",
        ),
        ("report_laws", "reports:laws", [()], None, central.username, "รายงาน: กฎหมายเลยกำหนดทบทวน (ก.พ.ร.)"),
        ("baseline_admin", "bench_admin:handbooks_handbook_changelist", [()], None, admin.username, "admin changelist"),
        ("baseline_constant", "bench_constant", [()], None, None, "constant view"),
    ]
    pages, missing = {}, []
    for name, url_name, arg_list, query, username, label in specs:
        queries = query if isinstance(query, list) else [query]
        urls = [u for u in (url(url_name, *args, query=q) for args in arg_list for q in queries) if u]
        if not urls:
            missing.append(f"{name} ({url_name})")
            continue
        pages[name] = {
            "name": name,
            "label": label,
            "url_name": url_name,
            "urls": urls,
            "session": sessions.get(username) if username else None,
        }
    # The stampede's page: a published handbook outside the sample, so that no worker has served it in this run (each
    # worker keeps the pages it served in its own memory too: dropping them from Redis would not drop those).
    unsampled = sorted(set(published) - set(sample))
    stampede_url = url("public:handbook", rng.choice(unsampled)) if unsampled else None
    return {"pages": pages, "rare_word": rare, "ministry": moi.name, "stampede_url": stampede_url}, missing


# ------------------------------------------------------------------------------------------------ query counts


def query_pass(plan: dict) -> dict[str, dict]:
    """Queries per request (test client + CaptureQueriesContext) and EXPLAIN of those that touch the big tables."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    big = (
        "handbooks_handbook",
        "procedures_procedure",
        "handbooks_handbookversion",
        "handbooks_step",
        "handbooks_decision",
        "procedures_procedurelaw",
    )
    out = {}
    for name, page in plan["pages"].items():
        client = Client()
        if page["session"]:
            client.cookies["sessionid"] = page["session"]
        # The API keeps whole answers in the cache: its queries, EXPLAINs and time are those of an answer built
        # afresh (a parameter the API ignores makes each URL new); the time of a cached answer is reported beside.
        api = page["url_name"].startswith("api:")
        fresh = iter(f"{n}-{time.time_ns()}" for n in range(10**6))

        def url_of(i: int, api=api, page=page, fresh=fresh) -> str:
            url = page["urls"][i % len(page["urls"])]
            return f"{url}{'&' if '?' in url else '?'}_uncached={next(fresh)}" if api else url

        client.get(url_of(0))  # warm caches (content types, templates)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url_of(0))
        seq_scans = []
        with connection.cursor() as cursor:
            for query in ctx.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in big):
                    continue
                cursor.execute("EXPLAIN " + sql)
                plan_text = "\n".join(row[0] for row in cursor.fetchall())
                seq_scans += [t for t in big if re.search(rf"Seq Scan on {t}\b", plan_text)]
        n_queries = len(ctx)  # read before the next request: request_started empties the query log
        # In-process time of one warm request (median of 7, no load, no network): what the code costs by itself.
        timings = []
        for i in range(7):
            started = time.perf_counter()
            client.get(url_of(i))
            timings.append((time.perf_counter() - started) * 1000)
        out[name] = {
            "status": response.status_code,
            "queries": n_queries,
            "seq_scans": sorted(set(seq_scans)),
            "alone_ms": sorted(timings)[len(timings) // 2],
        }
        if api:
            cached = []
            for i in range(7):
                url = page["urls"][i % len(page["urls"])]
                client.get(url)  # built and stored once
                started = time.perf_counter()
                client.get(url)
                cached.append((time.perf_counter() - started) * 1000)
            out[name]["cached_ms"] = sorted(cached)[len(cached) // 2]
    return out


# ------------------------------------------------------------------------------------------------ the PDF


def pdf_pass(seed: int, count: int = 5) -> dict:
    """The handbook's PDF (issue 12), in-process: its first request renders and stores it, a one-off per version
    (not a load to drive with locust); every later request sends the stored file. For `count` published handbooks
    picked at random: the first request of public:handbook_pdf (into an empty media folder), the render alone
    (handbooks.pdf.render_pdf), and a second request. One render before them loads WeasyPrint and the fonts."""
    from django.test import Client, override_settings
    from django.urls import reverse

    from handbooks import pdf
    from handbooks.models import Handbook, HandbookVersion

    published = list(Handbook.objects.published().order_by("pk").values_list("pk", "live_version_id"))
    picked = random.Random(seed).sample(published, min(count + 1, len(published)))
    client = Client()
    first, render, stored, pages, sizes, statuses = [], [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as media, override_settings(MEDIA_ROOT=media):
        for i, (pk, version_id) in enumerate(picked):
            url = reverse("public:handbook_pdf", kwargs={"pk": pk})
            started = time.perf_counter()
            response = client.get(url)
            data = b"".join(response.streaming_content) if response.streaming else response.content
            statuses.append(response.status_code)
            if i == 0:  # warm-up: WeasyPrint's import, the fonts' glyph maps, the templates
                continue
            first.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            client.get(url).close()
            stored.append((time.perf_counter() - started) * 1000)
            version = HandbookVersion.objects.get(pk=version_id)
            started = time.perf_counter()
            pdf.render_pdf(version, "http://127.0.0.1")
            render.append((time.perf_counter() - started) * 1000)
            pages.append(pdf_pages(data))
            sizes.append(len(data) / 1024)
    median = lambda values: sorted(values)[len(values) // 2] if values else float("nan")  # noqa: E731
    return {
        "handbooks": len(first),
        "first_ms": median(first),
        "first_max_ms": max(first, default=float("nan")),
        "render_ms": median(render),
        "stored_ms": median(stored),
        "pages": f"{min(pages, default=0)}–{max(pages, default=0)}",
        "kb": median(sizes),
        "status": next((status for status in statuses if status != 200), 200),
    }


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF whose objects may sit in compressed object streams (WeasyPrint writes PDF 1.7)."""
    import zlib

    found = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data)
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found += re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return max((int(count) for count in found), default=0)


def pdf_line(result: dict) -> str:
    return (
        f"PDF of a published handbook (`public:handbook_pdf`, in-process, {result['handbooks']} handbooks of "
        f"{result['pages']} pages, median {fmt(result['kb'])} kB): first request {fmt(result['first_ms'])} ms "
        f"(max {fmt(result['first_max_ms'])}; the render alone {fmt(result['render_ms'])} ms), then sent from the "
        f"stored file in {fmt(result['stored_ms'], 1)} ms."
    )


# ------------------------------------------------------------------------------------------------ load


def start_gunicorn(port: int, workers: int, access_log: str) -> subprocess.Popen:
    # The access log gives the server time of every request (%(D)s: microseconds inside gunicorn and Django).
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--access-logfile",
        access_log,
        "--access-logformat",
        "%(s)s %(D)s %(U)s",
        "--chdir",
        str(ROOT),
    ]
    proc = subprocess.Popen(cmd, env=os.environ.copy())  # noqa: S603
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    sys.exit("gunicorn did not start")


def warm_up(port: int, plan: dict, per_page: int = 30, warm_all: bool = False) -> None:
    """A few requests per page; with `warm_all`, every URL of the public pages once (the page cache then holds
    them all: a warm cache, as at a peak, rather than 2,000 first renders)."""
    for page in plan["pages"].values():
        # Not the page made to miss the page cache (its first URLs only, for the capped counts).
        every = warm_all and not page["session"] and not page["name"].endswith("_fresh")
        count = len(page["urls"]) if every else per_page
        for i in range(max(per_page, count)):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{page['urls'][i % len(page['urls'])]}")
            if page["session"]:
                request.add_header("Cookie", f"sessionid={page['session']}")
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
            except OSError:
                pass


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))]


def server_times(access_log: str, offset: int) -> tuple[dict, int]:
    """p50/p95/p99 (ms) of the requests logged since `offset` (the healthz probe and static files left out)."""
    with open(access_log, encoding="utf-8", errors="replace") as fh:
        fh.seek(offset)
        lines = fh.read().splitlines()
        end = fh.tell()
    times = []
    for line in lines:
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1].isdigit() and not parts[2].startswith(("/healthz", "/static/")):
            times.append(int(parts[1]) / 1000)
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99)}, end


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes (locust, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by gunicorn: the master and its workers."""
    import psutil  # comes with locust (bench/requirements.txt)

    total = 0.0
    try:
        root = psutil.Process(proc.pid)
        for p in [root, *root.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
    except psutil.Error:
        pass
    return total


def run_locust(
    plan_file: str, port: int, scenario: str, rate: float, users: int, seconds: int, tmp: str, server=None
) -> dict:
    """One locust run; besides its figures, the cores the load tool and the server used during it (in cores:
    1.0 = one core busy for the whole run)."""
    prefix = os.path.join(tmp, f"{scenario}-{rate:g}")
    tool_before, server_before, started = children_cpu(), tree_cpu(server) if server else 0.0, time.monotonic()
    env = os.environ.copy()
    env.update(BENCH_PLAN=plan_file, BENCH_SCENARIO=scenario, BENCH_RATE=str(rate), BENCH_USERS=str(users))
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--stop-timeout",
        "10",
    ]
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    elapsed = max(time.monotonic() - started, 0.001)
    tool_cores = (children_cpu() - tool_before) / elapsed
    server_cores = ((tree_cpu(server) - server_before) / elapsed) if server else float("nan")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["Name"] == "Aggregated")

    def num(key):
        try:
            return float(total[key])
        except (KeyError, ValueError):
            return float("nan")

    return {
        "requests": int(num("Request Count")),
        "rps": num("Requests/s"),
        "p50": num("50%"),
        "p95": num("95%"),
        "p99": num("99%"),
        "errors": int(num("Failure Count")),
        "tool_cores": tool_cores,
        "server_cores": server_cores,
    }


# ------------------------------------------------------------------------------------------------ report


def stampede(port: int, path: str, rate: float = 100, seconds: float = 2) -> dict:
    """Issue 15: drop every handbook page's copy from the shared cache, then send `rate` req/s for `seconds` to one
    handbook page no worker has served in this run (none holds it in its own memory either; build_plan), requests
    at even intervals, each in its own thread, and count the renders the workers did meanwhile (portal.pagecache
    counts each page it renders into the cache in the cache itself)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import cache

    from portal.pagecache import RENDERS_KEY

    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match="*page:handbook:*"):
        client.delete(key)
    before = cache.get(RENDERS_KEY, 0)
    url = f"http://127.0.0.1:{port}{path}"
    count = int(rate * seconds)
    start = time.monotonic()

    def one(i: int) -> int:
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback, our own server)
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    with ThreadPoolExecutor(max_workers=64) as pool:
        statuses = list(pool.map(one, range(count)))
    summary: dict[int, int] = {}
    for status in statuses:
        summary[status] = summary.get(status, 0) + 1
    return {
        "requests": count,
        "rate": rate,
        "renders": cache.get(RENDERS_KEY, 0) - before,
        "errors": count - summary.get(200, 0),
        "statuses": summary,
    }


def fmt(value: float, digits: int = 0) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


ROW = (
    "| {label} | {alone} | {rps} | {p50} | {p95} | {p99} | {cp95} | {target} | {errors} | {q} | {seq} "
    "| {ra} | {pa} | {rc} | {pc} |"
)


def render(results: dict, mixed: dict, queries: dict, plan: dict, missing: list[str], meta: dict) -> str:
    admin = results.get("baseline_admin", {}).get("closed", {})
    const = results.get("baseline_constant", {}).get("closed", {})
    admin_p95 = results.get("baseline_admin", {}).get("fixed", {}).get("server", {}).get("p95")
    const_p95 = results.get("baseline_constant", {}).get("fixed", {}).get("server", {}).get("p95")
    lines = [
        f"Run {meta['date']} on {meta['machine']}; {meta['handbooks']:,} handbooks, {meta['agencies']:,} agencies; "
        f"gunicorn {meta['workers']} sync workers; locust {meta['users']} users, "
        f"{ARRIVALS[meta['arrivals']]}; cache: {meta['cache']}.",
        f"Command: `{meta['command']}`"
        + (" (what-if: list views with portal.paging.CappedPaginator)" if meta.get("capped") else ""),
        "",
        "Per page: alone = in-process time of one warm request with no load (median of 7); "
        f"max req/s = closed loop for {meta['seconds']} s; p50/p95/p99 (ms) = server time (gunicorn's "
        f"request time) at a fixed {meta['rate']:g} req/s (or half the page's max req/s if lower) for "
        f"{meta['seconds']} s, client p95 = as locust saw it; "
        "q/req = SQL queries per request; ratios: our max req/s and server p95 against the admin changelist and "
        "the constant view.",
        "",
        "| page | alone ms | max req/s | p50 | p95 | p99 | client p95 | target p95 | errors | q/req "
        "| seq scan on big tables | req/s ÷ admin | p95 ÷ admin | req/s ÷ constant | p95 ÷ constant |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, page in plan["pages"].items():
        r = results.get(name)
        if not r:
            continue
        closed, fixed = r["closed"], r["fixed"]
        q = queries.get(name, {})
        target = TARGETS.get(name)
        lines.append(
            ROW.format(
                label=f"{page['label']} (`{page['url_name']}`)",
                alone=fmt(q.get("alone_ms", float("nan"))),
                rps=fmt(closed["rps"]),
                p50=fmt(fixed["server"]["p50"]),
                p95=fmt(fixed["server"]["p95"]),
                p99=fmt(fixed["server"]["p99"]),
                cp95=fmt(fixed["p95"]),
                target=f"≤ {target}" if target else "",
                errors=closed["errors"] + fixed["errors"],
                q=q.get("queries", "–") if q.get("status") == 200 else f"HTTP {q.get('status')}",
                seq=", ".join(q.get("seq_scans", [])) or "none",
                ra=fmt(closed["rps"] / admin["rps"], 2) if admin.get("rps") else "–",
                pa=fmt(fixed["server"]["p95"] / admin_p95, 2) if admin else "–",
                rc=fmt(closed["rps"] / const["rps"], 2) if const.get("rps") else "–",
                pc=fmt(fixed["server"]["p95"] / const_p95, 1) if const else "–",
            )
        )
    lines += (
        []
        if not mixed
        else [
            "",
            f"Public mix (60% handbook page, 25% list, 15% search) at fixed rates for {meta['mixed_seconds']} s:",
            "",
            "| offered req/s | achieved req/s | server p50 | server p95 | server p99 | client p95 | errors "
            "| target p95 | server cores | load tool cores |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
    )
    for rate, m in mixed.items():
        target = "< 100" if rate <= 50 else "< 250"
        lines.append(
            f"| {rate:g} | {fmt(m['rps'], 1)} | {fmt(m['server']['p50'])} | {fmt(m['server']['p95'])} "
            f"| {fmt(m['server']['p99'])} | {fmt(m['p95'])} | {m['errors']} | {target} "
            f"| {fmt(m['server_cores'], 2)} | {fmt(m['tool_cores'], 2)} |"
        )
    ratio_lines = []
    for label, ours, base, target in RATIOS:
        mine, theirs = results.get(ours, {}).get("closed", {}), results.get(base, {}).get("closed", {})
        if mine.get("rps") and theirs.get("rps"):
            ratio = mine["rps"] / theirs["rps"]
            met = "met" if ratio >= target else "not met"
            ratio_lines.append(f"| {label} | {fmt(ratio, 2)} | ≥ {target:g} | {met} |")
    if ratio_lines:
        lines += ["", "Issue 15's ratios (max req/s, closed loop):", "", "| ratio | measured | target | |"]
        lines += ["|---|---:|---:|---|", *ratio_lines]
    if meta.get("stampede"):
        st = meta["stampede"]
        lines += [
            "",
            f"Stampede: {st['requests']} requests at {st['rate']:g} req/s to one handbook page in no cache (one no "
            f"worker had served, every handbook page's copy deleted from Redis first): {st['renders']} render(s) "
            f"(portal.pagecache's render counter), {st['errors']} errors, statuses {st['statuses']}.",
        ]
    cached = [(name, q) for name, q in queries.items() if "cached_ms" in q and name in plan["pages"]]
    if cached:
        lines += [
            "",
            "API pages: alone and q/req are an answer built afresh; a cached answer (the opendata cache, Redis) "
            "takes " + ", ".join(f"{name} {fmt(q['cached_ms'], 1)} ms" for name, q in cached) + " in-process.",
        ]
    if meta.get("pdf"):
        lines += ["", pdf_line(meta["pdf"])]
    if missing:
        lines += ["", "Not benchmarked (URL name not in the URLconf yet): " + ", ".join(missing)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    parser.add_argument("--users", type=int, default=10, help="locust users")
    parser.add_argument("--seconds", type=int, default=15, help="length of each per-page run")
    parser.add_argument("--rate", type=float, default=10, help="fixed rate (req/s) of the per-page latency runs")
    parser.add_argument("--mixed-rates", default="50,100", help="fixed rates of the public mix")
    parser.add_argument("--mixed-seconds", type=int, default=30)
    parser.add_argument("--pages", default="", help="comma-separated page names to run (default: all)")
    parser.add_argument("--queries-only", action="store_true", help="only count queries and EXPLAIN (no load)")
    parser.add_argument("--markdown", help="also write the tables to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a page does not answer 200 (for CI)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warm-all", action="store_true", help="request every public URL once before the runs (a warm page cache)"
    )
    parser.add_argument(
        "--arrivals",
        choices=["poisson", "paced"],
        default="poisson",
        help="how the users space their requests at a fixed rate (see bench/locustfile.py)",
    )
    parser.add_argument(
        "--capped-paginator",
        action="store_true",
        help="what-if: run the list views with portal.paging.CappedPaginator (see bench/urls.py)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL data set, e.g. postgres://postgres@127.0.0.1:5432/handbook_scale")
    if args.capped_paginator:
        os.environ["BENCH_CAPPED_PAGINATOR"] = "1"
    cache_used = pick_cache()
    os.environ["BENCH_ARRIVALS"] = args.arrivals
    setup_django()
    from handbooks.models import Handbook
    from portal.models import Agency

    plan, missing = build_plan(args.seed)
    if args.pages:
        wanted = set(args.pages.split(","))
        plan["pages"] = {k: v for k, v in plan["pages"].items() if k in wanted}
    queries = query_pass(plan)
    for name, q in queries.items():
        print(
            f"{name:24} HTTP {q['status']}  {q['queries']:3d} queries  {q['alone_ms']:6.1f} ms alone  "
            f"seq scans: {q['seq_scans'] or 'none'}"
            + (f"  (cached: {q['cached_ms']:.1f} ms)" if "cached_ms" in q else "")
        )
    pdf_result = pdf_pass(args.seed) if not args.pages or "public_pdf_first" in args.pages.split(",") else None
    if pdf_result:
        print(f"{'public_pdf_first':24} HTTP {pdf_result['status']}  {pdf_line(pdf_result)}")
    if args.check:
        failed = [name for name, q in queries.items() if q["status"] != 200]
        if pdf_result and pdf_result["status"] != 200:
            failed.append("public_pdf_first")
        if failed:
            sys.exit(f"Pages that did not answer 200: {', '.join(failed)}")
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()})",
        "handbooks": Handbook.objects.count(),
        "agencies": Agency.objects.count(),
        "workers": args.workers,
        "users": args.users,
        "seconds": args.seconds,
        "rate": args.rate,
        "mixed_seconds": args.mixed_seconds,
        "command": "DATABASE_URL=… .venv/bin/python bench/run.py " + " ".join(sys.argv[1:]),
        "capped": args.capped_paginator,
        "cache": cache_used,
        "arrivals": args.arrivals,
        "pdf": pdf_result,
    }
    results: dict = {}
    mixed: dict = {}
    if not args.queries_only:
        from django.db import connections

        connections.close_all()
        tmp = tempfile.mkdtemp(prefix="bench-")
        plan_file = os.path.join(tmp, "plan.json")
        with open(plan_file, "w", encoding="utf-8") as fh:
            json.dump(plan, fh, ensure_ascii=False)
        access_log = os.path.join(tmp, "access.log")
        server = start_gunicorn(args.port, args.workers, access_log)
        try:
            warm_up(args.port, plan, warm_all=args.warm_all)
            _, offset = server_times(access_log, 0)
            for name in plan["pages"]:
                closed = run_locust(plan_file, args.port, name, 0, args.users, args.seconds, tmp, server)
                _, offset = server_times(access_log, offset)
                # Server time is measured below saturation: at the fixed rate, or at half the page's maximum.
                rate = min(args.rate, max(1.0, round(closed["rps"] / 2)))
                fixed = run_locust(plan_file, args.port, name, rate, args.users, args.seconds, tmp, server)
                fixed["rate"] = rate
                fixed["server"], offset = server_times(access_log, offset)
                results[name] = {"closed": closed, "fixed": fixed}
                srv = fixed["server"]
                print(
                    f"{name:24} max {fmt(closed['rps'], 1):>7} req/s | at {rate:g} req/s server p50 "
                    f"{fmt(srv['p50'])} p95 {fmt(srv['p95'])} p99 {fmt(srv['p99'])} ms, client p95 {fmt(fixed['p95'])} "
                    f"ms | errors {closed['errors'] + fixed['errors']}",
                    flush=True,
                )
            if "public_handbook" in plan["pages"] and "Redis" in cache_used:
                meta["stampede"] = stampede(
                    args.port, plan.get("stampede_url") or plan["pages"]["public_handbook"]["urls"][0]
                )
                print(f"stampede: {meta['stampede']}", flush=True)
            if {"public_handbook", "public_list"} <= set(plan["pages"]):
                for rate in [float(r) for r in args.mixed_rates.split(",") if r]:
                    users = max(args.users, int(rate // 2))
                    mixed[rate] = run_locust(
                        plan_file, args.port, "mixed", rate, users, args.mixed_seconds, tmp, server
                    )
                    mixed[rate]["server"], offset = server_times(access_log, offset)
                    print(f"mixed at {rate:g} req/s: {mixed[rate]}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report = render(results, mixed, queries, plan, missing, meta)
    print()
    print(report)
    if args.markdown:
        Path(args.markdown).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
