from django.db import migrations

from core.groups import grant_editors, revoke_editors

MODELS = ["document", "rendition"]


def forwards(apps, schema_editor):
    grant_editors(apps, "pages", MODELS)


def backwards(apps, schema_editor):
    revoke_editors(apps, "pages", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0012_documents"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
