"""CappedPaginator: bounded counts, cached per query, no page past max_pages; the cached count never hides rows."""

import pytest
from django.core.cache import cache
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Agency
from portal.paging import CappedPaginator, OfficialListPaginator, bump_generation
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


class Small(CappedPaginator):
    max_pages = 3


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agencies():
    for i in range(20):
        AgencyFactory(code=f"9{i:02d}00000", name=f"หน่วยงาน {i}", level_kind=Agency.Level.MINISTRY)
    return Agency.objects.order_by("code")


def test_count_is_capped_and_flagged(agencies):
    paginator = Small(agencies, 5)
    assert paginator.count == 16  # 3 pages × 5 + 1: "more than 15"
    assert paginator.is_capped
    assert paginator.num_pages == 3
    assert [a.code for a in paginator.page(3)] == [a.code for a in agencies[10:15]]


def test_pages_past_the_cap_are_refused(agencies):
    with pytest.raises(EmptyPage):
        Small(agencies, 5).page(4)


def test_a_small_result_keeps_its_exact_count(agencies):
    paginator = Small(agencies.filter(name__endswith=" 1"), 5)
    assert paginator.count == 1
    assert not paginator.is_capped
    assert paginator.num_pages == 1


def test_the_count_is_kept_per_query_so_the_next_request_does_not_count_again(agencies):
    with CaptureQueriesContext(connection) as first:
        assert Small(agencies, 5).count == 16
    with CaptureQueriesContext(connection) as second:
        assert Small(agencies, 5).count == 16
    assert len(first) == 1 and len(second) == 0
    with CaptureQueriesContext(connection) as other:
        assert Small(agencies.filter(name__endswith=" 2"), 5).count == 1
    assert len(other) == 1


def test_an_empty_queryset_counts_zero_without_a_query(agencies):
    with CaptureQueriesContext(connection) as ctx:
        assert Small(agencies.none(), 5).count == 0
    assert len(ctx) == 0


def test_rows_added_after_the_count_was_cached_are_shown_and_correct_the_count(agencies):
    few = agencies.filter(code__lt="90200000")  # 2 rows
    assert Small(few, 5).count == 2  # cached
    for i in range(4):
        AgencyFactory(code=f"9015{i}000", name=f"แทรก {i}", level_kind=Agency.Level.MINISTRY)
    paginator = Small(few, 5)
    page = paginator.page(1)
    assert len(page) == 5 and page.has_next()  # not cut to the 2 cached rows
    assert paginator.count == 6 and paginator.num_pages == 2
    assert Small(few, 5).count == 6  # the corrected figure is what the next request reads
    assert [a.code for a in Small(few, 5).page(2)] == [few.last().code]


def test_a_page_past_a_stale_cached_count_is_recounted_not_refused(agencies):
    few = agencies.filter(code__lt="90200000")
    assert Small(few, 1).num_pages == 2  # cached count 2
    AgencyFactory(code="90150000", name="แทรก", level_kind=Agency.Level.MINISTRY)
    paginator = Small(few, 1)
    with CaptureQueriesContext(connection) as ctx:
        assert len(paginator.page(3)) == 1
    assert paginator.count == 3 and len(ctx) == 2  # one recount, one page of rows
    with pytest.raises(EmptyPage):
        Small(few, 1).page(4)


def test_rows_removed_after_the_count_was_cached_shrink_the_count_and_empty_pages_are_refused(agencies):
    assert Small(agencies, 5).count == 16
    Agency.objects.filter(code__gte="90700000").delete()  # 7 rows left
    paginator = Small(agencies, 5)
    page = paginator.page(2)
    assert len(page) == 2 and not page.has_next()
    assert paginator.count == 7 and paginator.num_pages == 2
    Agency.objects.filter(code__gte="90200000").delete()  # 2 rows left; the cache still says 7
    with pytest.raises(EmptyPage):
        Small(agencies, 5).page(2)
    assert Small(agencies, 5).page(1).paginator.count == 2


