"""Dutch names inside text in another language, marked as Dutch (WCAG 3.1.2),
so that a screen reader reads them, and the browser hyphenates them, as
Dutch: "Samenlevingsopbouw" breaks as "Samenlevings-opbouw", not as
"Samenleving-sopbouw".

The names are the organisations' (an institute's name and former name, the
division's Dutch name) and the Dutch words that the texts in every language
use as they are, for the search results' passages, which are plain text."""

import re
from functools import lru_cache

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from .languages import default_language

DUTCH_WORDS = (
    "Samenlevingsopbouw",
    "SAAMO",
    "Steunpunt Mens en Samenleving",
    "afdeling Welzijn en Samenleving",
    "Vlaamse Ombudsdienst",
    "maatschappelijk opbouwwerk",
    "opbouwwerkers",
    "buurtwerkers",
    "bestuursdecreet",
)
# A word of a name, as search marks it: "<mark>SAAMO</mark>".
_MARKED = r"(?:<mark>)?{}(?:</mark>)?"


@lru_cache(maxsize=64)
def _pattern(names):
    parts = []
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        words = re.split(r"(\W+)", escape(name))
        parts.append(
            "".join(
                _MARKED.format(re.escape(word)) if i % 2 == 0 else re.escape(word)
                for i, word in enumerate(words)
                if word
            )
        )
    # Whole words only, in any case ("samenlevingsopbouw" in running text).
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


def mark_dutch(value, names, language):
    """`value` (text, or HTML whose text holds the names) escaped, with each
    of `names` and of DUTCH_WORDS in a <span lang="nl">, unless `language`,
    the language of the text around it, is Dutch itself."""
    html = conditional_escape(value)
    dutch = default_language()
    if language == dutch or not value:
        return html
    pattern = _pattern(tuple(sorted({*names, *DUTCH_WORDS})))
    marked = pattern.sub(
        lambda match: f'<span lang="{dutch}">{match.group(0)}</span>', html
    )
    return mark_safe(marked)  # noqa: S308 - made of escaped text and our tags
