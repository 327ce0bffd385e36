"""The published versions stored before bodies were hyphenated when published
(pages.publishing.published_body) get their soft hyphens, so that visitors
keep reading them as the pages were sent before."""

from django.db import migrations

from core.hyphenation import SOFT_HYPHEN, hyphenate_html


def hyphenate_bodies(apps, schema_editor):
    PublishedPage = apps.get_model("pages", "PublishedPage")
    for version in PublishedPage.objects.only("bodies").iterator():
        # Hyphenating a hyphenated body changes nothing: a migration run
        # again, or a version published meanwhile, stays as it is.
        bodies = {
            code: hyphenate_html(body, code) for code, body in version.bodies.items()
        }
        if bodies != version.bodies:
            version.bodies = bodies
            version.save(update_fields=["bodies"])


def remove_hyphens(apps, schema_editor):
    PublishedPage = apps.get_model("pages", "PublishedPage")
    for version in PublishedPage.objects.only("bodies").iterator():
        version.bodies = {
            code: body.replace(SOFT_HYPHEN, "").replace("<wbr>", "")
            for code, body in version.bodies.items()
        }
        version.save(update_fields=["bodies"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0013_editors_documents")]

    operations = [migrations.RunPython(hyphenate_bodies, remove_hyphens)]
