"""The public search of several Thai words (issue 15): every word must match, the results whose title holds every
word come first, a word may be the start of a stored word; the same on PostgreSQL (word index) and SQLite."""

import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks import search
from handbooks.models import Handbook, SearchWord
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
    client.get(reverse("public:home"), {"q": "อื่น"})  # the filter's options read once, then kept (portal.choices)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    for n in range(19):
        published(author, approver, procedure__name=f"การขอรับใบอนุญาตประกอบกิจการโรงงานที่ {n} [N]")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    assert len(_results(response)) == 20 and len(one) == len(twenty)


def test_a_search_matches_its_words_in_one_query_and_reads_the_page_rows_by_id(client, author, approver, settings):
    """One query finds and ranks the candidates (PostgreSQL: in the search table, the title test on the title's own
    words; SQLite: the handbook rows' words and title); the page's rows are then read by their ids alone, with no
    word, no snapshot and no count query (the count is the number of candidates)."""
    settings.PAGE_CACHE_LISTS = False
    first = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    second = published(author, approver, procedure__name="การขอรับใบอนุญาตขายสินค้า [N]", reference_name="โรงงาน")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})
    assert _results(response) == [first.pk, second.pk]
    assert response.context["paginator"].count == 2
    sql = [q["sql"] for q in ctx.captured_queries]
    rows = [q for q in sql if '"public_row"' in q]
    assert len(rows) == 1 and "public_words" not in rows[0] and "public_search" not in rows[0]
    assert "snapshot" not in rows[0]  # what a row shows was copied from the live version at approval
    assert not [q for q in sql if "COUNT(" in q and "handbooks_handbook" in q]
    if connection.vendor == "postgresql":
        candidates = [q for q in sql if "handbooks_publicsearch" in q]
        assert len(candidates) == 1 and "title @@" in candidates[0] and "words @@" in candidates[0]
        assert not [q for q in sql if "handbooks_handbook" in q and q not in rows]  # the wide rows: the page's only
    else:
        candidates = [q for q in sql if "handbooks_handbook" in q and q not in rows]
        assert len(candidates) == 1
        assert candidates[0].count('"public_search"') == 2 and candidates[0].count('"public_title"') == 2


def test_ranking_keeps_approval_order_within_title_matches_and_the_rest(client, author, approver):
    """Title matches first, each group newest approval first (public_approved_at, copied at publication)."""
    old_title = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    old_other = published(author, approver, procedure__name="การขออนุญาตอื่น [N]", reference_name="โรงงานเก่า")
    new_title = published(author, approver, procedure__name="การต่ออายุใบอนุญาตโรงงาน [N]")
    new_other = published(author, approver, procedure__name="การขอหนังสือรับรอง [N]", reference_name="โรงงานใหม่")
    times = dict(Handbook.objects.filter(pk__in=[old_title.pk, new_other.pk]).values_list("pk", "public_approved_at"))
    assert times[old_title.pk] is not None and times[old_title.pk] <= times[new_other.pk]
    response = client.get(reverse("public:home"), {"q": "โรงงาน"})
    assert _results(response) == [new_title.pk, old_title.pk, new_other.pk, old_other.pk]


def test_words_past_the_index_limit_are_dropped_and_the_handbook_still_publishes(client, author, approver):
    """A btree entry may not pass ~2,700 bytes on PostgreSQL: the stored words stop at MAX_WORDS_BYTES, the
    publication goes through, and the first words are still found."""
    # 140 different words (aaaw, baaw, …) in a reference name of 699 characters: ~2,100 bytes of words alone
    words = ["".join(string.ascii_lowercase[(n // 26**i) % 26] for i in range(3)) + "w" for n in range(140)]
    handbook = published(
        author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]", reference_name=" ".join(words)
    )
    handbook.refresh_from_db()
    assert handbook.live_version_id is not None
    stored = handbook.public_search.split()
    assert words[0] in stored and words[-1] not in stored  # cut, the first words kept
    assert sum(len(w.encode()) + 11 for w in stored) <= search.MAX_WORDS_BYTES
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_column_size(public_words) FROM handbooks_handbook WHERE id = %s", [handbook.pk])
            assert cursor.fetchone()[0] <= search.MAX_WORDS_BYTES + 64
    assert _results(client.get(reverse("public:home"), {"q": "ใบอนุญาต โรงงาน"})) == [handbook.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the expansion to stored words is PostgreSQL's")
def test_a_query_word_is_expanded_to_the_stored_words_it_begins(client, author, approver, settings):
    """Publication records its words (SearchWord); a query word becomes the stored words it begins, matched whole
    by the word index; a word that begins no stored word finds nothing without asking the handbooks at all."""
    settings.PAGE_CACHE_LISTS = False
    factory = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    assert SearchWord.objects.filter(word__in=["ใบอนุญาต", "โรงงาน"]).count() == 2
    expanded = dict(search.expand(["ใบอนุ", "โรงงาน"], "default"))
    assert "ใบอนุญาต" in expanded["ใบอนุ"] and expanded["โรงงาน"] == ["โรงงาน"]
    with CaptureQueriesContext(connection) as ctx:
        assert _results(client.get(reverse("public:home"), {"q": "ใบอนุ โรงงาน"})) == [factory.pk]
    matching = [q["sql"] for q in ctx.captured_queries if "words @@" in q["sql"]]
    assert len(matching) == 1 and "''ใบอนุญาต''" in matching[0] and ":*" not in matching[0]
    with CaptureQueriesContext(connection) as ctx:
        assert _results(client.get(reverse("public:home"), {"q": "ไม่มีคำนี้แน่นอน"})) == []
    assert not [q for q in ctx.captured_queries if "words @@" in q["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the expansion to stored words is PostgreSQL's")
def test_a_word_beginning_too_many_stored_words_is_matched_as_a_prefix(author, approver, monkeypatch):
    published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    monkeypatch.setattr(search, "MAX_EXPANSIONS", 0)
    assert search.expand(["ใบอนุ"], "default") == [("ใบอนุ", None)]
    assert search._tsquery([("ใบอนุ", None)], weight="A") == "'ใบอนุ':*A"
