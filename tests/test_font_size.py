import pytest

from tests.markup import attrs, find, one, text
from tests.site import FONT_SIZES, LANGUAGES, size_label, translated

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60


def rendered_size(html):
    """The size class on <html> and the sizes whose button is pressed."""
    pressed = [
        attrs(button)["value"]
        for button in find(html, "button", name="size")
        if attrs(button)["aria-pressed"] == "true"
    ]
    return attrs(one(html, "html"))["class"], pressed


@pytest.mark.parametrize("size", FONT_SIZES)
def test_choice_is_stored_for_a_year_and_returns_to_the_same_page(client, size):
    response = client.post(
        "/lettergrootte/", {"size": size, "next": "/fr/instituts-regionaux/?a=1&b=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/instituts-regionaux/?a=1&b=2"
    cookie = response.cookies["lettergrootte"]
    assert cookie.value == size
    assert cookie["max-age"] == YEAR
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("size", FONT_SIZES)
def test_page_is_rendered_at_the_chosen_size(client, size):
    client.cookies["lettergrootte"] = size
    html = client.get("/nl/").content.decode()
    assert rendered_size(html) == (f"fs-{size}", [size])
    assert [attrs(b)["value"] for b in find(html, "button", name="size")] == FONT_SIZES


def test_switch_is_a_labelled_group_of_buttons_in_the_page_language(client):
    # Spelled out once, as a check on the catalogues themselves.
    assert [size_label(size, "nl") for size in FONT_SIZES] == [
        "Normaal lettertype",
        "Groter lettertype",
        "Grootste lettertype",
    ]
    assert size_label("normal", "de") == "Normale Schriftgröße"
    for language in LANGUAGES:
        html = client.get(f"/{language}/").content.decode()
        group = one(html, "div", role="group")
        label = one(group, "span", id=attrs(group)["aria-labelledby"])
        assert text(label) == translated(language, "Font size")
        buttons = find(group, "button", name="size")
        # The name: the button's text less what is hidden from assistive
        # technology (the short label a narrow screen shows instead).
        labels = [text(one(b, "span", class_="font-size__long")) for b in buttons]
        assert labels == [size_label(size, language) for size in FONT_SIZES]
        for button, size in zip(buttons, FONT_SIZES, strict=True):
            short = one(button, "span", class_="font-size__short")
            assert attrs(short)["aria-hidden"] == "true"
            # What a narrow screen shows is part of the name (WCAG 2.5.3).
            assert text(short).lower() in size_label(size, language).lower()


@pytest.mark.parametrize(
    "value",
    ["huge", "", "LARGEST", "larger; normal", "x" * 5000, "%00", "larger\x00", "ñ"],
)
def test_unknown_stored_value_means_normal(client, value):
    client.cookies["lettergrootte"] = value
    response = client.get("/nl/")
    assert response.status_code == 200
    assert rendered_size(response.content.decode()) == ("fs-normal", ["normal"])


@pytest.mark.parametrize("size", ["huge", "", "x" * 10000, "larger\r\nSet-Cookie: a=b"])
def test_unknown_size_submitted_means_normal(client, size):
    response = client.post("/lettergrootte/", {"size": size, "next": "/nl/"})
    assert response.status_code == 302
    assert response.cookies["lettergrootte"].value == "normal"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/nl/",
        "https://evil.example",
        "http://evil.example/nl/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "/\\evil.example",
        "\\\\evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "https:evil.example",
        " //evil.example",
        "/nl/\r\nLocation: https://evil.example",
        "/nl/\nx",
        "data:text/html,hi",
        "",
        "nl/",
        "/" + "a" * 5000,
    ],
)
def test_offsite_or_malformed_return_target_sends_visitor_home(client, target):
    response = client.post("/lettergrootte/", {"size": "larger", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_return_target_home_is_in_the_visitors_language(client):
    response = client.post(
        "/lettergrootte/",
        {"size": "larger", "next": "//evil.example"},
        headers={"accept-language": "fr"},
    )
    assert response["Location"] == "/fr/"


def test_switch_answers_get_with_method_not_allowed(client):
    assert client.get("/lettergrootte/?size=larger").status_code == 405


def test_switch_works_without_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/lettergrootte/", {"size": "largest", "next": "/nl/"})
    assert response.status_code == 302


def test_overlong_address_returns_to_the_page_without_its_query(client):
    html = client.get("/nl/regelgeving/?q=" + "a" * 3000).content.decode()
    assert attrs(one(html, "input", name="next"))["value"] == "/nl/regelgeving/"
