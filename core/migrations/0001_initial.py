from django.db import migrations, models

# The table the model had when it belonged to the project package.
FORMER_TABLE = "samenleving_seedrecord"


def take_over_or_create(apps, schema_editor):
    """Keep what an existing site already loaded: rename its table, and move
    the content type so that permissions follow. A new site gets a new table."""
    model = apps.get_model("core", "SeedRecord")
    if FORMER_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, FORMER_TABLE, model._meta.db_table)
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label="samenleving", model="seedrecord").update(
            app_label="core"
        )
    else:
        schema_editor.create_model(model)


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("core", "SeedRecord"))


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SeedRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=50, verbose_name="kind")),
                        ("key", models.CharField(max_length=100, verbose_name="key")),
                        (
                            "loaded_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="loaded"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "loaded seed item",
                        "verbose_name_plural": "loaded seed items",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "key"), name="unique_seed_record"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(take_over_or_create, drop),
    ]
