"""PostgreSQL-only trigram indexes for the law registry's search at real scale (issue 7, bench/RESULTS.md).

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it.
Trigrams need a UTF-8 ctype database for Thai (see README). No model state changes; on SQLite it does nothing.
Until this migration these indexes were created by portal 0002; IF NOT EXISTS leaves a database that has them as is.
"""

from django.db import migrations

INDEXES = [
    ("law_title_trgm", "laws_law", "USING GIN (UPPER(title) gin_trgm_ops)", ""),
    ("law_title_key_trgm", "laws_law", "USING GIN (UPPER(title_key) gin_trgm_ops)", ""),
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
    dependencies = [("laws", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
