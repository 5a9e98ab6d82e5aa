"""Upgrading a database made before the workflow moved into handbooks (issue 11): every published version stays,
now as handbooks' HandbookVersion in its renamed table, the live version links still hold, and each published
handbook gets the agency its live version recorded (`public_agency`), which the public browse and filter use."""

import pytest
from django.db import connection

from tests.migration_steps import migrate_to, migrate_to_latest

BEFORE = [("handbooks", "0004_postgresql_indexes"), ("approvals", "0002_initial")]

pytestmark = pytest.mark.django_db(transaction=True)


def test_published_versions_and_their_agency_survive_the_move():
    old = migrate_to(BEFORE)
    Agency = old.get_model("portal", "Agency")
    User = old.get_model("portal", "User")
    Procedure = old.get_model("procedures", "Procedure")
    Handbook = old.get_model("handbooks", "Handbook")
    OldVersion = old.get_model("approvals", "HandbookVersion")
    ministry = Agency.objects.create(
        name="กระทรวงทดสอบ", code="80000000", level_kind="ministry", lft=1, rght=6, tree_id=1, level=0
    )
    first = Agency.objects.create(
        name="กรมเดิม", code="80001000", level_kind="department", parent=ministry, lft=2, rght=3, tree_id=1, level=1
    )
    second = Agency.objects.create(
        name="กรมใหม่", code="80002000", level_kind="department", parent=ministry, lft=4, rght=5, tree_id=1, level=1
    )
    author = User.objects.create(username="migration_author", agency=first, is_author=True)
    procedure = Procedure.objects.create(name="การขอทดสอบการย้ายข้อมูล [N]", agency=first, category="permit")
    handbooks = []
    for n, (agency_now, agency_then) in enumerate([(first, first), (second, first), (first, None)]):
        handbook = Handbook.objects.create(
            procedure=procedure, agency=agency_now, author=author, reference_name=f"คู่มือ {n}", status="published"
        )
        if agency_then is not None:
            snapshot = {"schema": 2, "handbook": {"agency": {"id": agency_then.pk, "name": agency_then.name}}}
            version = OldVersion.objects.create(
                handbook=handbook, number=1, snapshot=snapshot, approved_at="2026-01-01T00:00:00Z"
            )
            Handbook.objects.filter(pk=handbook.pk).update(live_version=version)
        handbooks.append(handbook.pk)

    new = migrate_to_latest()

    Version = new.get_model("handbooks", "HandbookVersion")
    Handbook = new.get_model("handbooks", "Handbook")
    assert Version._meta.db_table == "handbooks_handbookversion"
    assert Version.objects.count() == 2
    rows = {h.pk: h for h in Handbook.objects.select_related("live_version")}
    kept, revised, never = (rows[pk] for pk in handbooks)
    assert kept.live_version.snapshot["handbook"]["agency"]["name"] == "กรมเดิม"
    # The agency each live version recorded, not the working copy's later one.
    assert (kept.public_agency_id, revised.public_agency_id, never.public_agency_id) == (first.pk, first.pk, None)
    assert revised.agency_id == second.pk
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "approvals_handbookversion" not in tables and "handbooks_handbookversion" in tables
