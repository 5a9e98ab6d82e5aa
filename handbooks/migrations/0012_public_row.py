"""Issue 15: `Handbook.public_row`, what a row of the public lists shows (name, reference, agency, category) as the
live version recorded it, copied at approval (handbooks.search.public_row) and filled here for every published
handbook from its live snapshot. The lists then read it from the handbook row instead of four paths into each
live snapshot."""

from django.db import migrations, models
from django.db.models.fields.json import KeyTextTransform, KeyTransform

PATHS = {
    "name": ("procedure", "name"),
    "reference": ("handbook", "reference_name"),
    "agency": ("handbook", "agency", "name"),
    "category": ("procedure", "category_display"),
}


def _text(keys):
    expression = "live_version__snapshot"
    for key in keys[:-1]:
        expression = KeyTransform(key, expression)
    return KeyTextTransform(keys[-1], expression)


def fill_rows(apps, schema_editor):
    Handbook = apps.get_model("handbooks", "Handbook")
    published = Handbook.objects.filter(live_version__isnull=False).order_by("pk")
    rows = published.annotate(**{f"row_{name}": _text(keys) for name, keys in PATHS.items()})
    batch = []
    for row in rows.only("pk").iterator(chunk_size=2000):
        row.public_row = {name: getattr(row, f"row_{name}") for name in PATHS}
        batch.append(row)
        if len(batch) == 2000:
            Handbook.objects.bulk_update(batch, ["public_row"])
            batch = []
    Handbook.objects.bulk_update(batch, ["public_row"])


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0011_public_search_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="handbook",
            name="public_row",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(fill_rows, migrations.RunPython.noop, elidable=True),
    ]
