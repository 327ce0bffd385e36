"""What a screen reader announces, read from Chromium's accessibility tree,
in each language (WCAG 1.3.1, 2.4.6, 3.3.1, 4.1.2 and 4.1.3).

The expected names come from the translation catalogues, so a missing or
lost translation fails here as well; the Dutch breadcrumb name is spelled
out as a check on the catalogue itself.
"""

import re

import pytest
from django.utils.translation import get_language_info, override
from playwright.sync_api import expect

from institutes.forms import FinderForm
from tests.browsing import exactly
from tests.site import (
    FONT_SIZES,
    LANGUAGES,
    path_of_kind,
    size_announcement,
    size_label,
    translated,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_roles_and_states(open_page, language):
    site = open_page(path_of_kind("content page", language))
    site_name = "{} {}".format(
        translated(language, "Community development"),
        translated(language, "Flemish government"),
    )
    expect(site.header.get_by_role("link", name=exactly(site_name))).to_have_count(1)

    # The switch: a named group of toggle buttons, one pressed. The tick that
    # marks the pressed one is not part of its name.
    expect(site.font_sizes).to_have_count(1)
    expect(site.font_sizes.get_by_role("button")).to_have_count(len(FONT_SIZES))
    for size in FONT_SIZES:
        expect(
            site.font_sizes.get_by_role(
                "button",
                name=exactly(size_label(size, language)),
                pressed=size == "normal",
            )
        ).to_have_count(1)

    # The language switcher: the other languages as links, each in its own
    # language; the current one marked as such.
    expect(site.language_menu).to_have_count(1)
    for code in LANGUAGES:
        name = get_language_info(code)["name_local"]
        link = site.language_menu.get_by_role("link", name=exactly(name))
        if code == language:
            current = site.language_menu.locator("[aria-current='true']")
            expect(current).to_have_text(name)
            expect(current).to_have_attribute("lang", code)
            expect(link).to_have_count(0)
        else:
            expect(link).to_have_attribute("lang", code)
            expect(link).to_have_attribute("hreflang", code)

    expect(site.main_menu).to_have_count(1)


def test_dutch_breadcrumb_is_called_u_bent_hier(open_page):
    site = open_page(path_of_kind("content page", "nl"))
    expect(site.page.get_by_role("navigation", name="U bent hier:")).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_breadcrumb_is_a_named_navigation_ending_at_the_current_page(
    open_page, language
):
    site = open_page(path_of_kind("institute detail", language))
    breadcrumb = site.breadcrumb
    expect(breadcrumb).to_have_count(1)
    expect(breadcrumb.get_by_role("list")).to_have_count(1)
    items = breadcrumb.get_by_role("listitem")
    assert items.count() >= 3
    current = breadcrumb.locator("[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_text(site.heading.inner_text())
    # Every step before the current page is a link.
    expect(breadcrumb.get_by_role("link")).to_have_count(items.count() - 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_size_change_is_announced_in_a_status_message(open_page, language):
    site = open_page(path_of_kind("home", language))
    expect(site.status).to_have_count(1)
    expect(site.status).to_have_text("")
    for size in [*FONT_SIZES[1:], FONT_SIZES[0]]:
        site.choose_font_size(size)
        expect(site.status).to_have_text(size_announcement(size, language))
        expect(
            site.font_sizes.get_by_role(
                "button", name=exactly(size_label(size, language)), pressed=True
            )
        ).to_have_count(1)
        expect(site.font_sizes.get_by_role("button", pressed=True)).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_postcode_error_is_an_alert_and_describes_the_field(open_page, language):
    with override(language):
        error = str(FinderForm({"q": "12"}).errors["q"][0])
    site = open_page(path_of_kind("finder error", language))
    alert = site.error_summary
    expect(alert).to_have_count(1)
    expect(alert).to_be_focused()
    expect(alert).to_have_accessible_name(
        exactly(translated(language, "There is a problem"))
    )
    expect(alert.get_by_role("link", name=exactly(error))).to_have_attribute(
        "href", "#id_q"
    )
    field = site.postcode_field
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
    expect(site.page).to_have_title(
        re.compile("^" + re.escape(translated(language, "Error:")))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_finder_answer_is_a_named_region(open_page, language):
    site = open_page(path_of_kind("finder answer", language))
    # The place in the visitor's language where Statbel gives it.
    region = site.answer_for("9040: Gand" if language == "fr" else "9040: Gent")
    expect(region).to_have_count(1)
    expect(region.get_by_role("link").first).to_be_visible()
    expect(site.postcode_field).to_have_value("9040")
    expect(site.postcode_field).not_to_have_attribute("aria-invalid", "true")
    expect(site.error_summary).to_have_count(0)
