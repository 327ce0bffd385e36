from django.db import migrations

from core.history import record_first_versions


def forwards(apps, schema_editor):
    record_first_versions(
        apps,
        "institutes",
        ["Institute", "PostcodeRule", "Region", "Theme"],
        m2m={"Institute": ["themes"]},
    )


class Migration(migrations.Migration):
    dependencies = [("institutes", "0004_history")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
