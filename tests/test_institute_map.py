"""The map of the work areas, as the server renders it."""

import gzip
import re

import pytest
from django.urls import reverse
from django.utils import translation

from institutes.models import Institute
from places.geography import geometry
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db

AREAS = {
    "antwerpen-provincie",
    "limburg",
    "oost-vlaanderen",
    "vlaams-brabant",
    "west-vlaanderen",
    "brussel",
}
CITIES = {"antwerpen-stad", "gent"}
MAX_COMPRESSED = 40 * 1024


def url(name, language="nl"):
    with translation.override(language):
        return reverse(f"institutes:{name}")


def svg_of(response):
    page = response.content.decode()
    match = re.search(r"<svg .*?</svg>", page, re.S)
    assert match, "no map on the page"
    return match.group(0)


def test_the_geometry_has_the_areas_and_the_cities_as_points():
    data = geometry()
    assert set(data["areas"]) == AREAS
    assert all(path.startswith("M") for path in data["areas"].values())
    # Antwerpen and Gent are points for a symbol, never an outline.
    assert set(data["cities"]) == CITIES
    assert all(len(point) == 2 for point in data["cities"].values())
    # A marker for every municipality of Flanders and Brussels (300).
    assert len(data["places"]) == 304


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_area_and_city_links_to_its_institute_by_name(client, content, language):
    svg = svg_of(client.get(url("list", language)))
    links = re.findall(
        r'<a href="([^"]+)" class="work-map__link[^"]*" aria-label="([^"]+)"', svg
    )
    assert len(links) == 8
    regional = Institute.objects.filter(kind="regional")
    assert {href for href, _label in links} == {
        institute.get_absolute_url(language) for institute in regional
    }
    limburg = next(label for href, label in links if "limburg" in href)
    with translation.override(language):
        formerly = translation.gettext("formerly %(name)s") % {"name": "RIMO Limburg"}
    assert limburg.startswith(f"SAAMO Limburg ({formerly}): ")
    # The cities, and Brussels (too small an outline to point at on a
    # phone), are circles with their own link.
    assert svg.count('class="work-map__city"') == 3


def test_the_map_is_small_and_needs_nothing_from_elsewhere(client, content):
    response = client.get(url("finder"), {"q": "9040"})
    svg = svg_of(response)
    assert len(gzip.compress(svg.encode())) <= MAX_COMPRESSED
    assert len(gzip.compress(response.content)) <= MAX_COMPRESSED + 10 * 1024
    # CSP: no inline style or script, no other origin.
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    assert "http" not in svg.replace("http://www.w3.org", "")


def test_an_answer_highlights_its_area_and_marks_the_place(client, content):
    svg = svg_of(client.get(url("finder"), {"q": "Hasselt"}))
    current = re.findall(
        r'class="work-map__area work-map__area--([a-z-]+) work-map__area--current"', svg
    )
    assert current == ["limburg"]
    assert 'class="work-map__marker"' in svg
    label = re.search(r'aria-label="(SAAMO Limburg[^"]*)"', svg).group(1)
    assert label.endswith(", uw gebied")

    svg = svg_of(client.get(url("finder"), {"q": "Gent"}))
    assert "work-map__city work-map__city--current" in svg
    assert "work-map__area--current" not in svg


def test_the_caption_says_in_words_what_is_highlighted(client, content):
    page = client.get(url("finder"), {"q": "Hasselt"}).content.decode()
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", page, re.S).group(1)
    assert "Het gemarkeerde gebied is dat van uw antwoord." in caption
    assert "Het kruis toont ongeveer waar Hasselt ligt." in caption


def legend_of(page):
    """[(number, text)] of the map's legend."""
    legend = re.search(r'<ol class="work-map__legend".*?</ol>', page, re.S).group(0)
    return [
        (int(number), re.sub(r"<[^>]+>", "", rest).strip())
        for number, rest in re.findall(
            r'<span class="work-map__key" aria-hidden="true">(\d+)</span>(.*?)</li>',
            legend,
            re.S,
        )
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_area_is_named_in_the_legend_with_its_number_on_the_map(
    client, content, language
):
    for page in (
        client.get(url("list", language)).content.decode(),
        client.get(url("finder", language), {"q": "9100"}).content.decode(),
    ):
        legend = legend_of(page)
        assert [number for number, _text in legend] == list(range(1, 9))
        svg = svg_of_page(page)
        numbers = re.findall(r"<text [^>]*>(\d+)</text>", svg)
        assert sorted(map(int, numbers)) == list(range(1, 9))
        regional = Institute.objects.filter(kind="regional").select_related("region")
        texts = " ".join(text for _number, text in legend)
        for institute in regional:
            with translation.override(language):
                assert institute.name in texts
                assert institute.region.name in texts
        # Antwerpen and Gent are named in their own right.
        with translation.override(language):
            for key in ("antwerpen-stad", "gent"):
                region = Institute.objects.get(key=key).region
                assert any(text.endswith(region.name) for _n, text in legend)
        # Each caption says only what is there: the legend, not a list elsewhere.
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", page, re.S)
        legend_word = {
            "nl": "legenda",
            "fr": "légende",
            "en": "legend",
            "de": "Legende",
        }
        assert legend_word[language] in caption.group(1)
        assert "list on this page" not in caption.group(1)
        assert "lijst op deze pagina" not in caption.group(1)


def svg_of_page(page):
    return re.search(r"<svg .*?</svg>", page, re.S).group(0)


@pytest.mark.parametrize(
    ("query", "province", "city"),
    [("Sint-Niklaas", "oost-vlaanderen", "gent"),
     ("Mechelen", "antwerpen-provincie", "antwerpen-stad")],
)  # fmt: skip
def test_a_highlighted_province_leaves_out_its_city(
    client, content, query, province, city
):
    page = client.get(url("finder"), {"q": query}).content.decode()
    svg = svg_of_page(page)
    current = re.findall(r"work-map__(?:area|city) [^\"]*--current", svg)
    assert len(current) == 1 and province in current[0]
    # The city's circle is drawn over the province, not highlighted.
    assert "work-map__city work-map__city--current" not in svg
    city_name = Institute.objects.get(key=city).region.name
    (text,) = [text for _n, text in legend_of(page) if "uw gebied" in text]
    assert f"behalve {city_name}" in text
    assert "(uw gebied)" in text


def test_without_an_answer_or_outside_flanders_nothing_is_highlighted(client, content):
    for query in ({}, {"q": "Liège"}, {"q": "1999"}):
        svg = svg_of(client.get(url("finder"), query))
        assert "--current" not in svg
        assert "work-map__marker" not in svg
