"""PostgreSQL-only indexes that Django's model Meta cannot express (trigram indexes on UPPER(col), partial
indexes), for the migrations of every app: each app's migration lists the indexes of its own tables.

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it (a plain
`gin_trgm_ops` index on `col` does not), and trigrams need a UTF-8 ctype database for Thai (see README). Nothing
changes model state, so `makemigrations --check` stays clean; on SQLite nothing happens. IF NOT EXISTS leaves a
database that already has an index (from an earlier migration that created it) as it is.
"""

from __future__ import annotations

from django.db import migrations

# (index name, table, "USING … (…)" or "(columns)", "WHERE …" or "")
Index = tuple[str, str, str, str]


def create_indexes(indexes: list[Index]) -> migrations.RunPython:
    """A migration operation that creates `indexes` on PostgreSQL (and drops them when unapplied)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, columns, where in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _columns, _where in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
