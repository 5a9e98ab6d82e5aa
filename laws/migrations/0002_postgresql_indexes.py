"""PostgreSQL-only trigram indexes for the law registry's search at real scale (issue 7, bench/RESULTS.md).

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it.
Trigrams need a UTF-8 ctype database for Thai (see README). No model state changes; on SQLite it does nothing.
Until this migration these indexes were created by portal 0002; IF NOT EXISTS leaves a database that has them as is.
"""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    ("law_title_trgm", "laws_law", "USING GIN (UPPER(title) gin_trgm_ops)", ""),
    ("law_title_key_trgm", "laws_law", "USING GIN (UPPER(title_key) gin_trgm_ops)", ""),
]


class Migration(migrations.Migration):
    dependencies = [("laws", "0001_initial")]
    operations = [create_indexes(INDEXES)]
