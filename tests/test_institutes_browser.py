"""The institutes in a real browser: axe-core at every font size, and the
postcode finder's error summary taking focus and being announced."""

import pytest
from django.urls import reverse
from django.utils import translation

from institutes.models import Institute
from tests.a11y import axe_violations
from tests.conftest import FONT_SIZES

pytestmark = pytest.mark.browser


def finder_path(language="nl"):
    with translation.override(language):
        return reverse("institutes:finder")


def list_path(language="nl"):
    with translation.override(language):
        return reverse("institutes:list")


def open_at_size(new_page, site, size, **options):
    page = new_page(**options)
    page.context.add_cookies(
        [{"name": "lettergrootte", "value": size, "url": site.url}]
    )
    return page


@pytest.mark.parametrize("size", FONT_SIZES)
def test_institute_pages_have_no_axe_violations(new_page, site, size):
    page = open_at_size(new_page, site, size)
    brussel = Institute.objects.get(key="brussel").get_absolute_url("nl")
    paths = {
        "list": list_path(),
        "detail": brussel,
        "answer": finder_path() + "?postcode=9040",
        "wallonia": finder_path() + "?postcode=1300",
        "error": finder_path() + "?postcode=12",
    }
    for name, path in paths.items():
        page.goto(path)
        assert page.evaluate("document.documentElement.className") == f"fs-{size}"
        assert page.locator("h1").count() == 1, name
        assert axe_violations(page) == [], name


@pytest.mark.parametrize("size", FONT_SIZES)
def test_error_summary_takes_focus_and_is_announced(new_page, site, size):
    page = open_at_size(new_page, site, size)
    page.goto(finder_path("en"))
    page.fill("#id_q", "12")
    page.press("#id_q", "Enter")
    page.wait_for_selector(".error-summary")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('error-summary')"
    )
    assert "Enter a postcode of four digits" in summary.inner_text()
    # The link in the summary leads to the field, which keeps the input.
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_q"
    assert page.input_value("#id_q") == "12"
    field = page.locator("#id_q")
    assert field.get_attribute("aria-invalid") == "true"
    description = page.evaluate(
        "document.getElementById('id_q').getAttribute('aria-describedby')"
        ".split(' ').map(id => document.getElementById(id).textContent.trim())"
    )
    assert any("Enter a postcode of four digits" in text for text in description)
    assert any("For example 9040" in text for text in description)


def test_the_finder_works_without_javascript(new_page, site):
    page = new_page(javascript=False)
    page.goto("/nl/")
    page.fill("#id_q", "9040")
    page.click(".finder button[type=submit]")
    page.wait_for_selector(".finder-answer")
    assert "q=9040" in page.url
    assert "Samenlevingsopbouw Gent" in page.locator(".finder-answer").inner_text()


@pytest.mark.parametrize("size", FONT_SIZES)
def test_institute_content_reflows_at_320_pixels(new_page, site, size):
    page = open_at_size(new_page, site, size, width=320, height=640)
    brussel = Institute.objects.get(key="brussel").get_absolute_url("nl")
    for path in [
        list_path(),
        brussel,
        finder_path() + "?postcode=9040",
        finder_path() + "?postcode=" + "9" * 200,
    ]:
        page.goto(path)
        overflowing = page.evaluate(
            "[...document.querySelectorAll('main *')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".map(e => e.tagName + '.' + e.className)"
        )
        assert overflowing == [], path
