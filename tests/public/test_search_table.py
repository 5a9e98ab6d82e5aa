"""The public search's own table on PostgreSQL (issue 15, handbooks/migrations/0011): the database keeps one row per
published handbook, with the words of its live version only, and the search finds the same ranked list by either
of its two plans (a bitmap of the word index's matches, or a walk of the newest rows when they are many)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks import search
from handbooks.models import Handbook
from tests.approvals.helpers import published, start_revision

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search table is PostgreSQL's"),
]


def _row(handbook):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT approved_at, words::text, title::text FROM handbooks_publicsearch WHERE handbook_id = %s",
            [handbook.pk],
        )
        return cursor.fetchone()


def _results(client, query, **filters):
    response = client.get(reverse("public:home"), {"q": query, **filters})
    return [h.pk for h in response.context["object_list"]]


def test_the_table_follows_publication_revision_unpublication_and_deletion(client, author, approver, settings):
    settings.PAGE_CACHE_LISTS = False
    handbook = published(author, approver, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]")
    handbook.refresh_from_db()
    approved_at, words, title = _row(handbook)
    assert approved_at == handbook.public_approved_at
    assert "'โรงงาน'" in words and "'โรงงาน'" in title and "'กรม" in words and "'กรม" not in title

    # A revision in progress changes nothing citizens search until it is approved.
    start_revision(handbook, author, reference_name="คู่มือสำหรับโรงงานห้องเย็น")
    assert _row(handbook)[1] == words
    assert _results(client, "ห้องเย็น") == []
    handbook.submit(author, change_note="เพิ่มชื่ออ้างอิง")
    handbook.approve(approver, comment="เรียบร้อย")
    assert "'ห้องเย็น'" in _row(handbook)[1] and "'ห้องเย็น'" not in _row(handbook)[2]
    assert _results(client, "ห้องเย็น") == [handbook.pk]

    handbook.unpublish(approver, "ยกเลิกกระบวนงาน")
    assert _row(handbook) is None and _results(client, "โรงงาน") == []

    other = published(author, approver, procedure__name="การขอรับใบอนุญาตขายสินค้า [N]")
    assert _row(other) is not None
    Handbook.objects.filter(pk=other.pk).delete()
    assert _row(other) is None


def test_a_truncate_of_the_handbooks_empties_it(author, approver):
    published(author, approver)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys' checks, before a TRUNCATE
        cursor.execute("TRUNCATE handbooks_handbook CASCADE")
        cursor.execute("SELECT count(*) FROM handbooks_publicsearch")
        assert cursor.fetchone()[0] == 0


PLANS = {  # what tells each statement of search._public_matches apart in the SQL sent
    "sample": lambda sql: "walked" in sql and "'infinity'" in sql,
    "go on": lambda sql: "walked" in sql and "'infinity'" not in sql,
    "bitmap": lambda sql: "OVER ()" in sql,
    "to the end": lambda sql: "kept" in sql and "OVER ()" not in sql and "walked" not in sql,
}


def _plans(ctx) -> set[str]:
    return {name for q in ctx.captured_queries for name, seen in PLANS.items() if seen(q["sql"])}


@pytest.mark.parametrize(
    ("sample", "share", "matched", "plans"),
    [
        (1000, 20, 4000, {"sample"}),  # the sample reads every row
        (2, 2, 4000, {"sample", "go on"}),  # common words: the walk goes on, here to the last row
        (2, 1, 4000, {"sample", "bitmap"}),  # rarer: the word index's matches
        (2, 1, 2, {"sample", "bitmap", "to the end"}),  # more matches than MATCHED_ROWS: the walk to the end
    ],
)
def test_every_plan_gives_the_same_ranked_list(
    client, author, approver, settings, monkeypatch, sample, share, matched, plans
):
    """Title matches first, each group newest approval first, whichever way the matches were found."""
    settings.PAGE_CACHE_LISTS = False
    names = ["การขอรับใบอนุญาตโรงงาน [N]", "การขออนุญาตอื่น [N]", "การต่ออายุใบอนุญาตโรงงาน [N]", "การขอหนังสือ [N]"]
    made = [published(author, approver, procedure__name=name, reference_name="โรงงานทั่วไป") for name in names]
    published(author, approver, procedure__name="การจดทะเบียนพาณิชย์ [N]")  # newest, no match
    for name, value in (("SAMPLE_ROWS", sample), ("WALK_SHARE", share), ("MATCHED_ROWS", matched)):
        monkeypatch.setattr(search, name, value)
    with CaptureQueriesContext(connection) as ctx:
        assert _results(client, "โรงงาน") == [made[2].pk, made[0].pk, made[3].pk, made[1].pk]
    assert _plans(ctx) == plans


def test_a_walk_that_falls_short_is_completed_from_the_word_index(author, approver, monkeypatch):
    """The two newest match, so the walk goes on for a few rows, meets none, and the word index finds the older one."""
    oldest = published(author, approver, procedure__name="การขอรับใบอนุญาตโรงงาน [N]")
    for n in range(5):
        published(author, approver, procedure__name=f"การจดทะเบียนพาณิชย์ที่ {n} [N]")
    newer = [published(author, approver, procedure__name=f"การต่ออายุใบอนุญาตโรงงานที่ {n} [N]") for n in range(2)]
    monkeypatch.setattr(search, "SAMPLE_ROWS", 2)
    monkeypatch.setattr(search, "WALK_SHARE", 1)
    with CaptureQueriesContext(connection) as ctx:
        ids = search.ranked_ids(Handbook.objects.published(), "โรงงาน", limit=3, all_published=True)
    assert ids == [newer[1].pk, newer[0].pk, oldest.pk]
    assert _plans(ctx) == {"sample", "go on", "bitmap"}


def test_a_search_with_another_filter_reads_the_handbook_rows(client, author, approver, settings):
    """With an agency, category or area chosen, the matches are found among the handbooks those leave."""
    settings.PAGE_CACHE_LISTS = False
    register = published(author, approver, procedure__name="การจดทะเบียนโรงงาน [N]", procedure__category="register")
    published(author, approver, procedure__name="การขอรับใบอนุญาตโรงงาน [N]")
    with CaptureQueriesContext(connection) as ctx:
        assert _results(client, "โรงงาน", category="register") == [register.pk]
    assert not [q for q in ctx.captured_queries if "handbooks_publicsearch" in q["sql"]]
