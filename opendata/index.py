"""The laws each published version cites (`VersionLaw`), written once per version from its snapshot.

`HandbookVersion` rows are created only by the approval (handbooks.workflow) and never change: the post_save
receiver below indexes a new version inside the same transaction, so the index and the version commit together.
Versions written without signals (the scale generator's COPY, rows loaded before this app existed) are indexed by
`index_live_versions()`, which the app's data migration and `manage.py generate_scale` call.
"""

from __future__ import annotations

from django.db import transaction

from handbooks.models import Handbook, HandbookVersion

from .models import VersionLaw


def rows_for(version_id: int, snapshot: dict) -> list[VersionLaw]:
    procedure = (snapshot or {}).get("procedure") or {}
    rows, seen = [], set()
    for position, law in enumerate(procedure.get("laws") or []):
        law_id = law.get("id")
        if not isinstance(law_id, int) or law_id in seen:
            continue
        seen.add(law_id)
        year = law.get("year_be")
        rows.append(
            VersionLaw(
                version_id=version_id,
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
    return rows


def index_version(sender, instance: HandbookVersion, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of HandbookVersion: index the laws of a new version (fixtures loaded raw are indexed later)."""
    if created and not raw:
        VersionLaw.objects.bulk_create(rows_for(instance.pk, instance.snapshot))


def index_live_versions(batch: int = 2000) -> int:
    """Index every live version that has no rows yet; returns how many versions were indexed. Idempotent."""
    done = 0
    indexed = VersionLaw.objects.values("version_id")
    live = (
        HandbookVersion.objects.filter(pk__in=Handbook.objects.published().values("live_version_id"))
        .exclude(pk__in=indexed)
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(live.filter(pk__gt=last).values_list("pk", "snapshot")[:batch])
        if not chunk:
            return done
        with transaction.atomic():
            VersionLaw.objects.bulk_create(
                [row for pk, snapshot in chunk for row in rows_for(pk, snapshot)], ignore_conflicts=True
            )
        done += len(chunk)
        last = chunk[-1][0]
