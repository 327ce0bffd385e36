"""Every institute visitors saw gets a published version equal to its
current data, so that the site shows exactly what it showed before."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations
from django.utils import timezone

from core.publishing import digest

# Kept apart from a version's fields, and modeltranslation's original
# columns (their values are in the per-language ones), as in
# institutes/publishing.py when this migration was written.
APART = {"id", "region", "themes", "published"}
ORIGINALS = {"slug", "description", "municipality"}


def publish_all(apps, schema_editor):
    Institute = apps.get_model("institutes", "Institute")
    PublishedInstitute = apps.get_model("institutes", "PublishedInstitute")
    names = [
        field.name
        for field in Institute._meta.concrete_fields
        if field.name not in APART | ORIGINALS
    ]
    shown = Institute.objects.all()
    # tests/test_institute_publishing.py runs this on today's models, which
    # no longer have the flag.
    if any(field.name == "published" for field in Institute._meta.fields):
        shown = shown.filter(published=True)
    now = timezone.now()
    for institute in shown:
        values = {
            name: Institute._meta.get_field(name).value_from_object(institute)
            for name in names
        }
        fields = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
        themes = sorted(institute.themes.values_list("pk", flat=True))
        visible = {k: v for k, v in fields.items() if k != "updated_at"}
        version = PublishedInstitute.objects.create(
            institute=institute,
            region_id=institute.region_id,
            fields=fields,
            valid_from=now,
            draft_version=institute.updated_at,
            draft_digest=digest(
                {"fields": visible, "region": institute.region_id, "themes": themes}
            ),
        )
        version.themes.set(themes)


class Migration(migrations.Migration):
    dependencies = [
        ("institutes", "0013_publishedinstitute"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(publish_all, migrations.RunPython.noop)]
