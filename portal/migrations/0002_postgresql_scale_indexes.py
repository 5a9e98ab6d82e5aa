"""PostgreSQL-only indexes for real scale (issue 7: 8,000 agencies, 100,000 handbooks).

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it (a plain
`gin_trgm_ops` index on `col` does not). Trigrams need a UTF-8 ctype database for Thai (see README).
Nothing here changes model state, so `makemigrations --check` stays clean; on SQLite it does nothing.
"""

from django.db import migrations

INDEXES = [
    # Public search: every segmented word of the query is an icontains on public_search.
    ("handbook_public_search_trgm", "handbooks_handbook", "USING GIN (UPPER(public_search) gin_trgm_ops)", ""),
    # Official lists: "search" boxes on reference names, procedure names, agency names, law titles.
    ("handbook_reference_name_trgm", "handbooks_handbook", "USING GIN (UPPER(reference_name) gin_trgm_ops)", ""),
    ("procedure_name_trgm", "procedures_procedure", "USING GIN (UPPER(name) gin_trgm_ops)", ""),
    ("agency_name_trgm", "portal_agency", "USING GIN (UPPER(name) gin_trgm_ops)", ""),
    ("law_title_trgm", "laws_law", "USING GIN (UPPER(title) gin_trgm_ops)", ""),
    ("law_title_key_trgm", "laws_law", "USING GIN (UPPER(title_key) gin_trgm_ops)", ""),
    # Approver queue: the pending handbooks, oldest request first.
    ("handbook_pending_queue", "handbooks_handbook", "(submitted_at, id)", "WHERE status = 'pending'"),
    # Lists in the default order (-updated_at, -id) read the first page from the index.
    ("handbook_updated_order", "handbooks_handbook", "(updated_at DESC, id DESC)", ""),
    # "My agency's subtree": one range condition on (tree_id, lft).
    ("agency_tree_range", "portal_agency", "(tree_id, lft, rght)", ""),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, columns, where in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns, _where in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("handbooks", "0002_initial"),
        ("procedures", "0002_seed_service_areas"),
        ("laws", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
