"""HandbookVersion now belongs to the handbooks app (handbooks 0005 renamed its table): the approvals app keeps no
model of its own."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_initial"),
        ("handbooks", "0005_workflow_in_handbooks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="HandbookVersion")]),
    ]
