"""The indexes for real scale (issue 7) under the names bench/RESULTS.md reads in its EXPLAIN plans, each created
by the migrations of the app that owns the table (issue 11): PostgreSQL only, nothing on SQLite."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

INDEXES = {
    "agency_name_trgm": "portal_agency",
    "agency_tree_range": "portal_agency",
    "law_title_trgm": "laws_law",
    "law_title_key_trgm": "laws_law",
    "procedure_name_trgm": "procedures_procedure",
    "handbook_public_search_trgm": "handbooks_handbook",
    "handbook_reference_name_trgm": "handbooks_handbook",
    "handbook_pending_queue": "handbooks_handbook",
    "handbook_updated_order": "handbooks_handbook",
    "handbook_pending_agency": "handbooks_handbook",
    "handbook_central_queue": "handbooks_handbook",
    "handbook_version_approved_order": "handbooks_handbookversion",
    # issue 13: the reports (approvals 0005)
    "handbook_report_counts": "handbooks_handbook",
    "handbook_published_procedure": "handbooks_handbook",
    "handbook_report_pending": "handbooks_handbook",
}


def test_the_scale_indexes_are_on_their_tables_on_postgresql_and_absent_on_sqlite():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, tablename FROM pg_indexes WHERE indexname = ANY(%s)", [list(INDEXES)])
            assert dict(cursor.fetchall()) == INDEXES
            cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
            assert cursor.fetchone() == (1,)
        else:
            names = ", ".join(["%s"] * len(INDEXES))
            cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({names})", list(INDEXES))  # noqa: S608
            assert cursor.fetchall() == []
