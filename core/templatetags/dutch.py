"""Dutch names in text of another language, marked (see core.dutch)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from core.dutch import mark_dutch
from core.languages import default_language

register = template.Library()


@register.filter
def in_dutch(value):
    """A name that is Dutch in every language (an organisation's)."""
    if not value or get_language() == default_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', default_language(), value)


@register.filter
def dutch_part(value, dutch):
    """A translated text that holds the Dutch name `dutch` ("Afdeling Welzijn
    en Samenleving (Welfare and Society Division)"), with that part marked."""
    return mark_dutch(value, [dutch], get_language())


@register.filter
def dutch_names(value, names):
    """A text in the visitor's language with the given names (a list) and
    the site's Dutch words marked: an institute's description."""
    return mark_dutch(value, names, get_language())