def test_bump_generation_makes_the_next_request_count_again(agencies):
    assert Small(agencies, 5).count == 16
    with CaptureQueriesContext(connection) as cached:
        assert Small(agencies, 5).count == 16
    bump_generation()
    with CaptureQueriesContext(connection) as fresh:
        assert Small(agencies, 5).count == 16
    assert len(cached) == 0 and len(fresh) == 1


def test_approve_and_unpublish_bump_the_generation_also_after_the_commit(
    author, approver, django_capture_on_commit_callbacks
):
    from portal import paging
    from tests.approvals.helpers import pending

    handbook = pending(author)
    start = paging.generation()
    with django_capture_on_commit_callbacks(execute=True):
        handbook.approve(approver)
    assert paging.generation() == start + 2  # at once, and again once committed
    with django_capture_on_commit_callbacks(execute=True):
        handbook.unpublish(approver, "ยกเลิกกระบวนงาน")
    assert paging.generation() == start + 4


def test_public_home_says_more_than_the_cap_and_has_no_page_past_it(monkeypatch):
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    call_command("generate_scale", agencies=100, handbooks=80, seed=5, stdout=StringIO())
    client = Client()
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert "พบมากกว่า 40 คู่มือ" in response.content.decode()  # 2 pages × 20
    assert client.get(reverse("public:home"), {"page": 2}).status_code == 200
    assert client.get(reverse("public:home"), {"page": 3}).status_code == 404
    few = client.get(reverse("public:home"), {"q": "ไม่มีคำนี้ในคู่มือใดเลย"})
    assert "พบ 0 คู่มือ" in few.content.decode()


class SmallOfficial(OfficialListPaginator):
    max_pages = 3


def test_official_lists_count_afresh_every_request_so_a_new_row_shows_at_once(agencies):
    short = agencies.filter(name__endswith=" 1")
    assert SmallOfficial(short, 5).count == 1
    AgencyFactory(code="95000000", name="หน่วยงานใหม่ 1", level_kind=Agency.Level.MINISTRY)
    with CaptureQueriesContext(connection) as ctx:
        assert SmallOfficial(short, 5).count == 2  # a cached figure would still say 1
    assert len(ctx) == 1
    assert SmallOfficial(agencies, 5).count == 16 and SmallOfficial(agencies, 5).is_capped


@pytest.mark.parametrize(("url_name", "make"), [("procedures:list", "procedures"), ("handbooks:list", "handbooks")])
def test_official_lists_say_when_they_are_capped_and_refuse_pages_past_the_cap(
    url_name, make, login, central, author, monkeypatch
):
    from django.urls import reverse

    from tests.approvals.helpers import make_handbook
    from tests.factories import ProcedureFactory

    monkeypatch.setattr(OfficialListPaginator, "max_pages", 1)
    per_page = 20 if make == "procedures" else 25
    for _ in range(per_page + 1):
        if make == "procedures":
            ProcedureFactory(agency=author.agency, created_by=author)
        else:
            make_handbook(author, rows=0)
    client = login(central)
    html = client.get(reverse(url_name)).content.decode()
    assert f"พบมากกว่า {per_page}" in html and "กรุณาใช้" in html
    assert client.get(reverse(url_name), {"page": 2}).status_code == 404


def test_the_count_is_taken_on_the_bare_query_and_the_rows_get_their_columns(agencies):
    from django.db.models import Value
    from django.db.models.functions import Concat

    def with_label(window):
        return (
            Agency.objects.filter(pk__in=window)
            .order_by("code")
            .annotate(row_label=Concat("code", Value(" · "), "name"))
        )

    paginator = Small(agencies, 5, rows=with_label)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 16
    assert "row_label" not in ctx.captured_queries[0]["sql"]
    assert [a.row_label for a in paginator.page(1)] == [f"{a.code} · {a.name}" for a in agencies[:5]]
    assert [a.row_label for a in paginator.page(3)] == [f"{a.code} · {a.name}" for a in agencies[10:15]]
