"""Upgrading to the search table and the stored list rows (issue 15, handbooks 0011 and 0012): a handbook published
before gets its list row from its live snapshot, and on PostgreSQL its row in the public search's table."""

import pytest
from django.db import connection
from django.utils import timezone

from tests.migration_steps import migrate_to, migrate_to_latest

BEFORE = [("handbooks", "0010_searchword")]
AFTER = [("handbooks", "0012_public_row")]

pytestmark = pytest.mark.django_db(transaction=True)


def test_published_handbooks_get_their_list_row_and_search_row():
    old = migrate_to(BEFORE)
    Agency = old.get_model("portal", "Agency")
    User = old.get_model("portal", "User")
    Procedure = old.get_model("procedures", "Procedure")
    Handbook = old.get_model("handbooks", "Handbook")
    HandbookVersion = old.get_model("handbooks", "HandbookVersion")
    agency = Agency.objects.create(
        name="กรมทดสอบ", code="82000000", level_kind="ministry", lft=1, rght=2, tree_id=1, level=0
    )
    author = User.objects.create(username="r_author", agency=agency, is_author=True)
    procedure = Procedure.objects.create(name="การขอรับใบอนุญาตโรงงาน [N]", agency=agency, category="permit")
    live = Handbook.objects.create(procedure=procedure, agency=agency, author=author, reference_name="ฉบับแก้ไข")
    draft = Handbook.objects.create(procedure=procedure, agency=agency, author=author, reference_name="ร่าง")
    snapshot = {
        "procedure": {"name": "การขอรับใบอนุญาตโรงงาน [N]", "category_display": "อนุญาต"},
        "handbook": {"reference_name": "ชื่อที่อนุมัติ", "agency": {"name": "กรมทดสอบ"}},
    }
    now = timezone.now()
    version = HandbookVersion.objects.create(handbook=live, number=1, snapshot=snapshot, approved_at=now)
    Handbook.objects.filter(pk=live.pk).update(
        live_version=version, public_approved_at=now, public_search="ใบอนุญาต โรงงาน", public_title="ใบอนุญาต โรงงาน"
    )

    new = migrate_to(AFTER)
    Handbook = new.get_model("handbooks", "Handbook")
    assert Handbook.objects.get(pk=live.pk).public_row == {
        "name": "การขอรับใบอนุญาตโรงงาน [N]",
        "reference": "ชื่อที่อนุมัติ",
        "agency": "กรมทดสอบ",
        "category": "อนุญาต",
    }
    assert Handbook.objects.get(pk=draft.pk).public_row == {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT handbook_id, words::text FROM handbooks_publicsearch")
            assert [(pk, "'โรงงาน'" in words) for pk, words in cursor.fetchall()] == [(live.pk, True)]
    migrate_to_latest()
