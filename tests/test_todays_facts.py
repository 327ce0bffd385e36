"""What visitors read is today's: no outdated contact on any page in any
language, and help for a problem of one's own is one link from every
answer."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from institutes.models import Institute
from pages.tree import PageTree
from tests.site import LANGUAGES, page_url_by_key

pytestmark = pytest.mark.django_db

# Contacts that are no longer right (of 2014 and 2015, or from before the
# Departement Zorg), as written and as dialled.
OUTDATED = [
    "Vooruitgangstraat",
    "201 05 65",
    "+3222010565",
    "Henegouwenkaai",
    "203 34 24",
    "+3222033424",
    "265 84 70",
    "+3292658470",
    "Torhoutsesteenweg",
    "Koning Albert II-laan",
    "553 33 30",
    "+3225533330",
]

ANSWERS = ["9000", "1000", "2100 Deurne", "Hasselt", "Sint-Niklaas", "Liège", "Eupen"]


def every_public_address():
    tree = PageTree.load()
    for language in LANGUAGES:
        for node in tree.visible:
            yield node.url(language)
        with translation.override(language):
            finder = reverse("institutes:finder")
            yield reverse("institutes:list")
            yield reverse("institutes:open_data")
            yield reverse("institutes:open_data_json")
            yield reverse("institutes:open_data_csv")
            yield from (f"{finder}?q={query}" for query in ANSWERS)
        for institute in Institute.objects.all():
            yield institute.get_absolute_url(language)


def test_no_page_in_any_language_shows_an_outdated_contact(client, content):
    found = []
    addresses = list(every_public_address())
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        found += [(address, old) for old in OUTDATED if old in text]
    assert found == []
    assert len(addresses) > 100


def help_link(html):
    match = re.search(r'<p class="help-link"><a href="([^"]+)">', html)
    assert match, "no link to the help page"
    return match.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_page_is_reached_from_an_answer(client, content, language):
    with translation.override(language):
        finder = reverse("institutes:finder")
    answer = client.get(finder, {"q": "Gent"}).content.decode()
    address = help_link(answer)
    assert address == page_url_by_key("help", language)
    text = client.get(address).content.decode()
    for route in ("OCMW", "CAW", "caw.be", "106", "1712", "1700", "1718", "CPAS"):
        assert route in text, (language, route)


def test_the_home_page_and_a_search_without_results_lead_to_help(client, content):
    help_page = page_url_by_key("help", "nl")
    assert help_link(client.get(page_url_by_key("home", "nl")).content.decode()) == (
        help_page
    )
    with translation.override("nl"):
        search = reverse("search:results")
    nothing = client.get(search, {"q": "qwxyzzy"}).content.decode()
    assert help_link(nothing) == help_page
