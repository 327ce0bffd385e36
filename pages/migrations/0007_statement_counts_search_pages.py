"""The accessibility statement counts the search results pages among the
combinations checked (600, before 552), in databases whose statement still
holds the text migration 0006 gave it; an editor's own text stays."""

import importlib

from django.db import migrations
from django.utils import timezone

from core.languages import language_codes

earlier = importlib.import_module("pages.migrations.0006_true_and_consistent_content")


def forwards(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    PublishedPage = apps.get_model("pages", "PublishedPage")
    page = Page.objects.filter(key="accessibility").first()
    if page is None:
        return
    updates = {}
    for code in language_codes():
        field = f"body_{code}"
        given = earlier.CHANGES["accessibility"].get(field, (None, None))[1]
        if given and getattr(page, field) == given:
            updates[field] = given.replace(" 552 ", " 600 ")
    if not updates:
        return
    now = timezone.now()
    Page.objects.filter(pk=page.pk).update(**updates)
    page = Page.objects.get(pk=page.pk)
    earlier.republish(page, PublishedPage, now)
    Page.objects.filter(pk=page.pk).update(updated_at=now)


class Migration(migrations.Migration):
    dependencies = [("pages", "0006_true_and_consistent_content")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
