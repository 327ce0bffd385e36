"""Reading the server's HTML in client tests, without depending on how it is
serialised (attribute order, quotes, white space): Django's own HTML parser,
as assertInHTML uses it."""

from django.test.html import Element, parse_html


def find(html, tag, **attributes):
    """Every <tag> in the HTML (a string or a found element) that has at least
    these attributes; `class_` matches one of the element's classes."""
    wanted = {name.rstrip("_").replace("_", "-"): v for name, v in attributes.items()}
    root = parse_html(html) if isinstance(html, str) else html
    found = []

    def matches(element):
        present = dict(element.attributes)
        for name, value in wanted.items():
            if name == "class":
                if value not in (present.get("class") or "").split():
                    return False
            elif present.get(name, False) != value:
                return False
        return True

    def walk(node):
        if isinstance(node, Element):
            if node.name == tag and matches(node):
                found.append(node)
            for child in node.children:
                walk(child)

    walk(root)
    return found


def one(html, tag, **attributes):
    """The only <tag> with these attributes; fails if there is not exactly one."""
    found = find(html, tag, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag} {attributes}> elements"
    return found[0]


def attrs(element):
    return dict(element.attributes)


def text(element):
    """The text of an element, white space collapsed."""
    parts = []

    def walk(node):
        if isinstance(node, Element):
            for child in node.children:
                walk(child)
        else:
            parts.append(str(node))

    walk(element)
    return " ".join(" ".join(parts).split())


def part(html, tag):
    """The first <tag>...</tag> of a page as text (for elements that do not nest)."""
    start = html.index(f"<{tag}")
    end = html.index(f"</{tag}>", start) + len(f"</{tag}>")
    return html[start:end]


def as_seen(html):
    """A page's text as a visitor reads it: without the soft hyphens and
    <wbr> break points that mark where long words and addresses may break."""
    return html.replace("\u00ad", "").replace("<wbr>", "")
