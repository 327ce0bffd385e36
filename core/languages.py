"""The site's languages, all taken from settings.LANGUAGES.

The first language is the default: what a text falls back to when it has no
translation, and what every translated field must have.
"""

import functools

from django.conf import settings
from django.middleware import locale
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_info

from .security import ADMIN_PREFIX


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


class AdminLanguageMiddleware:
    """The admin speaks Dutch unless the editor chose another language.

    LocaleMiddleware would follow the browser's Accept-Language on URLs
    without a language prefix; editors work in Dutch by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            available = {code for code, _name in settings.LANGUAGES}
            language = chosen if chosen in available else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def _without_language(path):
    """Paths that never carry a language: static files, the admin, the
    sitemap and the site-wide files."""
    return path.startswith(
        (settings.STATIC_URL, ADMIN_PREFIX, "/sitemap.xml", "/.well-known/")
    )


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that only `/` is sent on to a language's home page.
    Any other address without a language (`/.env`, `/wp-login.php`, a
    missing static file or admin path) is a plain 404, not first a redirect
    to `/nl/...`: the page tree would take any path under a language."""

    def process_response(self, request, response):
        path = request.path_info
        if response.status_code == 404 and (
            _without_language(path)
            or (path != "/" and not translation.get_language_from_path(path))
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
