"""Public pages from the shared cache (issue 15, portal.pagecache): what is stored, when it goes stale, 304s, who never
gets a stored page, and the stampede lock. Render counts and query counts, never times."""

import re
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import pagecache
from portal.models import Agency
from tests.approvals.helpers import published, seed_service_areas, start_revision

FACTORY = "การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]"
SHOWN_VERSION = re.compile(r'text-bg-primary">ฉบับที่ (\d+)<')


@pytest.fixture
def lists_cached(settings):
    settings.PAGE_CACHE_LISTS = True


@pytest.fixture
def renders():
    """The names of the templates rendered (any thread) while the test runs."""
    names: list[str] = []

    def receiver(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(receiver, dispatch_uid="test_page_cache")
    yield names
    template_rendered.disconnect(dispatch_uid="test_page_cache")


def _page(handbook) -> str:
    return reverse("public:handbook", kwargs={"pk": handbook.pk})


def _version_shown(response) -> int:
    return int(SHOWN_VERSION.search(response.content.decode()).group(1))


def _new_version(handbook, author, approver, **changes):
    start_revision(handbook, author, **changes)
    handbook.submit(author, change_note="ฉบับแก้ไข")
    handbook.approve(approver, comment="เรียบร้อย")


@pytest.mark.django_db
def test_the_second_anonymous_request_is_answered_from_the_cache_with_one_query(client, author, approver, renders):
    handbook = published(author, approver)
    first = client.get(_page(handbook))
    assert first.status_code == 200 and "handbooks/public/handbook.html" in renders
    renders.clear()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(_page(handbook))
    assert second.status_code == 200 and second.content == first.content
    assert renders == [] and len(queries) == 1  # the live version's id, the key of the stored page
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_a_conditional_get_with_the_etag_or_the_date_answers_304(client, author, approver):
    handbook = published(author, approver)
    first = client.get(_page(handbook))
    not_modified = client.get(_page(handbook), headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    since = client.get(_page(handbook), headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    assert client.get(_page(handbook), headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.django_db
def test_a_new_version_changes_the_etag_and_an_old_etag_gets_the_new_page(client, author, approver):
    handbook = published(author, approver)
    old = client.get(_page(handbook))
    _new_version(handbook, author, approver)
    response = client.get(_page(handbook), headers={"If-None-Match": old["ETag"]})
    assert response.status_code == 200 and _version_shown(response) == 2 and response["ETag"] != old["ETag"]


@pytest.mark.django_db
def test_publication_of_a_new_version_replaces_the_cached_page_and_the_earlier_versions_page(client, author, approver):
    handbook = published(author, approver)
    version_1 = reverse("public:version", kwargs={"pk": handbook.pk, "number": 1})
    assert _version_shown(client.get(_page(handbook))) == 1
    assert "ฉบับก่อนหน้า" not in client.get(version_1).content.decode()
    _new_version(handbook, author, approver)
    assert _version_shown(client.get(_page(handbook))) == 2
    assert "ฉบับก่อนหน้า (ไม่ใช่ฉบับที่ใช้อยู่ในปัจจุบัน)" in client.get(version_1).content.decode()


@pytest.mark.django_db
def test_unpublication_makes_the_cached_page_404(client, author, approver, lists_cached):
    handbook = published(author, approver, procedure__name=FACTORY)
    home = reverse("public:home")
    assert client.get(_page(handbook)).status_code == 200
    assert FACTORY in client.get(home, {"q": "ใบอนุญาต"}).content.decode()
    handbook.unpublish(approver, reason="ยกเลิกกฎหมาย")
    handbook.refresh_from_db()
    assert handbook.public_approved_at is None  # what the lists order by goes with the live version
    assert client.get(_page(handbook)).status_code == 404
    assert FACTORY not in client.get(home, {"q": "ใบอนุญาต"}).content.decode()


@pytest.mark.django_db
def test_publication_reaches_the_cached_home_search_and_agency_pages(client, author, approver, lists_cached):
    first = published(author, approver)
    pages = [
        (reverse("public:home"), {}),
        (reverse("public:home"), {"q": "ใบอนุญาต"}),
        (reverse("public:agency", kwargs={"pk": author.agency_id}), {}),
    ]
    for url, query in pages:
        assert client.get(url, query).status_code == 200
    newest = published(author, approver, procedure__name=FACTORY)
    for url, query in pages:
        assert _page(newest) in client.get(url, query).content.decode(), url
    assert _page(first) in client.get(reverse("public:home")).content.decode()


@pytest.mark.django_db
def test_an_agency_renamed_or_moved_reaches_the_cached_lists(client, author, approver, agency_b, lists_cached):
    published(author, approver)
    agency = Agency.objects.get(pk=author.agency_id)
    pages = [
        reverse("public:home"),
        reverse("public:agencies"),
        reverse("public:agency", kwargs={"pk": agency.pk}),
        reverse("public:agency", kwargs={"pk": agency.parent_id}),
    ]
    for url in pages:
        assert client.get(url).status_code == 200
    agency.name = "กรมพัฒนาธุรกิจการค้าและการลงทุน"
    agency.save()
    for url in pages:
        assert "กรมพัฒนาธุรกิจการค้าและการลงทุน" in client.get(url).content.decode(), url
    Agency.objects.get(pk=agency_b.pk).delete()
    assert "กรมการค้าภายใน" not in client.get(reverse("public:agencies")).content.decode()


@pytest.mark.django_db
def test_a_signed_in_official_gets_a_fresh_private_page_with_their_own_menu(client, login, author, approver, renders):
    handbook = published(author, approver)
    client.get(_page(handbook))  # stored for citizens
    renders.clear()
    response = login(author).get(_page(handbook))
    assert response.status_code == 200 and "handbooks/public/handbook.html" in renders
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "ออกจากระบบ" in response.content.decode() and author.first_name in response.content.decode()
    # ... and the citizens' copy never holds the official's menu.
    assert "ออกจากระบบ" not in client.get(_page(handbook)).content.decode()


@pytest.fixture
def worker_copies(settings):
    """Each worker's own copy of the pages it served (portal.pagecache.LocalPages), 1 MiB, emptied around the test."""
    settings.PAGE_CACHE_LOCAL_BYTES = 2**20
    pagecache.local_pages().clear()
    yield pagecache.local_pages()
    pagecache.local_pages().clear()


@pytest.mark.django_db
def test_the_worker_answers_from_its_own_copy_when_the_shared_cache_lost_the_page(
    client, author, approver, renders, worker_copies
):
    handbook = published(author, approver)
    first = client.get(_page(handbook))
    cache.clear()  # the shared cache forgot the page (evicted, Redis restarted)
    renders.clear()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(_page(handbook))
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert renders == [] and len(queries) == 1  # still the live version's id, read from the database
    assert worker_copies.size == len(first.content)


@pytest.mark.django_db
def test_the_workers_copy_never_outlives_a_publication_or_an_unpublication(client, author, approver, worker_copies):
    handbook = published(author, approver)
    assert _version_shown(client.get(_page(handbook))) == 1
    _new_version(handbook, author, approver)
    assert _version_shown(client.get(_page(handbook))) == 2
    handbook.unpublish(approver, reason="ยกเลิกกฎหมาย")
    assert client.get(_page(handbook)).status_code == 404


def test_the_workers_copies_keep_to_their_size_dropping_the_least_recently_used():
    page = pagecache.Page(b"x" * 400, "text/html", '"e"', 0.0)
    pages = pagecache.LocalPages(limit=1000)
    pages.put("a", page)
    pages.put("b", page)
    assert pages.get("a") is page  # "a" is now the most recently used
    pages.put("c", page)
    assert pages.get("b") is None and pages.get("a") is page and pages.get("c") is page
    assert pages.size == 800
    pages.put("big", pagecache.Page(b"x" * 1001, "text/html", '"e"', 0.0))
    assert pages.get("big") is None and pages.size == 800  # a page larger than the whole store is not kept


@pytest.mark.django_db
def test_a_404_is_never_stored(client, author, approver):
    handbook = published(author, approver)
    missing = reverse("public:version", kwargs={"pk": handbook.pk, "number": 9})
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404


@pytest.fixture
def areas(transactional_db):
    """An earlier transactional test's flush removes the rows seeded by data migrations (P8 needs the areas)."""
    seed_service_areas()


def _concurrent_gets(url: str, threads: int) -> list:
    barrier = threading.Barrier(threads)
    responses: list = []

    def read():
        client = Client()
        barrier.wait()
        responses.append(client.get(url))
        connection.close()

    workers = [threading.Thread(target=read) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return responses


@pytest.mark.django_db(transaction=True)
def test_a_burst_on_a_page_not_in_the_cache_renders_it_once(areas, author, approver, renders):
    """Cache stampede: 12 requests at once for a just-published page; one renders, the others wait for its copy."""
    handbook = published(author, approver)
    renders.clear()
    responses = _concurrent_gets(_page(handbook), threads=12)
    assert [r.status_code for r in responses] == [200] * 12
    assert renders.count("handbooks/public/handbook.html") == 1
    assert len({r.content for r in responses}) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="writes while threads read need PostgreSQL (SQLite's shared in-memory test database locks the tables)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("local_bytes", [0, 2**20], ids=["shared cache", "and the worker's copy"])
def test_no_request_started_after_the_publication_commits_shows_the_previous_version(
    areas, author, approver, settings, local_bytes
):
    """Readers in threads keep reading the page while version 2 is approved; every request that started after the
    approval's commit (approve() has returned) must show version 2, with or without the workers' own copies."""
    settings.PAGE_CACHE_LOCAL_BYTES = local_bytes
    handbook = published(author, approver)
    start_revision(handbook, author)
    handbook.submit(author, change_note="ฉบับแก้ไข")
    url = _page(handbook)
    committed = threading.Event()
    stop = threading.Event()
    seen: list[tuple[bool, int]] = []

    def read():
        client = Client()
        after = 0
        while not stop.is_set() and after < 15:
            started_after = committed.is_set()
            response = client.get(url)
            seen.append((started_after, _version_shown(response)))
            after += started_after
        connection.close()

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    while len(seen) < 8:  # the readers have stored and read version 1's page
        threading.Event().wait(0.01)
    handbook.approve(approver, comment="เรียบร้อย")
    committed.set()
    for reader in readers:
        reader.join(timeout=60)
    stop.set()
    before = [number for started_after, number in seen if not started_after]
    after = [number for started_after, number in seen if started_after]
    assert 1 in before and len(after) >= 4 * 15
    assert set(after) == {2}
