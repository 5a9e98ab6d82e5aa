"""PostgreSQL-only indexes found with bench/run.py at 100,000 handbooks (figures in bench/RESULTS.md).

- The public list and search order by the live version's approval time, newest first: without an index PostgreSQL
  sorts all ~90,000 versions for every page (50 ms); with it the first page comes from the index (1 ms).
- The approver's pending count (queue and navigation badge), scoped to a ministry's subtree: an index-only scan
  of the pending handbooks' agencies (3 ms instead of 16 ms).
"""

from django.db import migrations

INDEXES = [
    ("handbook_version_approved_order", "approvals_handbookversion", "(approved_at DESC, id DESC)", ""),
    ("handbook_pending_agency", "handbooks_handbook", "(agency_id)", "WHERE status = 'pending'"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns, where in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns, _where in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_postgresql_scale_indexes"),
        ("approvals", "0002_initial"),
        ("handbooks", "0002_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
