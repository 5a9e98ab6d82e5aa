"""Locust scenario for bench/run.py: one page (or the public mix) at a fixed total rate, or closed-loop (rate 0).

Reads the plan that run.py writes (URLs per page, session cookies) from BENCH_PLAN; BENCH_SCENARIO names the page
or "mixed"; BENCH_RATE is the total requests/s over BENCH_USERS users (0: each user sends as fast as it can).

BENCH_ARRIVALS chooses how a user spaces its requests at a fixed rate:
- "poisson" (default): each user starts requests at the moments of a Poisson process of rate RATE / USERS, on a
  schedule of its own (a response that is late does not push the next start back). The users together make one
  Poisson process of rate RATE: independent citizens, arriving at random.
- "paced": locust's constant_throughput. Users spawned together stay in step, so the site receives a burst of
  USERS requests at once, every USERS / RATE seconds (run 4 of bench/RESULTS.md measured that).
"""

import json
import os
import random
import time

from locust import FastHttpUser, constant, constant_throughput, task

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as fh:
    PLAN = json.load(fh)
SCENARIO = os.environ["BENCH_SCENARIO"]
RATE = float(os.environ.get("BENCH_RATE", "0"))
USERS = int(os.environ.get("BENCH_USERS", "10"))
ARRIVALS = os.environ.get("BENCH_ARRIVALS", "poisson")
# The public mix of the issue: 60% handbook page, 25% list, 15% search.
MIX = {"public_handbook": 60, "public_list": 25, "public_search_common": 10, "public_search_rare": 5}

if SCENARIO == "mixed":
    PAGES = [PLAN["pages"][name] for name in MIX if name in PLAN["pages"]]
    WEIGHTS = [MIX[page["name"]] for page in PAGES]
else:
    PAGES = [PLAN["pages"][SCENARIO]]
    WEIGHTS = [1]


# A per-process counter with this process's id and start time: unique across the runs of one benchmark.
FRESH = (f"{os.getpid()}-{time.time_ns()}-{n}" for n in range(10**9))


def poisson_arrivals(rate_per_user: float):
    """A wait_time: sleep until this user's next arrival, the arrivals being a Poisson process of the given rate."""

    def wait_time(user):
        now = time.monotonic()
        if getattr(user, "_next_start", None) is None:
            user._next_start = now  # the first gap below starts the user at a random moment
        user._next_start += random.expovariate(rate_per_user)  # noqa: S311
        return max(0.0, user._next_start - now)

    return wait_time


def choose_wait_time():
    if not RATE:
        return constant(0)
    if ARRIVALS == "paced":
        return constant_throughput(RATE / USERS)
    return poisson_arrivals(RATE / USERS)


class PageUser(FastHttpUser):
    wait_time = choose_wait_time()
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self):
        if RATE and ARRIVALS != "paced":
            time.sleep(self.wait_time())  # the first request at the user's first arrival, not at spawn time

    @task
    def hit(self):
        page = random.choices(PAGES, WEIGHTS)[0]  # noqa: S311
        url = random.choice(page["urls"])  # noqa: S311
        if page["name"].endswith("_fresh"):
            # Never the same URL twice (the page cache keys the first page of a search by its parameters): every
            # request of a "fresh" page is built afresh, whatever the length of the run.
            url = f"{url}{'&' if '?' in url else '?'}r={next(FRESH)}"
        headers = {"Cookie": f"sessionid={page['session']}"} if page.get("session") else {}
        with self.client.get(url, name=page["name"], headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
