from django.db import migrations

AREAS = [
    ("central", "ส่วนกลาง", 1),
    ("regional", "ส่วนภูมิภาค", 2),
    ("local", "ท้องถิ่น", 3),
    ("abroad", "ต่างประเทศ", 4),
]


def seed(apps, schema_editor):
    ServiceArea = apps.get_model("procedures", "ServiceArea")
    for code, name, position in AREAS:
        ServiceArea.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
