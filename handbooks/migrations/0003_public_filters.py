"""The public category and area filters match what the live version published (public_category, public_areas),
filled here for the handbooks already published."""

from django.db import migrations, models


def fill_from_live_versions(apps, schema_editor):
    Handbook = apps.get_model("handbooks", "Handbook")
    HandbookVersion = apps.get_model("approvals", "HandbookVersion")
    published = Handbook.objects.filter(live_version__isnull=False).order_by("pk").values_list("pk", "live_version_id")
    batch = []
    for pk, version_id in published.iterator(chunk_size=2000):
        batch.append((pk, version_id))
        if len(batch) == 2000:
            _fill(Handbook, HandbookVersion, batch)
            batch = []
    if batch:
        _fill(Handbook, HandbookVersion, batch)


def _fill(Handbook, HandbookVersion, batch):
    # The rule of handbooks.search.public_filters, written out: a migration must not import the app's code.
    procedures = dict(
        HandbookVersion.objects.filter(pk__in=[v for _pk, v in batch]).values_list("pk", "snapshot__procedure")
    )
    rows = []
    for pk, version_id in batch:
        procedure = procedures.get(version_id) or {}
        areas = [str(name) for name in procedure.get("areas") or []]
        rows.append(
            Handbook(
                pk=pk,
                public_category=str(procedure.get("category") or ""),
                public_areas=f"|{'|'.join(areas)}|" if areas else "",
            )
        )
    Handbook.objects.bulk_update(rows, ["public_category", "public_areas"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0002_initial"),
        ("approvals", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="handbook",
            name="public_areas",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="handbook",
            name="public_category",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.RunPython(fill_from_live_versions, migrations.RunPython.noop),
    ]
