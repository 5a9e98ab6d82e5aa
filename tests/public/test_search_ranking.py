"""The public search of several Thai words (issue 15): every word must match, the results whose title holds every
word come first, a word may be the start of a stored word; the same on PostgreSQL (word index) and SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.approvals.helpers import published

pytestmark = pytest.mark.django_db


def _results(response):
    return [h.pk for h in response.context["object_list"]]


def test_results_whose_title_holds_every_word_come_first(client, author, approver):
    in_title = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    # Newer, but "โรงงาน" only in its reference name, not in its title.
    elsewhere = published(
        author, approver, procedure__name="การขอรับใบอนุญาตขายสินค้า [N]", reference_name="สำหรับโรงงานขนาดเล็ก"
    )
    unrelated = published(author, approver, procedure__name="การจดทะเบียนพาณิชย์ [N]")
    response = client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    assert _results(response) == [in_title.pk, elsewhere.pk]
    assert _results(client.get(reverse("public:home"), {"q": "จดทะเบียน พาณิชย์"})) == [unrelated.pk]


def test_three_words_must_all_match_and_a_word_may_be_the_start_of_a_stored_word(client, author, approver):
    factory = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    assert _results(client.get(reverse("public:home"), {"q": "ใบอนุญาต ประกอบกิจการ โรงงาน"})) == [factory.pk]
    assert _results(client.get(reverse("public:home"), {"q": "ใบอนุญาต ประกอบกิจการ ที่ดิน"})) == []
    assert _results(client.get(reverse("public:home"), {"q": "ใบอนุ"})) == [factory.pk]


@pytest.mark.parametrize("query", ["o'reilly", "back\\slash", "a & b | !c", "'':*"])
def test_quotes_and_operators_in_the_query_are_words_not_syntax(client, author, approver, query):
    published(author, approver)
    response = client.get(reverse("public:home"), {"q": query})
    assert response.status_code == 200


def test_a_search_costs_the_same_queries_with_1_and_20_results(client, author, approver):
    published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    for n in range(19):
        published(author, approver, procedure__name=f"การขอรับใบอนุญาตประกอบกิจการโรงงานที่ {n} [N]")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    assert len(_results(response)) == 20 and len(one) == len(twenty)


def test_the_page_of_a_search_matches_the_words_once(client, author, approver, settings):
    """The page's rows are put in ranked order from the window of candidates alone: the words are matched in the
    candidates' subquery, not again around the page (which doubled a search's cost)."""
    settings.PAGE_CACHE_LISTS = False
    first = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    second = published(author, approver, procedure__name="การขอรับใบอนุญาตขายสินค้า [N]", reference_name="โรงงาน")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    assert _results(response) == [first.pk, second.pk]
    rows = [q["sql"] for q in ctx.captured_queries if "row_name" in q["sql"]]
    assert len(rows) == 1
    matched = rows[0].count("public_words") + rows[0].count('"public_search"')
    words = 1 if connection.vendor == "postgresql" else 2
    assert matched == words, rows[0]
