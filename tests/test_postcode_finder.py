import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from institutes.finder import first_rule
from institutes.models import Institute, Region
from institutes.published import rules_in_order
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db

BRUSSEL = "SAAMO Brussel"
ANTWERPEN_STAD = "SAAMO Antwerpen"
ANTWERPEN_PROVINCIE = "SAAMO Provincie Antwerpen"
GENT = "SAAMO Gent"
OOST_VLAANDEREN = "SAAMO Oost-Vlaanderen"
VLAAMS_BRABANT = "SAAMO Vlaams-Brabant"
LIMBURG = "SAAMO Limburg"
WEST_VLAANDEREN = "SAAMO West-Vlaanderen"
SUPPORT = "SAM"
WALLONIA = None

ANSWERS = {
    "1000": (BRUSSEL, "in het Brussels Hoofdstedelijk Gewest"),
    "1080": (BRUSSEL, "in het Brussels Hoofdstedelijk Gewest"),
    "1210": (BRUSSEL, "in het Brussels Hoofdstedelijk Gewest"),
    "2000": (ANTWERPEN_STAD, "in de stad Antwerpen"),
    "2018": (ANTWERPEN_STAD, "in de stad Antwerpen"),
    "2100": (ANTWERPEN_STAD, "in de stad Antwerpen"),
    "2150": (ANTWERPEN_STAD, "in de stad Antwerpen"),
    "2660": (ANTWERPEN_STAD, "in de stad Antwerpen"),
    "2070": (OOST_VLAANDEREN, "in de provincie Oost-Vlaanderen"),
    "2800": (ANTWERPEN_PROVINCIE, "in de provincie Antwerpen"),
    "2300": (ANTWERPEN_PROVINCIE, "in de provincie Antwerpen"),
    "9000": (GENT, "in de stad Gent"),
    "9040": (GENT, "in de stad Gent"),
    "9052": (GENT, "in de stad Gent"),
    "9300": (OOST_VLAANDEREN, "in de provincie Oost-Vlaanderen"),
    "9100": (OOST_VLAANDEREN, "in de provincie Oost-Vlaanderen"),
    "3000": (VLAAMS_BRABANT, "in de provincie Vlaams-Brabant"),
    "1500": (VLAAMS_BRABANT, "in de provincie Vlaams-Brabant"),
    "1930": (VLAAMS_BRABANT, "in de provincie Vlaams-Brabant"),
    "3500": (LIMBURG, "in de provincie Limburg"),
    "3600": (LIMBURG, "in de provincie Limburg"),
    "3790": (LIMBURG, "in de provincie Limburg"),
    "8000": (WEST_VLAANDEREN, "in de provincie West-Vlaanderen"),
    "8500": (WEST_VLAANDEREN, "in de provincie West-Vlaanderen"),
    "1300": (WALLONIA, "in Wallonië"),
    "4000": (WALLONIA, "in Wallonië"),
    "5000": (WALLONIA, "in Wallonië"),
    "6000": (WALLONIA, "in Wallonië"),
    "7000": (WALLONIA, "in Wallonië"),
}
REGIONAL = {name for name, _locative in ANSWERS.values() if name}


def finder_url(language="nl"):
    with translation.override(language):
        return reverse("institutes:finder")


def answer_section(response):
    text = response.content.decode()
    match = re.search(r'<section class="finder-answer".*?</section>', text, re.S)
    assert match, "no answer on the page"
    return html.unescape(match.group(0))


