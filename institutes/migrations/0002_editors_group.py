from django.db import migrations

from core.groups import grant_editors, revoke_editors

MODELS = ["region", "theme", "institute", "postcoderule"]


def forwards(apps, schema_editor):
    grant_editors(apps, "institutes", MODELS)


def backwards(apps, schema_editor):
    revoke_editors(apps, "institutes", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("institutes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
