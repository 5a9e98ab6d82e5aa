"""Query counts do not grow with data (issue 7): each page is counted on a small generated data set, then again
after generating three times as many handbooks on top. A page whose URL name is gone fails (NoReverseMatch): rename it
here rather than let the page go uncounted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks.models import Handbook
from handbooks.workflow import Status
from portal.models import Agency, User
from procedures.models import Procedure

pytestmark = pytest.mark.django_db

AGENCIES = 150


def generate(handbooks: int, seed: int) -> None:
    call_command("generate_scale", agencies=AGENCIES, handbooks=handbooks, seed=seed, force=True, stdout=StringIO())


def pages() -> list[tuple[str, str, str | None]]:
    """(label, URL, username) for every page of the issue, on the current data."""
    moi = Agency.objects.get(code="15000000")
    published = Handbook.objects.published().order_by("pk").first()
    draft = Handbook.objects.filter(status=Status.DRAFT).order_by("pk").first()
    author = draft.author.username
    # The procedure with the most handbooks, most of them local governments': its owner department's page.
    busiest = Procedure.objects.annotate(n=Count("handbooks")).order_by("-n", "pk").select_related("agency").first()
    owner = f"scale_author_{busiest.agency.code}"
    specs = [
        ("public handbook", "public:handbook", (published.pk,), "", None),
        ("public list", "public:home", (), "", None),
        ("public search", "public:home", (), "?q=ใบอนุญาต", None),
        ("approver queue", "approvals:queue", (), "", "scale_approver_15000000"),
        ("procedure list (ministry)", "procedures:list", (), f"?agency={moi.pk}", "scale_central"),
        ("handbook list", "handbooks:list", (), "", author),
        ("handbook edit", "handbooks:update", (draft.pk,), "", author),
        ("handbook detail", "handbooks:detail", (draft.pk,), "", author),
        ("procedure detail (owner)", "procedures:detail", (busiest.pk,), "", owner),
        ("procedure detail (owner, by place)", "procedures:detail", (busiest.pk,), "?hb-place=จังหวัด", owner),
        # issue 14: the API (each answer built afresh: count_queries empties the cache first)
        ("api handbook", "api:handbook", (published.pk,), "", None),
        ("api handbook cpsv", "api:handbook_cpsv", (published.pk,), "", None),
        ("api list", "api:handbooks", (), "", None),
        ("api list (ministry, search)", "api:handbooks", (), f"?agency={moi.pk}&q=ใบอนุญาต", None),
        ("api agencies (ministry subtree)", "api:agencies", (), f"?subtree={moi.pk}", None),
        ("api laws", "api:laws", (), "", None),
        ("api law", "api:law", (published.live_version.snapshot["procedure"]["laws"][0]["id"],), "", None),
        # issue 13: the reports, for ก.พ.ร. (every ministry) and for a ministry's approver
        *(
            (f"report {name} ({who})", f"reports:{name}", (), "", who)
            for name in ("index", "pending", "returns", "stale", "laws")
            for who in ("scale_central", "scale_approver_15000000")
        ),
        ("report pending, page 2", "reports:pending", (), "?page=2", "scale_central"),
        ("report export (xlsx)", "reports:export", ("pending-list", "xlsx"), "", "scale_central"),
    ]
    return [(label, reverse(name, args=args) + query, username) for label, name, args, query, username in specs]


def count_queries(url: str, username: str | None) -> tuple[int, int]:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    client.get(url)  # first request: content types, pythainlp dictionary, session
    if url.startswith("/api/"):
        cache.clear()  # the API's answers are cached whole: count what building one costs
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx)


def test_query_counts_of_the_pages_do_not_grow_with_the_data():
    generate(handbooks=200, seed=11)
    small_pages = pages()
    small = {label: count_queries(url, user) for label, url, user in small_pages}
    generate(handbooks=600, seed=12)
    assert Handbook.objects.count() == 800
    # The same URLs (same objects) again, with four times the handbooks in the database.
    big = {label: count_queries(url, user) for label, url, user in small_pages}
    for label, (status, queries) in small.items():
        assert status == 200, label
        assert big[label] == (200, queries), f"{label}: {queries} queries with 200 handbooks, {big[label]} with 800"
