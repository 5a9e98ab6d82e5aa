"""Empty: its two indexes (handbook_version_approved_order, handbook_pending_agency) moved to
handbooks/migrations/0004_postgresql_indexes.py, next to the tables they index.

Kept rather than deleted: databases have it recorded as applied, and a portal migration written on another branch
may depend on it. (Django would skip an applied migration whose file is gone, leaving a stale row in
django_migrations that `migrate portal --prune` removes.)
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_postgresql_scale_indexes")]
    operations = []
