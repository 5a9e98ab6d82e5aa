"""PostgreSQL-only indexes for the handbook lists, the public search and the approver queue at real scale
(issue 7: 100,000 handbooks; figures in bench/RESULTS.md).

- Public search: every segmented word of the query is an `icontains` on public_search, i.e.
  `UPPER(col) LIKE UPPER('%word%')`, which only a trigram index on `UPPER(col)` serves (UTF-8 ctype database needed).
- The public list and search order by the live version's approval time, newest first: without an index PostgreSQL
  sorts all ~90,000 versions for every page (50 ms); with it the first page comes from the index (1 ms).
- The approver's pending count (queue and navigation badge), scoped to a ministry's subtree: an index-only scan
  of the pending handbooks' agencies (3 ms instead of 16 ms).

Until this migration portal 0002 and 0003 created these; IF NOT EXISTS leaves a database that has them as is.
No model state changes; on SQLite it does nothing. The versions' table is still named approvals_handbookversion here
(0005 renames it, the index goes with it);
handbooks 0003 already depends on approvals 0002, so it exists here.
"""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    ("handbook_public_search_trgm", "handbooks_handbook", "USING GIN (UPPER(public_search) gin_trgm_ops)", ""),
    # Official lists: the "search" box on reference names.
    ("handbook_reference_name_trgm", "handbooks_handbook", "USING GIN (UPPER(reference_name) gin_trgm_ops)", ""),
    # Approver queue: the pending handbooks, oldest request first.
    ("handbook_pending_queue", "handbooks_handbook", "(submitted_at, id)", "WHERE status = 'pending'"),
    # Lists in the default order (-updated_at, -id) read the first page from the index.
    ("handbook_updated_order", "handbooks_handbook", "(updated_at DESC, id DESC)", ""),
    ("handbook_version_approved_order", "approvals_handbookversion", "(approved_at DESC, id DESC)", ""),
    ("handbook_pending_agency", "handbooks_handbook", "(agency_id)", "WHERE status = 'pending'"),
]


class Migration(migrations.Migration):
    dependencies = [("handbooks", "0003_public_filters")]
    operations = [create_indexes(INDEXES)]
