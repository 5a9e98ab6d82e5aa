"""PostgreSQL-only indexes for the reports (/reports/, issue 13) at real scale (100,000 handbooks; figures in
bench/RESULTS.md). The reports count handbooks by ministry and state with GROUP BY queries over the approver's
scope; these let PostgreSQL read small indexes instead of the handbooks' 150 MB table.

- `handbook_report_counts`: every handbook's agency, state, id, procedure, live version and flag, so that the counts
  by ministry × state, the published handbooks per ministry, and the join from the returns (Decision) to their
  handbook's agency are index-only scans (7 MB).
- `handbook_published_procedure`: the procedures that have a published handbook, for "procedures without a
  published handbook yet" (a merge anti-join against the procedures in key order).
- `handbook_report_pending`: the pending requests at both stages with the times their waits are measured from
  (the ageing histogram, the percentiles' window query, the oldest-first list); also serves the approvers' pending
  count at both stages.

No model state changes; on SQLite it does nothing.
"""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    (
        "handbook_report_counts",
        "handbooks_handbook",
        "(agency_id, status) INCLUDE (id, procedure_id, live_version_id, flagged_at)",
        "",
    ),
    ("handbook_published_procedure", "handbooks_handbook", "(procedure_id)", "WHERE live_version_id IS NOT NULL"),
    (
        "handbook_report_pending",
        "handbooks_handbook",
        "(status, submitted_at) INCLUDE (endorsed_at, agency_id, id)",
        "WHERE status IN ('pending', 'pending_central')",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0004_reminder"),
        ("handbooks", "0006_approval_chain"),
    ]
    operations = [create_indexes(INDEXES)]
