import pytest

from tests.a11y import axe_violations

pytestmark = pytest.mark.browser


def test_home_page_has_no_axe_violations(new_page):
    page = new_page()
    page.goto("/nl/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
