from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def language_links(urls):
    """Links to the same content in each language, from {code: url}."""
    links = []
    for code, _name in settings.LANGUAGES:
        if code in urls:
            info = get_language_info(code)
            links.append({"code": code, "name": info["name_local"], "url": urls[code]})
    return links


def alternates_for_path(path):
    """The same URL in every language, for views whose paths are not translated."""
    return language_links(
        {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    )
