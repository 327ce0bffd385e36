"""axe-core finds nothing on any public page, in any language, size or width;
the accessibility statement follows the EU model and every page links to it.

Every page in the sitemap (all four languages), the postcode finder with an
answer and with an error, the 404 page and the accessibility statement are
checked at each font size and at 1280 and 320 CSS pixels wide. Each page is
loaded once per size; the width changes by resizing the viewport, which
reflows the page as a reader's window would.
"""

import datetime
import json
import re
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

WIDTHS = [1280, 320]

# Rules switched off for the whole matrix, each with the reason beside it.
# None is needed: keep it that way, or write why next to the rule id.
RULES_OFF = {}

CONTENT = json.loads(
    (Path(__file__).resolve().parent.parent / "pages/content/pages.json").read_text()
)
PAGE_KEYS = [entry["key"] for entry in CONTENT]
STATEMENT = next(entry for entry in CONTENT if entry["key"] == "accessibility")


def matrix_paths(page):
    """The sitemap plus the pages it does not list, in every language."""
    paths = sitemap_paths(page)
    for language in LANGUAGES:
        paths += [
            finder_url(language, "9040"),
            finder_url(language, "12"),
            f"/{language}/bestaat-niet/",
        ]
    return paths


def expected_minimum():
    """Pages the content ships with, so an empty sitemap cannot pass."""
    per_language = (
        len(PAGE_KEYS)  # the page tree, statement included
        + 3  # the list of institutes, the finder, the open-data page
        + Institute.objects.published().count()
        + 3  # finder answer, finder error, 404
    )
    return per_language * len(LANGUAGES)


@pytest.mark.browser
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


@pytest.mark.browser
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


# The sections of the EU model statement (Implementing Decision 2018/1523),
# as headings in each language, in this order.
STATEMENT_SECTIONS = {
    "nl": [
        "Nalevingsstatus",
        "Niet-toegankelijke inhoud",
        "Opstelling van deze verklaring",
        "Feedback en contactgegevens",
        "Handhavingsprocedure",
        "Datum van de laatste herziening",
    ],
    "fr": [
        "État de conformité",
        "Contenu non accessible",
        "Établissement de cette déclaration",
        "Retour d'information et coordonnées",
        "Procédure de recours",
        "Date de la dernière révision",
    ],
    "en": [
        "Compliance status",
        "Non-accessible content",
        "Preparation of this statement",
        "Feedback and contact information",
        "Enforcement procedure",
        "Date of last review",
    ],
    "de": [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren",
        "Datum der letzten Überprüfung",
    ],
}
MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober "
    "november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre",
    "en": "January February March April May June July August September October "
    "November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober "
    "November Dezember",
}


def sections(html):
    """{heading: text up to the next heading of the same level} for h2s."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
    return {
        re.sub(r"<[^>]+>", "", parts[i]).strip(): parts[i + 1]
        for i in range(1, len(parts), 2)
    }


def review_date(text, language):
    months = MONTHS[language].split()
    pattern = r"(\d{1,2})\.? (" + "|".join(months) + r") (\d{4})"
    dates = [
        datetime.date(int(year), months.index(month) + 1, int(day))
        for day, month, year in re.findall(pattern, text)
    ]
    assert dates, f"no date in the last-review section ({language})"
    return max(dates)


@pytest.mark.parametrize("language", LANGUAGES)
def test_statement_follows_the_eu_model(client, content, language):
    response = client.get(page_url_by_key("accessibility", language))
    assert response.status_code == 200
    html = response.content.decode()
    found = sections(html.split("<main", 1)[1])
    headings = [h for h in found if h in STATEMENT_SECTIONS[language]]
    assert headings == STATEMENT_SECTIONS[language]
    status, not_accessible, method, feedback, enforcement, review = (
        found[h] for h in headings
    )
    assert "WCAG 2.1" in status and "AA" in status
    assert "<strong>" in status, "the status (fully / partially) stands out"
    assert len(re.sub(r"<[^>]+>", "", not_accessible).strip()) > 40
    # How it was drawn up: the automated suite by name, and the manual checks.
    assert "axe-core" in method and "Nu Html Checker" in method
    assert method.count("<h3") == 2 and method.count("<li>") >= 10
    # A way to reach us, and what happens with the message.
    assert 'href="tel:' in feedback
    assert "Ombudsdienst" in enforcement
    # Reviewed at least once a year (bestuursdecreet).
    reviewed = review_date(review, language)
    assert reviewed <= datetime.date.today()
    assert datetime.date.today() - reviewed <= datetime.timedelta(days=366), (
        "the accessibility statement is due for its yearly review"
    )


def test_statement_states_the_number_of_combinations_checked(content):
    """The statement names the matrix's size; keep it in step with the suite."""
    combinations = expected_minimum() * len(FONT_SIZES) * len(WIDTHS)
    for language in LANGUAGES:
        assert f" {combinations} " in STATEMENT["body"][language], language


def test_every_page_links_to_the_statement_in_its_footer(client, content):
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [
        re.sub(r"^https?://[^/]+", "", url)
        for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    for language in LANGUAGES:
        paths += [
            finder_url(language, "9040"),
            finder_url(language, "12"),
            f"/{language}/bestaat-niet/",
        ]
    assert len(paths) >= expected_minimum()
    for path in paths:
        language = path.split("/")[1]
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        statement = page_url_by_key("accessibility", language)
        title = STATEMENT["title"][language]
        assert re.search(
            rf'<a href="{re.escape(statement)}"[^>]*>{re.escape(title)}</a>',
            footer.replace("&#x27;", "'"),
        ), path
