"""HTTP behaviour of the API: ETag / Last-Modified and 304, the response cache and its invalidation on publication,
the rate limit per client address (portal.netaddr) with its Thai and English 429, and query counts that do not
grow with the data."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from tests.approvals.helpers import make_handbook, published, start_revision
from tests.factories import LawFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def test_a_handbook_carries_etag_and_last_modified_of_its_live_version_and_answers_304(client, author, approver):
    handbook = published(author, approver)
    version = handbook.live_version
    for name in ("api:handbook", "api:handbook_cpsv"):
        url = reverse(name, args=[handbook.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Last-Modified"] == http_date(int(version.approved_at.timestamp()))
        etag = response["ETag"]
        assert str(version.pk) in etag and response["Cache-Control"] == "public, no-cache"
        # A conditional request is answered from the version alone: one small query, no snapshot read.
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
        assert len(ctx) == 1 and "snapshot" not in ctx.captured_queries[0]["sql"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    # A new approved version: a new ETag, and the old one no longer matches.
    old = client.get(reverse("api:handbook", args=[handbook.pk]))["ETag"]
    start_revision(handbook, author)
    handbook.submit(author)
    handbook.approve(approver)
    fresh = client.get(reverse("api:handbook", args=[handbook.pk]), HTTP_IF_NONE_MATCH=old)
    assert fresh.status_code == 200 and fresh["ETag"] != old
    assert json.loads(fresh.content)["version"]["number"] == 2


def test_lists_carry_an_etag_of_their_body_and_answer_304(client, author, approver):
    published(author, approver)
    for name in ("api:handbooks", "api:agencies", "api:laws", "api:index"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response["ETag"].startswith('"b-')
        assert client.get(reverse(name), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    before = client.get(reverse("api:handbooks"))["ETag"]
    published(author, approver)
    after = client.get(reverse("api:handbooks"), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_answers_come_from_the_cache_until_a_publication_or_unpublication(client, author, approver):
    handbook = published(author, approver)
    url = reverse("api:handbooks")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        cached = client.get(url)
    assert cached.status_code == 200 and len(ctx) == 0  # from the cache, not the database
    other = published(author, approver)
    rows = json.loads(client.get(url).content)["results"]
    assert [row["id"] for row in rows] == [handbook.pk, other.pk]
    handbook.unpublish(approver, "ยกเลิก")
    assert [row["id"] for row in json.loads(client.get(url).content)["results"]] == [other.pk]
    assert client.get(reverse("api:handbook", args=[handbook.pk])).status_code == 404


def test_the_rate_limit_counts_each_client_address_and_answers_429_in_thai_and_english(client, settings, tree):
    settings.API_THROTTLE_RATE = "3/minute"
    url = reverse("api:agencies")
    assert [client.get(url, REMOTE_ADDR="192.0.2.1").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    body = json.loads(refused.content)
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60 and body["retry_after"] == wait and body["status"] == 429
    assert body["detail"] == f"ท่านส่งคำขอมากเกินกำหนด กรุณารอ {wait} วินาทีแล้วลองใหม่"
    assert body["detail_en"] == f"Too many requests: please wait {wait} seconds and try again."
    # Another address has its own count; an X-Forwarded-For written by a client that connects directly changes
    # nothing (it is not one of our proxies).
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Behind our proxy, each client is counted by the address the proxy saw.
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.5"], 1
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200
    # A client cannot pick a fresh identity by writing the header's left-most entry itself.
    spoofed = client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert spoofed.status_code == 429
    # Cached answers are counted too (the limit is checked before the cache is read).
    assert Client().get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def _counts(client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        cache.clear()  # every request builds its answer
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        counts.append(len(ctx))
    return counts


def test_query_counts_do_not_grow_with_the_data(client, author, approver, agency_a):
    law = LawFactory()
    procedure = ProcedureFactory(agency=agency_a, laws=[law])
    handbook = published(author, approver, procedure=procedure)
    urls = [
        reverse("api:handbooks"),
        reverse("api:handbooks") + f"?agency={agency_a.pk}&q=ทดสอบ&area=central&law={law.pk}",
        reverse("api:handbook", args=[handbook.pk]),
        reverse("api:handbook_cpsv", args=[handbook.pk]),
        reverse("api:versions", args=[handbook.pk]),
        reverse("api:version", args=[handbook.pk, 1]),
        reverse("api:agencies"),
        reverse("api:agency", args=[agency_a.pk]),
        reverse("api:laws"),
        reverse("api:law", args=[law.pk]),
    ]
    small = _counts(client, urls)
    # Many more handbooks, rows, versions, laws and citations of the same law.
    for _ in range(6):
        other = published(author, approver, procedure=procedure, rows=4)
        start_revision(other, author)
        other.submit(author)
        other.approve(approver)
        published(author, approver, procedure=ProcedureFactory(agency=agency_a, laws=[LawFactory(), law]))
    make_handbook(author, rows=3)
    start_revision(handbook, author)
    handbook.submit(author)
    handbook.approve(approver)
    assert _counts(client, urls) == small
