"""Issue 15: the public search reads a narrow table of the published handbooks' words (PostgreSQL only).

`handbooks_publicsearch` holds one row per published handbook: its id, its live version's approval time, its words
(`public_words` without positions or weights: only whether a word is there matters) and its title's words apart
(`public_title`'s, to rank the results whose title holds every word first). A published handbook without an approval
time (none should be) counts as the oldest. The database keeps it equal to the handbook rows by triggers: a
handbook inserted or updated with a live version gets its row (written again only when the live version, the
approval time or the words change, so saving a working copy costs nothing here), one unpublished or deleted loses
it, a TRUNCATE of the handbooks empties it. No model: it is an index the database maintains, like the GIN index,
and nothing but `handbooks.search` reads it. Filled here in approval order, as publications go on filling it, so
that the newest rows are the last pages of the table and a walk of the newest reads few pages.

Why a table of its own: the handbook rows are wide (~2 kB: the working copy's texts) and rewritten on every save,
so a search that has to visit the rows of a few thousand matches read them from 180 MB, and the ordered btree over
them was chosen even when a rare pair of common words made it scan all 90,000 entries (the planner multiplies the
words' frequencies). Here a row is ~500 bytes, the GIN index and the newest-first btree are its own, and
`handbooks.search` decides between the two plans from what it finds, not from the planner's estimate.
"""

from django.db import migrations

CREATE = [
    """
    CREATE TABLE handbooks_publicsearch (
        handbook_id integer PRIMARY KEY,
        approved_at timestamptz NOT NULL,
        words tsvector NOT NULL,
        title tsvector NOT NULL
    )
    """,
    "CREATE INDEX handbooks_publicsearch_words ON handbooks_publicsearch USING GIN (words)",
    "CREATE INDEX handbooks_publicsearch_order ON handbooks_publicsearch (approved_at DESC, handbook_id DESC)",
    """
    CREATE FUNCTION handbooks_publicsearch_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE handbooks_publicsearch;
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM handbooks_publicsearch WHERE handbook_id = OLD.id;
        ELSIF NEW.live_version_id IS NULL THEN
            DELETE FROM handbooks_publicsearch WHERE handbook_id = NEW.id;
        ELSE
            INSERT INTO handbooks_publicsearch (handbook_id, approved_at, words, title)
            VALUES (
                NEW.id, coalesce(NEW.public_approved_at, '-infinity'), strip(NEW.public_words),
                strip(to_tsvector('simple', NEW.public_title))
            )
            ON CONFLICT (handbook_id) DO UPDATE
            SET approved_at = EXCLUDED.approved_at, words = EXCLUDED.words, title = EXCLUDED.title;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER handbooks_publicsearch_insert AFTER INSERT ON handbooks_handbook
    FOR EACH ROW WHEN (NEW.live_version_id IS NOT NULL) EXECUTE FUNCTION handbooks_publicsearch_keep()
    """,
    """
    CREATE TRIGGER handbooks_publicsearch_update AFTER UPDATE ON handbooks_handbook
    FOR EACH ROW WHEN (
        OLD.live_version_id IS DISTINCT FROM NEW.live_version_id
        OR OLD.public_approved_at IS DISTINCT FROM NEW.public_approved_at
        OR OLD.public_words IS DISTINCT FROM NEW.public_words
    ) EXECUTE FUNCTION handbooks_publicsearch_keep()
    """,
    """
    CREATE TRIGGER handbooks_publicsearch_delete AFTER DELETE ON handbooks_handbook
    FOR EACH ROW WHEN (OLD.live_version_id IS NOT NULL) EXECUTE FUNCTION handbooks_publicsearch_keep()
    """,
    """
    CREATE TRIGGER handbooks_publicsearch_truncate AFTER TRUNCATE ON handbooks_handbook
    FOR EACH STATEMENT EXECUTE FUNCTION handbooks_publicsearch_keep()
    """,
    """
    INSERT INTO handbooks_publicsearch (handbook_id, approved_at, words, title)
    SELECT
        id, coalesce(public_approved_at, '-infinity'), strip(public_words), strip(to_tsvector('simple', public_title))
    FROM handbooks_handbook WHERE live_version_id IS NOT NULL ORDER BY public_approved_at, id
    """,
    "ANALYZE handbooks_publicsearch",
]
DROP = [
    "DROP TRIGGER IF EXISTS handbooks_publicsearch_insert ON handbooks_handbook",
    "DROP TRIGGER IF EXISTS handbooks_publicsearch_update ON handbooks_handbook",
    "DROP TRIGGER IF EXISTS handbooks_publicsearch_delete ON handbooks_handbook",
    "DROP TRIGGER IF EXISTS handbooks_publicsearch_truncate ON handbooks_handbook",
    "DROP FUNCTION IF EXISTS handbooks_publicsearch_keep()",
    "DROP TABLE IF EXISTS handbooks_publicsearch",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0010_searchword"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
