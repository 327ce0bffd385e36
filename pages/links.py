"""Which pages link to a page or an institute, by key or by number."""

from django.db.models import Q

from core.languages import field_names

from .models import Page


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
