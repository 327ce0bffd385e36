"""axe-core finds nothing on any public page, in any language, size or width.

Every page in the sitemap (all four languages), the postcode finder with an
answer and with an error, the 404 page and the accessibility statement are
checked at each font size and at 1280 and 320 CSS pixels wide. Each page is
loaded once per size; the width changes by resizing the viewport, which
reflows the page as a reader's window would.
"""

import json
from pathlib import Path

import pytest

from institutes.models import Institute
from tests.a11y import (
    axe_check,
    finder_url,
    font_size_cookie,
    page_url_by_key,
    sitemap_paths,
)
from tests.conftest import FONT_SIZES, LANGUAGES

pytestmark = pytest.mark.browser

WIDTHS = [1280, 320]

# Rules switched off for the whole matrix, each with the reason beside it.
# None is needed: keep it that way, or write why next to the rule id.
RULES_OFF = {}

PAGE_KEYS = [
    entry["key"]
    for entry in json.loads(
        (
            Path(__file__).resolve().parent.parent / "pages/content/pages.json"
        ).read_text()
    )
]


def matrix_paths(page):
    """The sitemap plus the pages it does not list, in every language."""
    paths = sitemap_paths(page)
    for language in LANGUAGES:
        paths += [
            finder_url(language, "9040"),
            finder_url(language, "abc"),
            f"/{language}/bestaat-niet/",
        ]
    return paths


def expected_minimum():
    """Pages the content ships with, so an empty sitemap cannot pass."""
    per_language = (
        len(PAGE_KEYS)  # the page tree, statement included
        + 1  # the list of institutes
        + Institute.objects.published().count()
        + 3  # finder answer, finder error, 404
    )
    return per_language * len(LANGUAGES)


@pytest.mark.parametrize("size", FONT_SIZES)
def test_no_axe_violation_on_any_page_language_or_width(
    browser, site, size, record_property
):
    context = browser.new_context(
        base_url=site.url, viewport={"width": WIDTHS[0], "height": 900}
    )
    context.add_cookies([font_size_cookie(site.url, size)])
    page = context.new_page()
    try:
        paths = matrix_paths(page)
        for language in LANGUAGES:
            assert page_url_by_key("accessibility", language) in paths
        assert len(paths) >= expected_minimum()
        problems = []
        checked = 0
        for path in paths:
            response = page.goto(path)
            assert response.status == (404 if "bestaat-niet" in path else 200), path
            language = path.split("/")[1]
            assert page.locator("html").get_attribute("lang") == language, path
            # The server, not the script, renders the chosen size.
            assert f"fs-{size}" in page.locator("html").get_attribute("class")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                problems += [
                    f"{path} [{size}, {width} px]: {violation}"
                    for violation in axe_check(page, rules=RULES_OFF)
                ]
                checked += 1
    finally:
        context.close()
    record_property("combinations_checked", checked)
    print(f"axe matrix, size {size}: {checked} page x language x width combinations")
    assert problems == []
    assert checked == len(paths) * len(WIDTHS)
    assert checked >= expected_minimum() * len(WIDTHS)


def test_the_checker_reports_a_planted_violation(new_page):
    """A guard for the guard: a missing alt text must be caught."""
    page = new_page()
    page.goto("/nl/")
    assert axe_check(page) == []
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/none.png\">')"
    )
    assert any(v.startswith("image-alt") for v in axe_check(page))
