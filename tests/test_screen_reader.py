"""What a screen reader announces, read from Chromium's accessibility tree,
in each language (WCAG 1.3.1, 2.4.6, 3.3.1, 4.1.2 and 4.1.3).

The expected names come from the translation catalogues, so a missing or
lost translation fails here as well; the Dutch breadcrumb name is spelled
out as a check on the catalogue itself.
"""

import re

import pytest
from django.utils.translation import get_language_info, gettext, override
from playwright.sync_api import expect

from institutes.forms import FinderForm
from samenleving import fontsize
from tests.a11y import path_of_kind
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser


def translated(language, text):
    with override(language):
        return gettext(text)


def size_labels(language):
    with override(language):
        return {
            value: (str(label), str(announcement))
            for value, (label, announcement) in fontsize.SIZES.items()
        }


def exactly(text):
    return re.compile(rf"^{re.escape(text)}$")


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_roles_and_states(new_page, language):
    page = new_page()
    page.goto(path_of_kind("content page", language))
    header = page.get_by_role("banner")
    site_name = "{} {}".format(
        translated(language, "Community development"),
        translated(language, "Flemish government"),
    )
    expect(header.get_by_role("link", name=exactly(site_name))).to_have_count(1)

    # The switch: a named group of three toggle buttons, one pressed. The
    # tick that marks the pressed one is not part of its name.
    group = header.get_by_role("group", name=exactly(translated(language, "Font size")))
    expect(group).to_have_count(1)
    labels = size_labels(language)
    expect(group.get_by_role("button")).to_have_count(3)
    expect(
        group.get_by_role("button", name=exactly(labels["normal"][0]), pressed=True)
    ).to_have_count(1)
    for size in ("larger", "largest"):
        expect(
            group.get_by_role("button", name=exactly(labels[size][0]), pressed=False)
        ).to_have_count(1)

    # The language switcher: the other languages as links, each in its own
    # language; the current one marked as such.
    languages = header.get_by_role(
        "navigation", name=exactly(translated(language, "Choose a language"))
    )
    expect(languages).to_have_count(1)
    for code in LANGUAGES:
        name = get_language_info(code)["name_local"]
        if code == language:
            current = languages.locator("[aria-current='true']")
            expect(current).to_have_text(name)
            expect(current).to_have_attribute("lang", code)
            expect(languages.get_by_role("link", name=exactly(name))).to_have_count(0)
        else:
            link = languages.get_by_role("link", name=exactly(name))
            expect(link).to_have_attribute("lang", code)
            expect(link).to_have_attribute("hreflang", code)

    expect(
        header.get_by_role(
            "navigation", name=exactly(translated(language, "Main menu"))
        )
    ).to_have_count(1)


def test_dutch_breadcrumb_is_called_u_bent_hier(new_page):
    page = new_page()
    page.goto(path_of_kind("content page", "nl"))
    expect(page.get_by_role("navigation", name="U bent hier:")).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_breadcrumb_is_a_named_navigation_ending_at_the_current_page(
    new_page, language
):
    page = new_page()
    page.goto(path_of_kind("institute detail", language))
    breadcrumb = page.get_by_role(
        "navigation", name=exactly(translated(language, "You are here:"))
    )
    expect(breadcrumb).to_have_count(1)
    expect(breadcrumb.get_by_role("list")).to_have_count(1)
    items = breadcrumb.get_by_role("listitem")
    assert items.count() >= 3
    current = breadcrumb.locator("[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_text(page.get_by_role("heading", level=1).inner_text())
    # Every step before the current page is a link.
    expect(breadcrumb.get_by_role("link")).to_have_count(items.count() - 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_size_change_is_announced_in_a_status_message(new_page, language):
    page = new_page()
    page.goto(path_of_kind("home", language))
    labels = size_labels(language)
    status = page.get_by_role("status")
    expect(status).to_have_count(1)
    expect(status).to_have_text("")
    group = page.get_by_role("group", name=exactly(translated(language, "Font size")))
    for size in ("larger", "largest", "normal"):
        group.get_by_role("button", name=exactly(labels[size][0])).click()
        expect(status).to_have_text(labels[size][1])
        expect(
            group.get_by_role("button", name=exactly(labels[size][0]), pressed=True)
        ).to_have_count(1)
        expect(group.get_by_role("button", pressed=True)).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_postcode_error_is_an_alert_and_describes_the_field(new_page, language):
    with override(language):
        form = FinderForm({"q": "12"})
        error = str(form.errors["q"][0])
    page = new_page()
    page.goto(path_of_kind("finder error", language))
    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_be_focused()
    expect(alert).to_have_accessible_name(
        exactly(translated(language, "There is a problem"))
    )
    expect(alert.get_by_role("link", name=exactly(error))).to_have_attribute(
        "href", "#id_q"
    )
    field = page.get_by_role(
        "textbox", name=exactly(translated(language, "Postcode or municipality"))
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    # The error is read with the field, before the hint.
    expect(field).to_have_accessible_description(
        exactly(
            "{} {} {}".format(
                translated(language, "Error:"),
                error,
                translated(language, "For example 9040, Gent or Sint-Niklaas."),
            )
        )
    )
    expect(page).to_have_title(
        re.compile("^" + re.escape(translated(language, "Error:")))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_finder_answer_is_a_named_region(new_page, language):
    page = new_page()
    page.goto(path_of_kind("finder answer", language))
    with override(language):
        # The place in the visitor's language where Statbel gives it.
        name = "9040: Gand" if language == "fr" else "9040: Gent"
    region = page.get_by_role("region", name=exactly(name))
    expect(region).to_have_count(1)
    expect(region.get_by_role("link").first).to_be_visible()
    field = page.get_by_role(
        "textbox", name=exactly(translated(language, "Postcode or municipality"))
    )
    expect(field).to_have_value("9040")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_have_count(0)
