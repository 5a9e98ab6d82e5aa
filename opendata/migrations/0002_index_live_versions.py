"""Index the laws cited by the versions that were already live when this app was installed (later versions are
indexed as they are stored, opendata.index)."""

from django.db import migrations


def index_live_versions(apps, schema_editor):
    Handbook = apps.get_model("handbooks", "Handbook")
    HandbookVersion = apps.get_model("handbooks", "HandbookVersion")
    VersionLaw = apps.get_model("opendata", "VersionLaw")
    live = HandbookVersion.objects.filter(
        pk__in=Handbook.objects.filter(live_version__isnull=False).values("live_version_id")
    ).order_by("pk")
    last = 0
    while True:
        chunk = list(live.filter(pk__gt=last).values_list("pk", "snapshot")[:2000])
        if not chunk:
            return
        rows = []
        for pk, snapshot in chunk:
            procedure = (snapshot or {}).get("procedure") or {}
            seen = set()
            for position, law in enumerate(procedure.get("laws") or []):
                law_id = law.get("id")
                if not isinstance(law_id, int) or law_id in seen:
                    continue
                seen.add(law_id)
                year = law.get("year_be")
                rows.append(
                    VersionLaw(
                        version_id=pk,
                        law_id=law_id,
                        position=position,
                        title=str(law.get("title") or "")[:500],
                        kind_display=str(law.get("kind_display") or "")[:100],
                        year_be=year if isinstance(year, int) and 0 < year < 32768 else None,
                        url=str(law.get("url") or "")[:500],
                        procedure_id=int(procedure.get("id") or 0),
                        procedure_name=str(procedure.get("name") or "")[:500],
                    )
                )
        VersionLaw.objects.bulk_create(rows, ignore_conflicts=True)
        last = chunk[-1][0]


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(index_live_versions, migrations.RunPython.noop)]
