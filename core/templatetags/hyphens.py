"""Soft hyphens in what a template shows (see core.hyphenation).

`{{ item.title|hyphenate:item.lang }}` for a title or menu item in the
language of its element, `{% filter hyphenate %}...{% endfilter %}` around
a part of a template whose text is read (its tags and attributes, scripts
and form fields stay as they are). Never in <title>, an attribute or a
page's published body, which holds its soft hyphens already."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.hyphenation import hyphenate_html

register = template.Library()


@register.filter
def hyphenate(value, language=None):
    """`value` (text, or HTML) escaped, with soft hyphens in the long words
    of its text, in `language` (the page's language unless given)."""
    html = str(conditional_escape(value))
    language = language or get_language() or settings.LANGUAGE_CODE
    return mark_safe(hyphenate_html(html, language))  # noqa: S308
