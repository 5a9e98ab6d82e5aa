"""PostgreSQL-only indexes on the agency tree for real scale (issue 7: 8,000 agencies, 100,000 handbooks).

Django's `icontains` is `UPPER(col) LIKE UPPER('%word%')`; only a trigram index on `UPPER(col)` serves it (a plain
`gin_trgm_ops` index on `col` does not). Trigrams need a UTF-8 ctype database for Thai (see README).
Nothing here changes model state, so `makemigrations --check` stays clean; on SQLite it does nothing.

This migration first also indexed the tables of laws, procedures, handbooks and approvals, and depended on those
apps: the ground-floor app reached above itself. Those indexes now belong to their own apps' migrations
(laws 0002, procedures 0003, handbooks 0004), which create them with IF NOT EXISTS, so a database that applied the
old version keeps them untouched and a new database gets the same indexes under the same names.
"""

from django.db import migrations

from portal.pg_indexes import create_indexes

INDEXES = [
    # The agency search by name (Agency.objects.search: the pickers, the filters).
    ("agency_name_trgm", "portal_agency", "USING GIN (UPPER(name) gin_trgm_ops)", ""),
    # "My agency's subtree": one range condition on (tree_id, lft).
    ("agency_tree_range", "portal_agency", "(tree_id, lft, rght)", ""),
]


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [create_indexes(INDEXES)]
