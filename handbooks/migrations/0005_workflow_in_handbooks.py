"""The workflow moves from the approvals app into handbooks (issue 11): HandbookVersion becomes handbooks'
model (its table is renamed, its rows stay), and the handbook records the agency its live version was published for
(`public_agency`, for the public browse and filter) and the one-time token of the form that created it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import BigIntegerField, F, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce


def fill_public_agency(apps, schema_editor):
    """Published handbooks: the agency their live version recorded (if it still exists), else their own."""
    Handbook = apps.get_model("handbooks", "Handbook")
    HandbookVersion = apps.get_model("handbooks", "HandbookVersion")
    Agency = apps.get_model("portal", "Agency")
    recorded = (
        HandbookVersion.objects.filter(pk=OuterRef("live_version_id"))
        .annotate(agency_id=Cast(KT("snapshot__handbook__agency__id"), BigIntegerField()))
        .filter(agency_id__in=Agency.objects.values("pk"))
        .values("agency_id")[:1]
    )
    Handbook.objects.filter(live_version__isnull=False).update(
        public_agency_id=Coalesce(Subquery(recorded), F("agency_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("handbooks", "0004_postgresql_indexes"),
        ("portal", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HandbookVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.PositiveIntegerField(verbose_name="ฉบับที่")),
                        ("snapshot", models.JSONField(verbose_name="ข้อมูลคู่มือ")),
                        ("change_note", models.CharField(blank=True, max_length=500, verbose_name="สรุปการเปลี่ยนแปลง")),
                        ("approved_at", models.DateTimeField(verbose_name="วันที่เผยแพร่")),
                        ("approve_comment", models.TextField(blank=True, verbose_name="ความเห็นผู้อนุมัติ")),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ผู้อนุมัติ",
                            ),
                        ),
                        (
                            "handbook",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="versions",
                                to="handbooks.handbook",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ฉบับที่เผยแพร่",
                        "verbose_name_plural": "ฉบับที่เผยแพร่",
                        "ordering": ["handbook", "-number"],
                        "db_table": "approvals_handbookversion",
                        "constraints": [
                            models.UniqueConstraint(fields=("handbook", "number"), name="handbook_version_number_once")
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="handbook",
                    name="live_version",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="handbooks.handbookversion",
                        verbose_name="ฉบับที่เผยแพร่",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="handbookversion", table=None),
        migrations.AddField(
            model_name="handbook",
            name="public_agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="portal.agency",
            ),
        ),
        migrations.AddField(
            model_name="handbook",
            name="create_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.RunPython(fill_public_agency, migrations.RunPython.noop),
    ]
