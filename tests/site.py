"""What the site offers, as the tests need it: its languages, font sizes and
addresses. Everything here is derived from the settings and the content, so
that a language or size added to the site is tested without editing a list.
"""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override

from core import fontsize

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FONT_SIZES = list(fontsize.SIZES)

# The root font size each choice renders at, in CSS pixels.
ROOT_PX = {"normal": "16px", "larger": "20px", "largest": "24px"}
assert set(ROOT_PX) == set(FONT_SIZES), "give every font size its expected pixels"

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober "
    "november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre",
    "en": "January February March April May June July August September October "
    "November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober "
    "November Dezember",
}
assert set(MONTHS) == set(LANGUAGES), "give every language its month names"


def translated(language, text):
    """A message from the catalogues, as the site shows it in a language."""
    with override(language):
        return gettext(text)


def size_label(size, language):
    """The name of a font-size button in a language."""
    with override(language):
        return str(fontsize.SIZES[size][0])


def size_announcement(size, language):
    """What the page announces after a change to a size, in a language."""
    with override(language):
        return str(fontsize.SIZES[size][1])


# Addresses ------------------------------------------------------------------


def page_url_by_key(key, language):
    """The public address of a page from the content tree, by its key."""
    from pages.tree import PageTree

    return PageTree.load().by_key[key].url(language)


def page_title_by_key(key, language):
    from pages.tree import PageTree

    return PageTree.load().by_key[key].title(language)


def institutes_url(name, language, **query):
    with override(language):
        address = reverse(f"institutes:{name}")
    return address + ("?" + urlencode(query) if query else "")


def finder_url(language, postcode):
    return institutes_url("finder", language, postcode=postcode)


def not_found_url(language):
    return f"/{language}/bestaat-niet/"


def sitemap_paths(xml):
    """The paths of every address in a sitemap.xml."""
    return [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]


def search_url(language, query):
    with override(language):
        return reverse("search:results") + "?" + urlencode({"q": query})


def pages_outside_the_sitemap(language):
    """Public pages the sitemap does not list: the finder's answer and error,
    search results with and without a hit, and the page for an address that
    does not exist."""
    return [
        finder_url(language, "9040"),
        finder_url(language, "12"),
        search_url(language, "samenlevingsopbouw"),
        search_url(language, "qwxzyv"),
        not_found_url(language),
    ]


def public_paths(sitemap_xml):
    """Every public page in every language: the sitemap and the rest."""
    paths = sitemap_paths(sitemap_xml)
    for language in LANGUAGES:
        paths += pages_outside_the_sitemap(language)
    return paths


def expected_status(path):
    return 404 if "bestaat-niet" in path else 200


KINDS_OF_PAGE = [
    "home",
    "content page",
    "institutes list",
    "institute detail",
    "finder answer",
    "finder error",
    "search results",
    "not found",
]


def path_of_kind(kind, language="nl"):
    """One address for each kind of page the site has."""
    from institutes.models import Institute

    if kind == "home":
        return page_url_by_key("home", language)
    if kind == "content page":
        return page_url_by_key("regional-institutes", language)
    if kind == "institutes list":
        return institutes_url("list", language)
    if kind == "institute detail":
        institute = (
            Institute.objects.filter(published_versions__isnull=False)
            .distinct()
            .order_by("pk")
            .first()
        )
        return institute.get_absolute_url(language)
    if kind == "finder answer":
        return finder_url(language, "9040")
    if kind == "finder error":
        return finder_url(language, "12")
    if kind == "search results":
        return search_url(language, "samenlevingsopbouw")
    if kind == "not found":
        return not_found_url(language)
    raise ValueError(kind)
