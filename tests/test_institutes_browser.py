"""The postcode finder in a real browser, with JavaScript switched off.

Axe-core and reflow on the institutes' pages are checked with every other
page in test_accessibility_matrix.py; the error summary's focus in
test_keyboard.py and what it announces in test_screen_reader.py.
"""

from institutes.models import Institute
from tests.browsing import visible_text
from tests.site import page_url_by_key


def test_the_finder_works_without_javascript(open_page):
    site = open_page(page_url_by_key("home", "nl"), javascript=False)
    site.find_institute("9040")
    assert "q=9040" in site.page.url
    answer = visible_text(site.answer_for("9040: Gent"))
    assert Institute.objects.get(key="gent").name in answer
