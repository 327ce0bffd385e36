import functools

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_items(context, nodes):
    """Menu entries with their state: the current page, or the section it is in."""
    current = context.get("node")
    language = context.get("current_language")
    # Below a page (an institute under the regional-institutes page, say),
    # that page is the section the visitor is in, not the page itself.
    below_current = bool(context.get("breadcrumb_tail"))
    items = []
    for node in nodes:
        if current is node:
            state = "true" if below_current else "page"
        elif (
            current is not None and node.parent is not None and current.is_within(node)
        ):
            state = "true"
        else:
            state = ""
        items.append(
            {
                "url": node.url(language),
                "title": node.title(language),
                "lang": node.title_language(language),
                "current": state,
            }
        )
    return items


@register.simple_tag(takes_context=True)
def menu(context, nodes, label, nav_class="", list_class=""):
    """A menu of pages as a labelled navigation list."""
    items = tuple(tuple(item.items()) for item in menu_items(context, nodes))
    return _rendered_menu(
        items, str(label), nav_class, list_class, context.get("current_language")
    )


@functools.lru_cache(maxsize=1024)
def _rendered_menu(items, label, nav_class, list_class, current_language):
    """The menu's HTML, which depends on nothing but these: every page of a
    section shares its menus, rendered once per process."""
    return get_template("includes/menu.html").render(
        {
            "items": [dict(item) for item in items],
            "label": label,
            "nav_class": nav_class,
            "list_class": list_class,
            "current_language": current_language,
        }
    )


@register.simple_tag(takes_context=True)
def breadcrumb_items(context):
    """The trail from home to here; the last entry is the current page."""
    language = context.get("current_language")
    node = context.get("node")
    trail = context.get("breadcrumb_tail") or []
    if node is None:
        return []
    nodes = [*node.ancestors, node]
    items = [
        {
            "url": n.url(language),
            "title": n.title(language),
            "lang": n.title_language(language),
        }
        for n in nodes
    ]
    items.extend(trail)
    return items


@register.simple_tag(takes_context=True)
def page_address(context, key):
    """The address of the published page with this key in the visitor's
    language, or "" when it is not online."""
    from pages.tree import PageTree

    request = context.get("request")
    node = PageTree.for_request(request).get(key) if request is not None else None
    return node.url(context.get("current_language")) if node is not None else ""