def text_of(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.mark.parametrize(("postcode", "expected"), ANSWERS.items())
def test_answer_names_the_institute_that_serves_the_postcode(
    client, content, postcode, expected
):
    institute, locative = expected
    response = client.get(finder_url(), {"postcode": postcode})
    assert response.status_code == 200
    section = answer_section(response)
    text = text_of(section)
    assert text.startswith(f"{postcode}: ") and f"{locative}." in text
    named = {name for name in REGIONAL if f">{name}" in section}
    if institute is WALLONIA:
        assert named == set()
        assert "Daar werkt geen regionaal instituut voor samenlevingsopbouw" in text
        # Wallonia's own route is offered instead.
        assert "bel 1718" in text
    else:
        assert named == {institute}
        # The support organisation is no help desk: never offered as a route.
        assert SUPPORT not in text
        # Without a phone or e-mail of its own, its website and 1700 are.
        direct = Institute.objects.get(name=institute).has_direct_contact
        assert ("bel 1700" in text) is not direct


def test_answer_links_to_the_institute_page(client, content):
    response = client.get(finder_url(), {"postcode": "9040"})
    gent = Institute.objects.get(key="gent")
    assert f'href="{gent.get_absolute_url("nl")}"' in response.content.decode()


def test_answer_gives_the_reason_from_the_rule(client, content):
    text = text_of(answer_section(client.get(finder_url(), {"postcode": "2070"})))
    assert "Beveren-Kruibeke-Zwijndrecht" in text
    text = text_of(answer_section(client.get(finder_url(), {"postcode": "2150"})))
    assert "Borsbeek" in text


def test_the_answer_has_its_own_address_in_every_language(client, content):
    response = client.get(finder_url(), {"postcode": "9040"})
    page = response.content.decode()
    for code in ("fr", "en", "de"):
        assert f'href="{finder_url(code)}?q=9040"' in page


def test_every_postcode_has_exactly_one_answer(content):
    rules = rules_in_order()
    regional = {}
    for institute in (
        Institute.objects.filter(published_versions__isnull=False)
        .distinct()
        .filter(kind="regional")
    ):
        regional.setdefault(institute.region_id, []).append(institute)
    unanswered, ambiguous = [], []
    for code in range(1000, 10000):
        rule = first_rule(code, rules)
        if rule is None:
            unanswered.append(code)
        elif rule.region.kind == Region.Kind.OUTSIDE:
            assert rule.region.key == "wallonie"
        elif len(regional.get(rule.region_id, [])) != 1:
            ambiguous.append(code)
    assert unanswered == []
    assert ambiguous == []


def test_the_rules_are_data_an_editor_can_change(client, content):
    # When a municipality merges, a postcode moves without a deploy.
    from institutes.models import PostcodeRule

    limburg = Region.objects.get(key="limburg")
    PostcodeRule.objects.create(order=1, postcodes="9300", region=limburg)
    section = answer_section(client.get(finder_url(), {"postcode": "9300"}))
    assert f">{LIMBURG}" in section


# Invalid input -------------------------------------------------------------

WRONG = "Enter a postcode of four digits or the name of a municipality."
INVALID = {
    "three digits": ("123", WRONG),
    "five digits": ("12345", WRONG),
    "empty": ("", "Enter a postcode or the name of a municipality."),
    "spaces only": ("   ", "Enter a postcode or the name of a municipality."),
    "punctuation only": ("-- ''", WRONG),
    "below 1000": ("0999", "Belgian postcodes run from 1000 to 9999."),
    "digits and letters": ("9000a", WRONG),
    "10,000 characters": ("9" * 10_000, WRONG),
    "arabic-indic digits": ("٩٠٠٠", WRONG),
}


def assert_error_tied_to_field(page, message):
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', page, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(0)
    assert 'tabindex="-1"' in summary.group(0)
    assert "<h2" in summary.group(0)
    assert f'<a href="#id_q">{html.escape(message)}</a>' in summary.group(0)
    error = re.search(
        r'<span class="error-message" id="q-error">(.*?)</span>\s*<input',
        page,
        re.S,
    )
    assert error and html.escape(message) in error.group(1)
    field = re.search(r'<input [^>]*id="id_q"[^>]*>', page)
    assert 'aria-invalid="true"' in field.group(0)
    described = (
        re.search(r'aria-describedby="([^"]+)"', field.group(0)).group(1).split()
    )
    assert described == ["q-error", "q-hint"]
    assert 'id="q-hint"' in page
    return field.group(0)


@pytest.mark.parametrize(("value", "message"), INVALID.values(), ids=INVALID.keys())
def test_invalid_input_is_explained_at_the_field(client, content, value, message):
    response = client.get(finder_url("en"), {"q": value})
    assert response.status_code == 200
    page = response.content.decode()
    field = assert_error_tied_to_field(page, message)
    # What the visitor typed stays in the field, unless it is too long to be
    # a postcode or a name...
    shown = value if len(value) <= 100 else ""
    assert f'value="{html.escape(shown)}"' in field
    # ...but is never repeated anywhere else, however long it is.
    if value.strip():
        # (The font-size switch returns to the same address: that is not a
        # message, so it is left out of the count.)
        main = page.split('<main id="main"', 1)[1]
        assert main.count(html.escape(value)) == (1 if shown else 0)
        assert page.count(html.escape(value)) <= 2
    assert 'class="finder-answer"' not in page
    assert "<title>Error:" in page


def test_input_is_escaped(client, content):
    value = '"><script>alert(1)</script>'
    page = client.get(finder_url(), {"q": value}).content.decode()
    assert "<script>alert(1)" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


@pytest.mark.parametrize("value", [" 9000 ", "\t9000\n", "９０００", " ９０４０"])
def test_surrounding_spaces_and_full_width_digits_are_accepted(client, content, value):
    response = client.get(finder_url(), {"postcode": value})
    page = response.content.decode()
    assert 'class="error-summary"' not in page
    assert f'>{GENT} <span class="former-name">' in answer_section(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_are_in_the_visitors_language(client, content, language):
    response = client.get(finder_url(language), {"q": "12"})
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    with translation.override(language):
        message = translation.gettext(WRONG)
        label = translation.gettext("Postcode or municipality")
    assert_error_tied_to_field(page, message)
    assert f'<label for="id_q">{html.escape(label)}</label>' in page


def test_the_finder_without_a_question_shows_only_the_form(client, content):
    page = client.get(finder_url()).content.decode()
    assert 'id="id_q"' in page
    assert 'class="error-summary"' not in page
    assert "aria-invalid" not in page
    assert 'aria-describedby="q-hint"' in page


@pytest.mark.parametrize("key", ["home", "regional-institutes"])
def test_the_finder_form_is_on_the_home_and_regional_pages(client, content, key):
    from pages.models import Page

    page = Page.objects.get(key=key)
    with translation.override("nl"):
        html_text = client.get(page.get_absolute_url()).content.decode()
    assert f'action="{finder_url("nl")}#answer"' in html_text
    assert 'method="get"' in html_text
    assert 'name="q"' in html_text
    with translation.override("nl"):
        assert f'href="{reverse("institutes:list")}"' in html_text
