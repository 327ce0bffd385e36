"""Drafts become what visitors see: publishing, scheduling, taking offline.

The Page row is the editors' draft. Publishing copies it into a
PublishedPage valid from a moment (now or later); taking offline ends the
current version at a moment. At most one version of a page is valid at any
moment. Every change here is a "published content changed" moment.
"""

import hashlib
import json

from django.db import models, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.hyphenation import hyphenate_html
from core.languages import default_language, language_codes
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
    encoded = json.dumps(visible, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


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
        valid_from=valid_from or timezone.now(),
        valid_until=valid_until,
        published_by=user if user is not None and user.is_authenticated else None,
        published_at=timezone.now(),
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
    """End the version valid at `moment`; drop versions that start later."""
    versions = PublishedPage.objects.select_for_update().filter(page=page)
    versions.filter(valid_from__gte=moment).delete()
    for version in versions.live(moment):
        version.valid_until = moment
        version.save(update_fields=["valid_until"])


@transaction.atomic
def publish(page, user=None, at=None, until=None, shown_date=None):
    """The draft becomes what visitors see from `at` (now) until `until`;
    `shown_date`, for seed text, is the date its facts were checked."""
    now = timezone.now()
    at = max(at or now, now)
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
    now = timezone.now()
    at = max(at or now, now)
    _clear_from(page, at)
    published_content_changed.send(sender=PublishedPage, page=page)


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SCHEDULED = "scheduled", _("scheduled")
    CHANGED = "changed", _("changed since publication")


def page_state(page, versions, now=None):
    """The state of a page from its published versions (any order)."""
    now = now or timezone.now()
    live = next(
        (
            v
            for v in versions
            if v.valid_from <= now and (v.valid_until is None or v.valid_until > now)
        ),
        None,
    )
    coming = [
        v
        for v in versions
        if v.valid_from > now or (v.valid_until is not None and v.valid_until > now)
    ]
    if live is None:
        return State.SCHEDULED if coming else State.DRAFT
    if (
        live.draft_version < page.updated_at
        and not any(v.valid_from > now for v in versions)
        and live.draft_digest != draft_digest(page)
    ):
        return State.CHANGED
    return State.SCHEDULED if coming else State.PUBLISHED


@register_schedule
def next_page_change(after=None):
    """The next moment at which a published version starts or ends."""
    after = after or timezone.now()
    moments = PublishedPage.objects.aggregate(
        start=Min("valid_from", filter=_after("valid_from", after)),
        end=Min("valid_until", filter=_after("valid_until", after)),
    )
    return min((m for m in moments.values() if m), default=None)


def _after(field, moment):
    return Q(**{f"{field}__gt": moment})
