"""Which pages link to a page or an institute, by key or by number."""

from django.db.models import Q

from core import links
from core.languages import field_names

from .markup import (
    DOCUMENT_SCHEME,
    IMAGE_SCHEME,
    INSTITUTE_SCHEME,
    PAGE_SCHEME,
    linked_keys,
)
from .models import Page


def link_targets():
    """Every reference a text may use: {"pagina": {"regulation": "Regelgeving",
    "5": "Regelgeving", ...}, "instituut": {...}}, by key and by number."""
    from .documents.models import Document

    documents = Document.objects.only("pk", "key", "title", "kind")
    targets = {"offered": {}}
    for scheme, items in (
        (PAGE_SCHEME, Page.objects.only("pk", "key", "title")),
        (INSTITUTE_SCHEME, links.institutes().only("pk", "key", "name")),
        (DOCUMENT_SCHEME, documents),
        (IMAGE_SCHEME, documents.filter(kind="image")),
    ):
        targets[scheme] = {}
        offered = targets["offered"][scheme] = []
        for item in items:
            for reference in references(item):
                targets[scheme][reference] = str(item)
            # The key where there is one: it stays when the item is renamed.
            offered.append((item.key or str(item.pk), str(item)))
    return targets


def unknown_links(text, targets):
    """The references in a text that lead nowhere: ["pagina:subsidies", ...]."""
    return [
        f"{scheme}:{key}"
        for scheme, keys in linked_keys(text).items()
        for key in sorted(keys)
        if key not in targets[scheme]
    ]


def known_keys(targets, scheme):
    """ "regulation (Regelgeving), ...": a reference to offer for each item."""
    return ", ".join(
        f"{key} ({label})" for key, label in sorted(targets["offered"][scheme])
    )


def references(item):
    """The ways a text can point at an item: its key and its number."""
    found = [str(item.pk)]
    if getattr(item, "key", None):
        found.append(item.key)
    return found


def pages_linking_to(scheme, item):
    """Pages whose draft body (in any language) links to the item."""
    condition = Q()
    for reference in references(item):
        for name in field_names("body"):
            condition |= Q(**{f"{name}__contains": f"]({scheme}:{reference})"})
    pages = Page.objects.filter(condition)
    if isinstance(item, Page):
        pages = pages.exclude(pk=item.pk)
    return list(pages.order_by("pk"))
