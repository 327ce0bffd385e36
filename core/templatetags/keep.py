"""{% keep "name" value ... %}...{% endkeep %}: a part of a page rendered once
while the published content stays as it is.

The part's HTML is kept by the process under its name, the active language
and the values given (core.pagecache.kept_fragment), and dropped the moment an
editor changes anything or a scheduled change comes due. The values must
therefore name everything the part shows that two requests in the same
language can see differently: the page it is on, the font size, a search
term. What depends only on published content needs no value.

A kept part gets its soft hyphens once, in the page's language (see
core.hyphenation): it must not sit inside an element with another lang, nor
inside one whose text stays as typed (a title, a textarea).

Editors, previews and sites without KEEP_PUBLISHED render the part every time.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import pagecache
from core.hyphenation import mark_hyphenated

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        language = get_language()
        key = (self.name, language, *(value.resolve(context) for value in self.values))
        return pagecache.kept_fragment(
            context.get("request"),
            key,
            lambda: self.nodelist.render(context),
            # Kept with its soft hyphens (samenleving.middleware.SoftHyphenMiddleware
            # then passes it by): safe HTML, as the template rendered it.
            lambda html: mark_safe(mark_hyphenated(html, language)),  # noqa: S308
        )


@register.tag
def keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a quoted name, then the values the part varies with"
        )
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]
    )


@register.filter
def as_key(value):
    """A value a part varies with, made usable as a key: lists and dicts (the
    language links, say) become tuples of what they hold."""
    if isinstance(value, dict):
        return tuple((key, as_key(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(as_key(item) for item in value)
    return value
