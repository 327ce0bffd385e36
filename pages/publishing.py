"""Drafts become what visitors see: publishing, scheduling, taking offline.

The Page row is the editors' draft. Publishing copies it into a
PublishedPage valid from a moment (now or later); taking offline ends the
current version at a moment. At most one version of a page is valid at any
moment. Every change here is a "published content changed" moment.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.hyphenation import hyphenate_html
from core.languages import default_language, language_codes
from core.publishing import State as State  # a page's states, asked here
from core.publishing import (
    clear_from,
    digest,
    next_change,
    period,
    start_moment,
    state_of,
)
from core.signals import published_content_changed, register_schedule

from .markup import render_markdown
from .models import PageAddress, PublishedPage

TRANSLATED = {
    "titles": "title",
    "slugs": "slug",
    "intros": "intro",
    "descriptions": "description",
}


class PublishingRefused(Exception):
    pass


HOME_OFFLINE_REFUSED = _(
    "The home page cannot be taken offline: every page of the site hangs below "
    "it, so the whole site would disappear for visitors. Publish a new version "
    "instead."
)


def _text(value):
    return (value or "").replace("\r\n", "\n").strip()


def draft_digest(page):
    """What visitors would see of a draft, as a digest: texts per language,
    place in the tree and menus, key and links. Reads the page's links."""
    fields = [*TRANSLATED.values(), "body"]
    visible = {
        "texts": {
            field: {
                code: _text(getattr(page, f"{field}_{code}"))
                for code in language_codes()
            }
            for field in fields
        },
        "place": [page.parent_id, page.order, page.placement, page.key or ""],
        "links": [
            [
                link.url,
                {
                    code: _text(getattr(link, f"label_{code}"))
                    for code in language_codes()
                },
                link.order,
            ]
            for link in page.links.all()
        ],
    }
    return digest(visible)


def published_body(markdown, language):
    """A body as visitors read it: HTML with soft hyphens in its long words,
    each in the language of its element."""
    return hyphenate_html(str(render_markdown(markdown)), language)


def version_from_draft(page, user=None, valid_from=None, valid_until=None):
    """An unsaved PublishedPage holding the draft as visitors would see it."""
    texts = {
        name: {
            code: getattr(page, f"{field}_{code}") or "" for code in language_codes()
        }
        for name, field in TRANSLATED.items()
    }
    # A page below the home page always has an address in every language.
    if page.parent_id:
        default = texts["slugs"][default_language()]
        texts["slugs"] = {
            code: slug or default for code, slug in texts["slugs"].items()
        }
    return PublishedPage(
        page=page,
        parent_page=page.parent_id,
        order=page.order,
        placement=page.placement,
        key=page.key or "",
        # What visitors read, with its soft hyphens (core.hyphenation): a
        # page is hyphenated once, when it is published, not when it is sent.
        bodies={
            code: published_body(getattr(page, f"body_{code}"), code)
            for code in language_codes()
            if getattr(page, f"body_{code}")
        },
        links=[
            {
                "url": link.url,
                "labels": {
                    code: getattr(link, f"label_{code}") or ""
                    for code in language_codes()
                },
            }
            for link in page.links.all()
        ],
        draft_version=page.updated_at or timezone.now(),
        draft_digest=draft_digest(page),
        **period(valid_from, valid_until, user),
        **texts,
    )


def record_addresses(page, at=None):
    """Remember the address, in every language, of a page and of all pages
    below it as they are at `at` (now), so that they keep answering after a
    rename or a move."""
    from .tree import PageTree

    tree = PageTree.load(at)
    node = tree.nodes.get(page.pk)
    if node is None or node.pk not in tree.visible_pks:
        return
    addresses = {}
    stack = [node]
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        for url in current.urls().values():
            addresses[url] = current.pk
    existing = PageAddress.objects.filter(path__in=addresses)
    for address in existing:
        if address.page_id != addresses[address.path]:
            address.page_id = addresses[address.path]
            address.save(update_fields=["page", "recorded_at"])
    known = {address.path for address in existing}
    PageAddress.objects.bulk_create(
        PageAddress(path=path, page_id=pk)
        for path, pk in addresses.items()
        if path not in known
    )


def _clear_from(page, moment):
    clear_from(PublishedPage.objects.filter(page=page), moment)


@transaction.atomic
def publish(page, user=None, at=None, until=None, shown_date=None):
    """The draft becomes what visitors see from `at` (now) until `until`;
    `shown_date`, for seed text, is the date its facts were checked."""
    at = start_moment(at)
    if until is not None and page.is_home:
        raise PublishingRefused(HOME_OFFLINE_REFUSED)
    record_addresses(page)
    _clear_from(page, at)
    version = version_from_draft(page, user, valid_from=at, valid_until=until)
    version.shown_date = shown_date
    version.save()
    # Its new addresses are its own from now on: where a deleted page once
    # stood, taking this page offline later leaves a 404, not a 410.
    record_addresses(page, at)
    published_content_changed.send(sender=PublishedPage, page=page)
    return version


@transaction.atomic
def unpublish(page, at=None):
    """Visitors no longer see the page from `at` (now) on."""
    if page.is_home:
        raise PublishingRefused(HOME_OFFLINE_REFUSED)
    at = start_moment(at)
    _clear_from(page, at)
    published_content_changed.send(sender=PublishedPage, page=page)


def draft_state(page, versions, now=None):
    """The state of a page from its published versions (any order)."""
    return state_of(versions, page.updated_at, lambda: draft_digest(page), now)


@register_schedule
def next_page_change(after=None):
    """The next moment at which a published version starts or ends."""
    return next_change(PublishedPage, after)
