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


def test_both_plans_give_the_same_ranked_list(client, author, approver, settings, monkeypatch):
    """Title matches first, each group newest approval first, whether the word index's matches are sorted (few) or
    the newest rows are walked (more than MATCHED_ROWS): here forced by a limit of 2."""
    settings.PAGE_CACHE_LISTS = False
    names = ["การขอรับใบอนุญาตโรงงาน [N]", "การขออนุญาตอื่น [N]", "การต่ออายุใบอนุญาตโรงงาน [N]", "การขอหนังสือ [N]"]
    made = [published(author, approver, procedure__name=name, reference_name="โรงงานทั่วไป") for name in names]
    published(author, approver, procedure__name="การจดทะเบียนพาณิชย์ [N]")  # no match
    expected = [made[2].pk, made[0].pk, made[3].pk, made[1].pk]
    with CaptureQueriesContext(connection) as few:
        assert _results(client, "โรงงาน") == expected
    monkeypatch.setattr(search, "MATCHED_ROWS", 2)
    with CaptureQueriesContext(connection) as many:
        assert _results(client, "โรงงาน") == expected
    plans = [[q["sql"] for q in ctx.captured_queries if "handbooks_publicsearch" in q["sql"]] for ctx in (few, many)]
    assert len(plans[0]) == 1 and "count(*) OVER ()" in plans[0][0]
    assert len(plans[1]) == 2 and "count(*) OVER ()" not in plans[1][1]


def test_a_search_with_another_filter_reads_the_handbook_rows(client, author, approver, settings):
    """With an agency, category or area chosen, the matches are found among the handbooks those leave."""
    settings.PAGE_CACHE_LISTS = False
    register = published(author, approver, procedure__name="การจดทะเบียนโรงงาน [N]", procedure__category="register")
    published(author, approver, procedure__name="การขอรับใบอนุญาตโรงงาน [N]")
    with CaptureQueriesContext(connection) as ctx:
        assert _results(client, "โรงงาน", category="register") == [register.pk]
    assert not [q for q in ctx.captured_queries if "handbooks_publicsearch" in q["sql"]]
