"""PostgreSQL-only trigram index for the procedure list's name search at real scale (issue 7, bench/RESULTS.md).

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it.
Trigrams need a UTF-8 ctype database for Thai (see README). No model state changes; on SQLite it does nothing.
Until this migration the index was created by portal 0002; IF NOT EXISTS leaves a database that has it as is.
"""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    ("procedure_name_trgm", "procedures_procedure", "USING GIN (UPPER(name) gin_trgm_ops)", ""),
]


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_seed_service_areas")]
    operations = [create_indexes(INDEXES)]
