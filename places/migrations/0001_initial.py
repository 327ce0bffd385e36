"""The places app takes over Municipality, PostalCode and PlaceName from
institutes, rows and all.

institutes/migrations/0012_places_leave_for_the_places_app.py renamed their
tables to places_municipality, places_postalcode and places_placename; here
the models enter this app's state on those tables, with no change to the
database. A new database takes the same path: institutes creates the tables,
its 0012 renames them, this migration adopts them.

Their content types move from institutes to places in the same step, so that
every permission (the editors' group's on place names), every entry of the
admin's log and every other row that refers to a content type keeps pointing
at the same model under its new app.
"""

import django.core.validators
import django.db.models.deletion
from django.contrib.contenttypes.models import ContentType as CurrentContentType
from django.db import migrations, models

MOVED = ["municipality", "postalcode", "placename"]


def move_content_types(apps, schema_editor, source="institutes", target="places"):
    """Give the moved models' content types their new app label. A new
    database has none yet (they are made after migrate) and needs nothing."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        moving = content_types.filter(app_label=source, model=model).first()
        if moving is None:
            continue
        # One made for the target in the meantime holds nothing of value:
        # the permissions granted and the log entries are the moving one's.
        content_types.filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
    # And the running process's own cache, which still knows the old labels.
    CurrentContentType.objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="places", target="institutes")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("institutes", "0012_places_leave_for_the_places_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Municipality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('refnis', models.CharField(max_length=5, unique=True, verbose_name='REFNIS code')),
                        ('names', models.JSONField(verbose_name='names')),
                        ('area_refnis', models.CharField(max_length=5, verbose_name='province REFNIS code')),
                        ('area_names', models.JSONField(verbose_name='province or region')),
                        ('region_refnis', models.CharField(max_length=5, verbose_name='region REFNIS code')),
                    ],
                    options={
                        'verbose_name': 'municipality',
                        'verbose_name_plural': 'municipalities',
                        'ordering': ['refnis'],
                    },
                ),
                migrations.CreateModel(
                    name='PlaceName',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('name', models.CharField(help_text='As people write it, e.g. Borsbeek.', max_length=100, verbose_name='place name')),
                        ('search_key', models.CharField(db_index=True, editable=False, max_length=100)),
                        ('postcode', models.CharField(blank=True, help_text="The place's own postcode, when the municipality has several. The finder then answers for this postcode.", max_length=4, validators=[django.core.validators.RegexValidator('^[1-9][0-9]{3}\\Z', 'A Belgian postcode has four digits.')], verbose_name='postcode')),
                        ('source', models.CharField(choices=[('statbel', 'Statbel'), ('postal', 'Postal table (GeoNames)'), ('editor', 'Added by an editor')], default='editor', max_length=10, verbose_name='source')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='place_names', to='places.municipality', verbose_name='municipality it lies in')),
                    ],
                    options={
                        'verbose_name': 'place name',
                        'verbose_name_plural': 'place names',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='PostalCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(db_index=True, max_length=4, verbose_name='postcode')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='postal_codes', to='places.municipality', verbose_name='municipality')),
                    ],
                    options={
                        'verbose_name': 'postcode',
                        'verbose_name_plural': 'postcodes',
                        'ordering': ['code', 'municipality__refnis'],
                        'constraints': [models.UniqueConstraint(fields=('code', 'municipality'), name='unique_postal_code')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
