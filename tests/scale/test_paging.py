"""CappedPaginator: bounded counts, cached per query, no page past max_pages."""

import pytest
from django.core.cache import cache
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Agency
from portal.paging import CappedPaginator
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
