"""The header's search in a real browser: it works with JavaScript off, and
on a phone it opens from a link beside the menu."""

import re

import pytest
from playwright.sync_api import expect

from tests.browsing import exactly

pytestmark = pytest.mark.browser


def test_the_header_search_works_without_javascript(open_page, content):
    # The site's own content: on PostgreSQL the live server does not see what
    # a test adds inside its transaction.
    site = open_page("/nl/", javascript=False)
    form = site.header.get_by_role("search", name=exactly(site._("Search this site")))
    field = form.get_by_role("searchbox", name=exactly(site._("Search for")))
    field.fill("gemeenten")
    with site.page.expect_navigation():
        form.get_by_role("button", name=exactly(site._("Search"))).click()
    assert re.search(r"/nl/zoeken/\?q=gemeenten$", site.page.url)
    assert site.heading.inner_text() == site._("Search")
    results = site.page.get_by_role("main").get_by_role("listitem")
    assert results.count() >= 1
    assert (
        site.page.locator("main mark").first.inner_text().lower().startswith("gemeente")
    )
    # The field keeps what was searched for, to change it. (The accessibility
    # matrix checks results pages, with and without a hit, with axe-core.)
    assert field.input_value() == "gemeenten"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no script"])
def test_on_a_phone_the_search_opens_from_a_link_beside_the_menu(
    open_page, content, javascript
):
    site = open_page(
        "/nl/", javascript=javascript, width=320, height=568, font_size="largest"
    )
    field = site.header.get_by_role("searchbox", name=exactly(site._("Search for")))
    expect(field).to_be_hidden()
    site.header.get_by_role("link", name=exactly(site._("Search"))).click()
    expect(field).to_be_visible()
    if javascript:
        expect(field).to_be_focused()
    field.fill("gemeenten")
    with site.page.expect_navigation():
        field.press("Enter")
    assert site.heading.inner_text() == site._("Search")
