"""The review cycle of section 6 of the Act (issue 13): each law's last review (`reviewed_on`) and next one
(`next_review_on`, `REVIEW_YEARS` later).

Laws already in the registry take as their last review the last press of "ปรับปรุงข้อมูล" (`refreshed_at`), else
the day they entered the registry (`created_at`), as a date in Thailand; the next review follows by the model's own
rule (`laws.models.next_review_after`). The columns are added empty, filled, then made required. Going back drops
them.
"""

import datetime

from django.db import migrations, models

from laws.models import local_date, next_review_after


def review_dates(
    refreshed_at: datetime.datetime | None, created_at: datetime.datetime
) -> tuple[datetime.date, datetime.date]:
    """(reviewed_on, next_review_on) of a law already in the registry."""
    reviewed_on = local_date(refreshed_at or created_at)
    return reviewed_on, next_review_after(reviewed_on)


def fill_review_dates(apps, schema_editor):
    Law = apps.get_model("laws", "Law")
    laws = Law.objects.using(schema_editor.connection.alias)
    changed = []
    for law in laws.filter(next_review_on__isnull=True).only("pk", "refreshed_at", "created_at").iterator(2000):
        law.reviewed_on, law.next_review_on = review_dates(law.refreshed_at, law.created_at)
        changed.append(law)
    laws.bulk_update(changed, ["reviewed_on", "next_review_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("laws", "0003_title_key_abbreviations")]

    operations = [
        migrations.AddField(
            model_name="law",
            name="reviewed_on",
            field=models.DateField(blank=True, null=True, verbose_name="ทบทวนล่าสุดเมื่อ"),
        ),
        migrations.AddField(
            model_name="law",
            name="next_review_on",
            field=models.DateField(blank=True, null=True, verbose_name="ครบกำหนดทบทวนครั้งถัดไป"),
        ),
        migrations.RunPython(fill_review_dates, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="law",
            name="reviewed_on",
            field=models.DateField(blank=True, verbose_name="ทบทวนล่าสุดเมื่อ"),
        ),
        migrations.AlterField(
            model_name="law",
            name="next_review_on",
            field=models.DateField(blank=True, db_index=True, verbose_name="ครบกำหนดทบทวนครั้งถัดไป"),
        ),
    ]
