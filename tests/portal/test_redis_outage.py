"""Redis holds only a cache (issue 15): while it is down every page answers (a miss, never a 500), a warning is
logged at most once a minute, and when it is back the cache is used again without a restart. A real redis-server
on a free port, stopped and started again on the same port; no mock."""

import logging
import time

import pytest
from django.conf import settings
from django.urls import reverse

from portal import pagecache
from portal.cache import FailSoftRedisCache
from tests.approvals.helpers import published

pytestmark = pytest.mark.django_db


def _public_urls(handbook) -> list[str]:
    return [
        reverse("public:home"),
        reverse("public:home") + "?q=ใบอนุญาต โรงงาน",
        reverse("public:handbook", kwargs={"pk": handbook.pk}),
        reverse("public:agencies"),
        reverse("public:agency", kwargs={"pk": handbook.agency_id}),
    ]


def _official_urls() -> list[str]:
    return [reverse("portal:dashboard"), reverse("handbooks:list")]


def _all_answer(client, official, urls, official_urls) -> None:
    for url in urls:
        assert client.get(url).status_code == 200, url
    for url in official_urls:
        assert official.get(url).status_code == 200, url


def test_pages_answer_while_redis_is_down_and_the_cache_is_used_again_when_it_returns(
    redis_cache, client, login, author, approver, caplog
):
    handbook = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    official = login(approver)
    urls, official_urls = _public_urls(handbook), _official_urls()
    _all_answer(client, official, urls, official_urls)
    assert redis_cache.keys() > 0  # the public pages went into Redis

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(3):
            time.sleep(0.06)  # past the retry back-off: each round tries Redis again and fails
            _all_answer(client, official, urls, official_urls)
    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1  # at most one a minute, however many calls failed
    # Signing in needs neither: sessions and the lockout counters live in the database.
    assert login(author).get(reverse("portal:dashboard")).status_code == 200
    assert client.post(reverse("login"), {"username": "author", "password": "wrong"}).status_code == 200

    redis_cache.start()  # the same port, empty (no persistence)
    assert redis_cache.keys() == 0
    time.sleep(0.06)
    _all_answer(client, official, urls, official_urls)
    assert redis_cache.keys() > 0  # used again, no restart of the application


def test_a_missing_redis_answers_as_misses(settings, redis_server):
    port = redis_server.port
    redis_server.stop()
    backend = FailSoftRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"RETRY_SECONDS": 0}})
    assert backend.get("k", "default") == "default"
    assert backend.add("k", 1) is False
    assert backend.set("k", 1) is None
    assert backend.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        backend.incr("k")
    assert backend.delete("k") is False


def test_sessions_and_lockout_counters_do_not_live_in_the_cache():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_while_redis_is_down_no_worker_keeps_a_list_that_a_publication_would_not_reach(
    redis_cache, client, author, approver, settings
):
    """While Redis is down the publication generation reads 0 and a publication cannot bump it: a list page made
    then must not be kept in the worker's own memory (portal.pagecache.LocalPages), or the next publication would
    not reach it."""
    settings.PAGE_CACHE_LOCAL_BYTES = 2**20
    pagecache.local_pages().clear()
    published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    redis_cache.stop()
    time.sleep(0.06)
    assert "การขอรับใบอนุญาตประกอบกิจการโรงงาน" in client.get(reverse("public:home")).content.decode()
    published(author, approver, procedure__name="การขอรับใบอนุญาตจำหน่ายอาหาร [N]")
    time.sleep(0.06)
    assert "การขอรับใบอนุญาตจำหน่ายอาหาร" in client.get(reverse("public:home")).content.decode()
    assert pagecache.local_pages().size == 0
    redis_cache.start()
