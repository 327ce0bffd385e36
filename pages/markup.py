"""The page body: Markdown in, sanitised HTML out.

Links to our own pages and institutes are written by key (or number), not by
address: ``[Regelgeving](pagina:regulation)``, ``[SAAMO Gent](instituut:gent)``.
The stored HTML keeps them as such; `resolve_links` turns them into the
address in the visitor's language when the page is served, so that they
follow every rename and move.
"""

import html
import re
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MARKDOWN_HELP = _(
    "Plain text with Markdown: an empty line starts a new paragraph; "
    "“## ” starts a heading, “### ” a subheading; “- ” starts a list item; "
    "[text](https://address) makes a link, [text](pagina:key) a link to one of "
    "our pages, [text](instituut:key) to an institute and [text](document:key) "
    "to an uploaded document; ![](afbeelding:key) places an uploaded image; "
    "*word*{lang=fr} marks a word in another language. "
    "HTML and scripts are removed."
)

PAGE_SCHEME = "pagina"
INSTITUTE_SCHEME = "instituut"
# Uploaded files (pages.documents): a link to one, or an image placed.
DOCUMENT_SCHEME = "document"
IMAGE_SCHEME = "afbeelding"
KEY_SCHEMES = (PAGE_SCHEME, INSTITUTE_SCHEME, DOCUMENT_SCHEME, IMAGE_SCHEME)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote",
    "br", "hr", "abbr", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
    "span", "img",
}  # fmt: skip
# Any element may say which language it is in (WCAG 3.1.2).
ALLOWED_ATTRIBUTES = {
    **{tag: {"lang"} for tag in ALLOWED_TAGS},
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title", "lang"},
    "th": {"scope", "lang"},
    "img": {"src"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", *KEY_SCHEMES}
# A language tag as BCP 47 writes it: "nl", "fr-BE", "de-CH".
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# The page title is the only h1; headings in the body stay between h2 and h4.
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SCHEMES = "|".join(KEY_SCHEMES)
INTERNAL_LINK = re.compile(rf'<a href="({_SCHEMES}):([^"]*)"([^>]*)>(.*?)</a>', re.S)
# An image placed by key; its text alternative comes from the file's own.
PLACED_IMAGE = re.compile(rf'<img src="{IMAGE_SCHEME}:([^"]*)"\s*/?>')
# A raw HTML tag or comment in the Markdown: "<div>", "</td>", "<!--".
RAW_HTML = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>|!--)")
MARKDOWN_LINK = re.compile(rf"\]\(({_SCHEMES}):([^)\s]+)\)")


def _clamp_heading(match):
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}"


def _filter_attribute(tag, attribute, value):
    if attribute in {"lang", "hreflang"}:
        return value if LANGUAGE_TAG.match(value) else None
    if tag == "img" and attribute == "src":
        return value if value.startswith(f"{IMAGE_SCHEME}:") else None
    return value


def _markdown():
    """Markdown without raw HTML blocks: a tag is one inline element like any
    other, which nh3 then keeps or removes, so that an unclosed or nested
    block (`<div>` without `</div>`) can no longer turn the rest of the body
    into unformatted text."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "attr_list"], output_format="html"
    )
    md.preprocessors.deregister("html_block")
    return md


@lru_cache(maxsize=512)
def _render(text):
    html_text = _markdown().convert(text)
    html_text = _HEADING.sub(_clamp_heading, html_text)
    cleaned = nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,
    )
    # An image from elsewhere lost its address above: nothing to show.
    return re.sub(r"<img\s*/?>", "", cleaned)


# The body's marker for words in another language, "*word*{lang=nl}", in a
# one-line text too: an introduction, a link's label.
LANGUAGE_MARKER = re.compile(r"\*([^*\n]+)\*\{\s*lang=([A-Za-z0-9-]+)\s*\}")


def render_inline(text):
    """A one-line text, escaped, with each language marker as <em lang>."""
    parts, last = [], 0
    for match in LANGUAGE_MARKER.finditer(text or ""):
        words, language = match.groups()
        parts.append(html.escape(text[last : match.start()], quote=False))
        if LANGUAGE_TAG.match(language):
            parts.append(
                f'<em lang="{language}">{html.escape(words, quote=False)}</em>'
            )
        else:
            parts.append(html.escape(words, quote=False))
        last = match.end()
    parts.append(html.escape((text or "")[last:], quote=False))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def without_markers(text):
    """A one-line text as read: "*word*{lang=nl}" as "word"."""
    return LANGUAGE_MARKER.sub(r"\1", text or "")


def render_markdown(text):
    """Sanitised HTML; links to our pages and institutes still by key."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above


def _outside_code(text):
    """The text without code spans and indented code, which show Markdown
    and tags as they are written."""
    text = re.sub(r"`[^`]*`", "", text or "")
    return re.sub(r"(?m)^(?: {4}|\t).*$", "", text)


# An image, inline or by reference: "![a map](https://...)", "![a map][1]",
# except one of our own: "![](afbeelding:kaart)".
IMAGE = re.compile(rf"!\[[^\]]*\]\s*(?:\[|\((?!{IMAGE_SCHEME}:))")


def has_images(text):
    """Whether a Markdown text places an image from elsewhere (which the
    body never shows: only uploaded images are placed)."""
    return bool(IMAGE.search(_outside_code(text)))


def raw_html_tags(text):
    """The HTML tags written in a Markdown text, outside code, in order."""
    text = _outside_code(text)
    found = []
    for match in RAW_HTML.finditer(text):
        tag = f"<{match.group(1) or '!--'}>"
        if tag not in found:
            found.append(tag)
    return found


def linked_keys(text):
    """The pages and institutes a text links to: {"pagina": {...}, ...}."""
    found = {scheme: set() for scheme in KEY_SCHEMES}
    for scheme, key in MARKDOWN_LINK.findall(text or ""):
        found[scheme].add(key)
    return found


def resolve_links(body_html, page_url, institute_url, file_link=None, image=None):
    """The HTML with internal links pointing at current addresses.

    `page_url(key)` and `institute_url(key)` give an address or None; a link
    to something that is not online (any more) becomes its plain text.
    `file_link(key, label)` gives the link to an uploaded file and `image(key)`
    the <img> of an uploaded image (pages.documents.public), or None when gone:
    an image that is gone is left out.
    """
    lookups = {PAGE_SCHEME: page_url, INSTITUTE_SCHEME: institute_url}

    def replace(match):
        scheme, key, rest, label = match.groups()
        key = html.unescape(key)
        if scheme in (DOCUMENT_SCHEME, IMAGE_SCHEME):
            link = file_link(key, label, rest) if file_link else None
            if link is not None:
                return link
            url = None
        else:
            url = lookups[scheme](key)
        if url is None:
            return f"<span{rest}>{label}</span>" if rest.strip() else label
        return f'<a href="{html.escape(url)}"{rest}>{label}</a>'

    def place(match):
        placed = image(html.unescape(match.group(1))) if image else None
        return placed or ""

    body_html = INTERNAL_LINK.sub(replace, body_html)
    body_html = PLACED_IMAGE.sub(place, body_html)
    return mark_safe(body_html)  # noqa: S308 - our own HTML
