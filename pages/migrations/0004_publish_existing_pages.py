"""Existing published pages become published versions; unpublished ones stay
drafts. Every existing page and link gets a first version in its history."""

from django.db import migrations
from django.utils import timezone

from core.history import record_first_versions
from core.languages import language_codes
from pages.markup import render_markdown

TEXTS = {"titles": "title", "slugs": "slug", "intros": "intro", "descriptions": "description"}


def forwards(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    PublishedPage = apps.get_model("pages", "PublishedPage")
    now = timezone.now()
    record_first_versions(apps, "pages", ["Page", "PageLink"])
    for page in Page.objects.filter(published=True):
        codes = language_codes()
        texts = {
            name: {code: getattr(page, f"{field}_{code}") or "" for code in codes}
            for name, field in TEXTS.items()
        }
        if page.parent_id:
            default = texts["slugs"][codes[0]]
            texts["slugs"] = {c: s or default for c, s in texts["slugs"].items()}
        PublishedPage.objects.create(
            page=page,
            parent_page=page.parent_id,
            order=page.order,
            placement=page.placement,
            key=page.key or "",
            bodies={
                code: str(render_markdown(getattr(page, f"body_{code}")))
                for code in codes
                if getattr(page, f"body_{code}")
            },
            links=[
                {
                    "url": link.url,
                    "labels": {c: getattr(link, f"label_{c}") or "" for c in codes},
                }
                for link in page.links.order_by("order", "pk")
            ],
            draft_version=page.updated_at,
            valid_from=now,
            **texts,
        )


def backwards(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    PublishedPage = apps.get_model("pages", "PublishedPage")
    live = PublishedPage.objects.filter(valid_until__isnull=True).values("page_id")
    Page.objects.update(published=False)
    Page.objects.filter(pk__in=live).update(published=True)


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_drafts_and_published_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
