"""Issue 15: a search of a common word reads one narrow index instead of the wide handbook rows.

- `public_approved_at`: the live version's approval time, copied onto the handbook at publication (cleared when it
  is unpublished), filled here for every published handbook. The public lists are ordered by it without joining the
  versions.
- On PostgreSQL, `public_words` is rebuilt with the title's words weighted `A` (`setweight(to_tsvector(title), 'A')
  || to_tsvector(words)`): "the title holds every word" is then a test of the same column, `'word':*A`
  (handbooks.search), and ranking needs no other column. Its GIN index is rebuilt with it.
- On PostgreSQL, `handbook_public_order`: a btree over the published rows, `(public_approved_at DESC, id DESC)
  INCLUDE (public_words)`. A search of a common word walks it newest first, matching and ranking from the index
  entry alone (index-only), and stops at the capped list's last match; a rare word still probes the GIN index.
  `public_words` is at most ~2,000 bytes (handbooks.search.MAX_WORDS_BYTES), under a btree entry's limit; longer
  stored words of an earlier publication are cut to fit before the index is built.
Not model state except `public_approved_at` (SQLite has no tsvector).
"""

from django.db import migrations, models

from portal.pg_indexes import create_indexes

ORDER_INDEX = (
    "handbook_public_order",
    "handbooks_handbook",
    "(public_approved_at DESC, id DESC) INCLUDE (public_words)",
    "WHERE live_version_id IS NOT NULL",
)
WORDS = "to_tsvector('simple'::regconfig, public_search)"
WEIGHTED_WORDS = f"setweight(to_tsvector('simple'::regconfig, public_title), 'A') || {WORDS}"


def fill_approval_times(apps, schema_editor):
    schema_editor.execute(
        "UPDATE handbooks_handbook SET public_approved_at = (SELECT v.approved_at FROM handbooks_handbookversion v"
        " WHERE v.id = handbooks_handbook.live_version_id) WHERE live_version_id IS NOT NULL"
    )


def _words_column(schema_editor, expression: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS handbook_public_words")
    schema_editor.execute("ALTER TABLE handbooks_handbook DROP COLUMN IF EXISTS public_words")
    schema_editor.execute(
        "ALTER TABLE handbooks_handbook ADD COLUMN public_words tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute("CREATE INDEX handbook_public_words ON handbooks_handbook USING GIN (public_words)")


def weigh_titles(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Words stored before the limit existed: keep the first ~600 characters of a row whose words would not fit.
        schema_editor.execute(
            "UPDATE handbooks_handbook SET public_search = left(public_search, 600), public_title = left(public_title, 200)"
            " WHERE pg_column_size(public_words) > 1800"
        )
    _words_column(schema_editor, WEIGHTED_WORDS)


def unweigh_titles(apps, schema_editor):
    _words_column(schema_editor, WORDS)


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0008_public_title_and_word_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="handbook",
            name="public_approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_approval_times, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(weigh_titles, unweigh_titles, elidable=False),
        create_indexes([ORDER_INDEX]),
    ]
