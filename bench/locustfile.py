"""Locust scenario for bench/run.py: one page (or the public mix) at a fixed total rate, or closed-loop (rate 0).

Reads the plan that run.py writes (URLs per page, session cookies) from BENCH_PLAN; BENCH_SCENARIO names the page
or "mixed"; BENCH_RATE is the total requests/s over BENCH_USERS users (0: each user sends as fast as it can).
"""

import json
import os
import random

from locust import FastHttpUser, constant, constant_throughput, task

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as fh:
    PLAN = json.load(fh)
SCENARIO = os.environ["BENCH_SCENARIO"]
RATE = float(os.environ.get("BENCH_RATE", "0"))
USERS = int(os.environ.get("BENCH_USERS", "10"))
# The public mix of the issue: 60% handbook page, 25% list, 15% search.
MIX = {"public_handbook": 60, "public_list": 25, "public_search_common": 10, "public_search_rare": 5}

if SCENARIO == "mixed":
    PAGES = [PLAN["pages"][name] for name in MIX if name in PLAN["pages"]]
    WEIGHTS = [MIX[page["name"]] for page in PAGES]
else:
    PAGES = [PLAN["pages"][SCENARIO]]
    WEIGHTS = [1]


class PageUser(FastHttpUser):
    wait_time = constant_throughput(RATE / USERS) if RATE else constant(0)
    network_timeout = 30.0
    connection_timeout = 10.0

    @task
    def hit(self):
        page = random.choices(PAGES, WEIGHTS)[0]  # noqa: S311
        url = random.choice(page["urls"])  # noqa: S311
        headers = {"Cookie": f"sessionid={page['session']}"} if page.get("session") else {}
        with self.client.get(url, name=page["name"], headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
