"""The site's languages, all taken from settings.LANGUAGES.

The first language is the default: what a text falls back to when it has no
translation, and what every translated field must have.
"""

import functools

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


def field_names(field):
    """A translated field's columns, one per language: ["title_nl", ...]."""
    return [f"{field}_{code}" for code in language_codes()]


def default_field(field):
    """The column of a translated field in the default language."""
    return f"{field}_{default_language()}"


def per_language(field, values):
    """{"nl": "Titel", ...} as model keyword arguments: {"title_nl": "Titel", ...}."""
    return {f"{field}_{code}": value for code, value in values.items()}


def with_fallback(texts, language=None):
    """(text, language) from {language: text}: the text in the language asked
    for (the active one by default) or, where it has none, in the default."""
    language = language or get_language()
    if texts.get(language):
        return texts[language], language
    default = default_language()
    return texts.get(default) or "", default


def text_language(texts, language=None):
    """The language of the text with_fallback gives: also the default where
    the translation is the default's text unchanged, as a name is
    ("Samenlevingsopbouw Vlaanderen" as a French title is Dutch)."""
    text, found = with_fallback(texts, language)
    default = default_language()
    return default if text and text == texts.get(default) else found


def language_links(urls):
    """Links to the same content in each language, from {code: url}."""
    links = []
    for code in language_codes():
        if code in urls:
            info = get_language_info(code)
            links.append({"code": code, "name": info["name_local"], "url": urls[code]})
    return links


def alternates_for_path(path):
    """The same URL in every language, for views whose paths are not translated."""
    # The path is read in the active language's URL patterns.
    return _alternates_for_path(path, get_language())


@functools.lru_cache(maxsize=1024)
def _alternates_for_path(path, language):
    return tuple(
        language_links({code: translate_url(path, code) for code in language_codes()})
    )
