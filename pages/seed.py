"""The site's own pages, as shipped in content/pages.json, published."""

from core.languages import per_language
from core.models import SeedRecord

from .models import Page, PageLink
from .publishing import publish

TRANSLATED_FIELDS = ("title", "slug", "intro", "body", "description")


def create_page(entry):
    parent = (
        Page.objects.filter(key=entry["parent"]).first() if entry["parent"] else None
    )
    if entry["parent"] and parent is None:
        return None  # its parent was removed by an editor
    if parent is None and Page.objects.filter(parent__isnull=True).exists():
        return None  # an editor already made a home page of their own
    page = Page.objects.create(
        key=entry["key"],
        parent=parent,
        order=entry["order"],
        placement=entry["placement"],
        **{
            name: value
            for field in TRANSLATED_FIELDS
            for name, value in per_language(field, entry[field]).items()
        },
    )
    for order, link in enumerate(entry.get("links", []), start=1):
        PageLink.objects.create(
            page=page,
            order=order * 10,
            url=link["url"],
            **per_language("label", link["label"]),
        )
    # Seed content is what the site shows from the start.
    publish(page)
    return page


def load_pages(entries):
    created = 0
    for entry in entries:
        page = SeedRecord.objects.create_once(
            "page",
            entry["key"],
            existing=Page.objects.filter(key=entry["key"]),
            create=lambda entry=entry: create_page(entry),
        )
        created += page is not None
    return f"Pages: {created} created."
