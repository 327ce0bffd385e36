"""The page body: Markdown in, sanitised HTML out."""

import re
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MARKDOWN_HELP = _(
    "Plain text with Markdown: an empty line starts a new paragraph; "
    "“## ” starts a heading, “### ” a subheading; “- ” starts a list item; "
    "[text](https://address) makes a link. HTML and scripts are removed."
)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote",
    "br", "hr", "abbr", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The page title is the only h1; headings in the body stay between h2 and h4.
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _clamp_heading(match):
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}"


@lru_cache(maxsize=512)
def _render(text):
    html = markdown.markdown(
        text, extensions=["tables", "sane_lists"], output_format="html"
    )
    html = _HEADING.sub(_clamp_heading, html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def render_markdown(text):
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above
