"""Issue 15: the stored words, once each (handbooks.SearchWord), so that the public search on PostgreSQL expands a
query word to the whole stored words it begins and the word index matches whole words (fast intersections of its
posting lists) instead of prefixes. Filled here from every handbook's stored words; an index on the words in byte
order (`COLLATE "C"`) serves "the words beginning with …" whatever the database's collation."""

from django.db import migrations, models

from portal.pg_indexes import create_indexes

WORD_ORDER_INDEX = ("handbook_search_word_c", "handbooks_searchword", '(word COLLATE "C")', "")


def fill_words(apps, schema_editor):
    Handbook = apps.get_model("handbooks", "Handbook")
    SearchWord = apps.get_model("handbooks", "SearchWord")
    words: set[str] = set()
    rows = Handbook.objects.exclude(public_search="").values_list("public_search", "public_title").order_by("pk")
    for search, title in rows.iterator(chunk_size=2000):
        words.update(search.split(), title.split())
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0009_public_approved_at_and_ordered_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.TextField(primary_key=True, serialize=False))],
            options={"verbose_name": "คำค้นที่บันทึกไว้", "verbose_name_plural": "คำค้นที่บันทึกไว้"},
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop, elidable=True),
        create_indexes([WORD_ORDER_INDEX]),
    ]
