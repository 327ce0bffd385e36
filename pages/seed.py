"""The site's own pages, as shipped in content/pages.json, published.

With `update`, corrected seed text reaches pages loaded before (see
core.seeding): the fields that still hold their seed text take the new one,
and the page is published again, with a history entry that says why, unless
an editor has unpublished changes or a scheduled change waiting, in which case
the correction stays in the draft for the editor to publish.
"""

import datetime

from core import history
from core.languages import language_codes, per_language
from core.models import SeedRecord
from core.seeding import corrections, remember

from .models import Page, PageLink
from .publishing import State, draft_state, publish

TRANSLATED_FIELDS = ("title", "slug", "intro", "body", "description")
# What a correction may change: not the address (slug) or the place in the tree.
CORRECTABLE_FIELDS = ("title", "intro", "body", "description")


def checked_date(entry):
    checked = entry.get("checked_on")
    return datetime.date.fromisoformat(checked) if checked else None


def seed_links(entry):
    return [
        {"url": link["url"], "labels": per_language("label", link["label"])}
        for link in entry.get("links", [])
    ]


def stored_links(page):
    return [
        {
            "url": link.url,
            "labels": {
                f"label_{code}": getattr(link, f"label_{code}") or ""
                for code in language_codes()
            },
        }
        for link in page.links.all()
    ]


def page_values(entry):
    values = {
        name: value or ""
        for field in CORRECTABLE_FIELDS
        for name, value in per_language(field, entry[field]).items()
    }
    values["links"] = seed_links(entry)
    return values


def current_values(page, wanted):
    values = {name: getattr(page, name) or "" for name in wanted if name != "links"}
    values["links"] = stored_links(page)
    return values


def set_links(page, links):
    page.links.all().delete()
    for order, link in enumerate(links, start=1):
        PageLink.objects.create(
            page=page, order=order * 10, url=link["url"], **link["labels"]
        )


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
    set_links(page, seed_links(entry))
    # Seed content is what the site shows from the start.
    publish(page, shown_date=checked_date(entry))
    return page


def correct_page(entry, record, earlier):
    """Apply a corrected seed text to a page loaded before; whether it changed."""
    page = Page.objects.filter(key=entry["key"]).first()
    if page is None:
        return False
    wanted = page_values(entry)
    found = corrections(record, current_values(page, wanted), wanted, earlier)
    if found:
        ready = (
            draft_state(page, list(page.published_versions.all())) == State.PUBLISHED
        )
        for name, value in found.items():
            if name != "links":
                setattr(page, name, value)
        page._change_reason = history.reason(
            history.SEED_CORRECTED, checked=entry.get("checked_on")
        )
        page.save()
        if "links" in found:
            set_links(page, found["links"])
        if ready:
            publish(page, shown_date=checked_date(entry))
    remember(
        record,
        {
            name: value
            for name, value in wanted.items()
            if current_values(page, wanted)[name] == value
        },
    )
    return bool(found)


def load_pages(entries, update=False, earlier=None):
    created = corrected = 0
    for entry in entries:
        page = SeedRecord.objects.create_once(
            "page",
            entry["key"],
            existing=Page.objects.filter(key=entry["key"]),
            create=lambda entry=entry: create_page(entry),
        )
        created += page is not None
        record = SeedRecord.objects.filter(kind="page", key=entry["key"]).first()
        if page is not None:
            remember(record, page_values(entry))
        elif update and record is not None:
            corrected += correct_page(
                entry, record, (earlier or {}).get("page", {}).get(entry["key"])
            )
    summary = f"Pages: {created} created."
    if update:
        summary += f" {corrected} corrected."
    return summary
