"""Recompute every law's `title_key` with the normalisation of issue 12 (P6): พ.ร.บ./พระราชบัญญัติ,
พ.ร.ก./พระราชกำหนด, พ.ร.ฎ./พระราชกฤษฎีกา and กฎ ก./กฎกระทรวง are one, and spaces no longer count.

Two laws already in the registry may now share a key: they were the same law entered twice ("พ.ร.บ.ทะเบียนพาณิชย์
พ.ศ. 2499" beside "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499"). Merging them here is not possible: procedures and the
versions of published handbooks cite each by its id, and the procedures app stands above this one. So the migration
keeps both and never fails: the oldest law (lowest id) takes the key, so the duplicate check points every new entry
at it; each later one keeps a key of its own, the shared key followed by " (ซ้ำ <id>)" (a space can never occur in a
computed key, so it collides with nothing), and is reported on the console and in the audit log
(`laws.law.duplicate_key`, with the id and title of the law it repeats) for an administrator to resolve.

Going back leaves the keys as they are: the earlier code only compares them, so they stay unique and usable.
"""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from laws.models import TITLE_KEY_LENGTH, normalise_title


def duplicate_key(key: str, pk: int) -> str:
    suffix = f" (ซ้ำ {pk})"
    return key[: TITLE_KEY_LENGTH - len(suffix)] + suffix


def recompute_title_keys(apps, schema_editor):
    Law = apps.get_model("laws", "Law")
    db = schema_editor.connection.alias
    laws = Law.objects.using(db)
    # First give every row a placeholder no computed key can equal (it starts with a space), so that the new keys
    # may be written one by one in any order without meeting an old key on the unique index.
    laws.update(title_key=Concat(Value(" "), Cast("pk", CharField())))
    owners: dict[str, tuple[int, str]] = {}
    duplicates = []
    changed = []
    for law in laws.order_by("pk").only("pk", "title"):
        key = normalise_title(law.title)
        if key in owners:
            duplicates.append((law, owners[key]))
            key = duplicate_key(key, law.pk)
        else:
            owners[key] = (law.pk, law.title)
        law.title_key = key
        changed.append(law)
    laws.bulk_update(changed, ["title_key"], batch_size=500)
    if duplicates:
        report_duplicates(apps, db, duplicates)


def report_duplicates(apps, db, duplicates) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("portal", "AuditEntry")
    law_type, _created = ContentType.objects.using(db).get_or_create(app_label="laws", model="law")
    for law, (same_pk, same_title) in duplicates:
        print(f"\n  laws: law {law.pk} “{law.title}” repeats law {same_pk} “{same_title}” (title_key kept apart)")
        AuditEntry.objects.using(db).create(
            action="laws.law.duplicate_key",
            content_type=law_type,
            object_id=str(law.pk),
            object_repr=law.title[:300],
            data={"same_as": same_pk, "same_as_title": same_title},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("laws", "0002_postgresql_indexes"),
        ("portal", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(recompute_title_keys, migrations.RunPython.noop, elidable=False)]
