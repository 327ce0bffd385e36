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
    "our pages and [text](instituut:key) to an institute; "
    "*word*{lang=fr} marks a word in another language. "
    "HTML and scripts are removed."
)

PAGE_SCHEME = "pagina"
INSTITUTE_SCHEME = "instituut"

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote",
    "br", "hr", "abbr", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
    "span",
}  # fmt: skip
# Any element may say which language it is in (WCAG 3.1.2).
ALLOWED_ATTRIBUTES = {
    **{tag: {"lang"} for tag in ALLOWED_TAGS},
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title", "lang"},
    "th": {"scope", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", PAGE_SCHEME, INSTITUTE_SCHEME}
# A language tag as BCP 47 writes it: "nl", "fr-BE", "de-CH".
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# The page title is the only h1; headings in the body stay between h2 and h4.
_HEADING = re.compile(r"<(/?)h([1-6])\b")
INTERNAL_LINK = re.compile(
    rf'<a href="({PAGE_SCHEME}|{INSTITUTE_SCHEME}):([^"]*)"([^>]*)>(.*?)</a>', re.S
)
# A raw HTML tag or comment in the Markdown: "<div>", "</td>", "<!--".
RAW_HTML = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>|!--)")
MARKDOWN_LINK = re.compile(rf"\]\(({PAGE_SCHEME}|{INSTITUTE_SCHEME}):([^)\s]+)\)")


def _clamp_heading(match):
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}"


def _filter_attribute(tag, attribute, value):
    if attribute in {"lang", "hreflang"}:
        return value if LANGUAGE_TAG.match(value) else None
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
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,
    )


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


def raw_html_tags(text):
    """The HTML tags written in a Markdown text, outside code, in order."""
    # Code spans and fenced or indented code show tags as text: leave them out.
    text = re.sub(r"`[^`]*`", "", text or "")
    text = re.sub(r"(?m)^(?: {4}|\t).*$", "", text)
    found = []
    for match in RAW_HTML.finditer(text):
        tag = f"<{match.group(1) or '!--'}>"
        if tag not in found:
            found.append(tag)
    return found


def linked_keys(text):
    """The pages and institutes a text links to: {"pagina": {...}, ...}."""
    found = {PAGE_SCHEME: set(), INSTITUTE_SCHEME: set()}
    for scheme, key in MARKDOWN_LINK.findall(text or ""):
        found[scheme].add(key)
    return found


def resolve_links(body_html, page_url, institute_url):
    """The HTML with internal links pointing at current addresses.

    `page_url(key)` and `institute_url(key)` give an address or None; a link
    to something that is not online (any more) becomes its plain text.
    """

    def replace(match):
        scheme, key, rest, label = match.groups()
        lookup = page_url if scheme == PAGE_SCHEME else institute_url
        url = lookup(html.unescape(key))
        if url is None:
            return f"<span{rest}>{label}</span>" if rest.strip() else label
        return f'<a href="{html.escape(url)}"{rest}>{label}</a>'

    return mark_safe(INTERNAL_LINK.sub(replace, body_html))  # noqa: S308 - our own HTML
