"""PostgreSQL-only: the stage-2 queue of a two-stage chain (issue 13), the requests waiting for ก.พ.ร., oldest first,
read from a partial index as the stage-1 queue is (handbook_pending_queue, 0004). On SQLite it does nothing."""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    ("handbook_central_queue", "handbooks_handbook", "(submitted_at, id)", "WHERE status = 'pending_central'"),
]


class Migration(migrations.Migration):
    dependencies = [("handbooks", "0006_approval_chain")]
    operations = [create_indexes(INDEXES)]
