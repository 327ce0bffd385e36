"""Every public page, in every language and font size, in a real browser:
axe-core finds nothing at 1280 and at 320 CSS pixels wide, and the page
reflows (WCAG 1.4.10 at 320 px, 1.4.4 at 640 px: 200 % zoom of a 1280 px
window) without scrolling sideways, clipping or overlapping. The
accessibility statement follows the EU model and every page links to it.

`make test` samples the matrix: every page in every language at one text
size per width (normal at 1280, largest at 640 and at 320, so that one load
serves both narrow widths), and one page of each kind at every other size
and width. The whole matrix, every page at every size and width, is a drill
(`make test-long`). Every page in the sitemap (all four languages), the
postcode finder with an answer and with an error, search results with and
without a hit, and the 404 page are loaded once per size; the width changes
by resizing the viewport, which reflows the page as a reader's window would. This is the only
place that runs axe-core or the reflow check over the public pages; other
tests check states these walks do not reach.
"""

import datetime
import json
import re
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.asserts import assertInHTML

from core import fontsize
from institutes.models import Institute
from tests import axe
from tests.browsing import SitePage, launch_chromium
from tests.layout import reflow_problems
from tests.markup import part
from tests.site import (
    FONT_SIZES,
    KINDS_OF_PAGE,
    LANGUAGES,
    MONTHS,
    expected_status,
    finder_url,
    page_url_by_key,
    path_of_kind,
    public_paths,
    translated,
)

# axe-core runs at these widths; the reflow check at every width below 1280.
AXE_WIDTHS = [1280, 320]
WIDTHS = [1280, 640, 320]
# The sample's one text size per width, and the widths each size is walked at.
SIZE_AT_WIDTH = {1280: "normal", 640: "largest", 320: "largest"}
SAMPLE = {
    size: [width for width, at in SIZE_AT_WIDTH.items() if at == size]
    for size in dict.fromkeys(SIZE_AT_WIDTH.values())
}

# Rules switched off for the whole matrix, each with the reason beside it.
# None is needed: keep it that way, or write why next to the rule id.
RULES_OFF = {}

CONTENT = json.loads(
    (Path(__file__).resolve().parent.parent / "pages/content/pages.json").read_text(
        encoding="utf-8"
    )
)
PAGE_KEYS = [entry["key"] for entry in CONTENT]
STATEMENT = next(entry for entry in CONTENT if entry["key"] == "accessibility")


def expected_minimum():
    """Pages the content ships with, so an empty sitemap cannot pass."""
    per_language = (
        len(PAGE_KEYS)  # the page tree, statement included
        + 3  # the list of institutes, the finder, the open-data page
        + Institute.objects.filter(published_versions__isnull=False).distinct().count()
        + 5  # finder answer, finder error, search with and without hits, 404
    )
    return per_language * len(LANGUAGES)


def walk(base_url, size, paths, widths=WIDTHS, browser=None):
    """Load every path at one size; check each width. In a Chromium of its
    own unless `browser` is given (the session's, in the test's thread).

    Returns the problems found and the number of axe-core runs.
    """
    if browser is None:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                return walk(base_url, size, paths, widths, browser)
            finally:
                browser.close()
    problems = []
    checked = 0
    context = browser.new_context(
        base_url=base_url, viewport={"width": widths[0], "height": 900}
    )
    try:
        context.add_cookies(
            [{"name": fontsize.COOKIE_NAME, "value": size, "url": base_url}]
        )
        # axe-core is parsed into every document it may check, and only there.
        if set(widths) & set(AXE_WIDTHS):
            context.add_init_script(axe.AXE_SCRIPT)
        site = SitePage(context.new_page())
        for number, path in enumerate(paths):
            response = site.open(path)
            assert response.status == expected_status(path), path
            language, size_class = site.page.evaluate(
                "() => [document.documentElement.lang,"
                " document.documentElement.className]"
            )
            assert language == path.split("/")[1], path
            # The server, not the script, renders the chosen size.
            assert size_class == f"fs-{size}", path
            # Widths in turn, from the width the last page was left at.
            for width in widths if number % 2 == 0 else reversed(widths):
                site.page.set_viewport_size({"width": width, "height": 900})
                where = f"{path} [{size}, {width} px]"
                if width in AXE_WIDTHS:
                    problems += [
                        f"{where}: {violation}"
                        for violation in axe.violations(site.page, rules=RULES_OFF)
                    ]
                    checked += 1
                if width < WIDTHS[0]:
                    problems += [f"{where}: {p}" for p in reflow_problems(site.page)]
    finally:
        context.close()
    return problems, checked


def every_page(client):
    paths = public_paths(client.get("/sitemap.xml").content.decode())
    for language in LANGUAGES:
        assert page_url_by_key("accessibility", language) in paths
    assert len(paths) >= expected_minimum()
    return paths


# One test per size: pytest -n spreads them over the cores.
@pytest.mark.parametrize(
    ("size", "widths"),
    SAMPLE.items(),
    ids=[f"{size}-{'+'.join(map(str, widths))}" for size, widths in SAMPLE.items()],
)
def test_every_page_in_every_language_at_one_size_per_width(
    client, browser, site, size, widths
):
    paths = every_page(client)
    problems, checked = walk(site.url, size, paths, widths, browser)
    assert problems == [], "\n".join(problems)
    assert checked == len(paths) * len(set(widths) & set(AXE_WIDTHS))


@pytest.mark.parametrize("size", FONT_SIZES)
def test_one_page_of_each_kind_at_every_size_and_width(client, browser, site, size):
    # Each kind in another language, so that all four are among them.
    paths = [
        path_of_kind(kind, LANGUAGES[number % len(LANGUAGES)])
        for number, kind in enumerate(KINDS_OF_PAGE)
    ]
    paths.append(page_url_by_key("accessibility", LANGUAGES[-1]))
    # These pages are among every page, which the test above walks at this
    # size at its sample's widths: here they are checked at the others.
    assert set(paths) <= set(every_page(client))
    widths = [width for width in WIDTHS if SIZE_AT_WIDTH[width] != size]
    problems, checked = walk(site.url, size, paths, widths, browser)
    assert problems == [], "\n".join(problems)
    assert checked == len(paths) * len(set(widths) & set(AXE_WIDTHS))


@pytest.mark.long
def test_every_page_passes_axe_and_reflows_at_every_size_and_width(
    client, site, record_property
):
    paths = every_page(client)
    # One browser per size, side by side: the walks share nothing but the
    # server, and the machine's cores are used at once.
    with ThreadPoolExecutor(max_workers=len(FONT_SIZES)) as pool:
        walks = list(pool.map(lambda size: walk(site.url, size, paths), FONT_SIZES))
    problems = [problem for found, _checked in walks for problem in found]
    for size, (_found, checked) in zip(FONT_SIZES, walks, strict=True):
        record_property(f"combinations_checked_{size}", checked)
        assert checked == len(paths) * len(AXE_WIDTHS), size
        assert checked >= expected_minimum() * len(AXE_WIDTHS), size
    checked = sum(checked for _found, checked in walks)
    print(f"axe matrix: {checked} page x language x size x width combinations")
    assert problems == [], "\n".join(problems)
    assert checked >= expected_minimum() * len(AXE_WIDTHS) * len(FONT_SIZES)


# A reader in Wallonia gets an answer without institutes (the matrix loads a
# Flemish answer), and a very long postcode is written back into the field.
@pytest.mark.parametrize("size", FONT_SIZES)
def test_finder_states_outside_the_matrix(open_page, size):
    site = open_page(finder_url("nl", "1300"), font_size=size, axe=True)
    assert site.page.get_by_role("region", name=re.compile("^1300: ")).count() == 1
    assert axe.violations(site.page) == []
    site.page.set_viewport_size({"width": 320, "height": 900})
    site.open(finder_url("nl", "9" * 200))
    assert site.error_summary.count() == 1
    assert reflow_problems(site.page) == []


def test_the_checker_reports_a_planted_violation(open_page):
    """A guard for the guard: a missing alt text must be caught."""
    site = open_page("/nl/")
    assert axe.violations(site.page) == []
    site.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/none.png\">')"
    )
    assert any(v.startswith("image-alt") for v in axe.violations(site.page))


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
        "Retour d’information et coordonnées",
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
def test_statement_follows_the_eu_model(client, db, language):
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
    # What does not conform: each part says when it was found and when it
    # was or will be fixed (a date of finding and a later one, or a month).
    parts = re.split(r"<h3[^>]*>", not_accessible)[1:]
    assert len(parts) >= 2
    for found_and_fixed in parts:
        assert len(re.findall(r"\b20\d\d\b", found_and_fixed)) >= 2, found_and_fixed
        assert "<li>" in found_and_fixed
    # A way to reach us without phoning: the form at the bottom of the page,
    # besides the phone and the post; and what happens with the message.
    assert 'href="tel:' in feedback
    assert translated(language, "Was this page helpful?") in feedback
    assert 'action="/' in html.split('class="feedback"', 1)[1].split(">", 1)[0]
    assert "Ombudsdienst" in enforcement
    # No count of tests or combinations: a number the suite changes is no
    # fact for the statement.
    assert not re.search(
        r"\d+ (combinaties|combinaisons|combinations|Kombinationen|tests)", html
    )
    # A real review date, not one still to come. The yearly review itself is
    # the editors' duty: the build only reminds them, it does not fail on a
    # date in the calendar.
    reviewed = review_date(review, language)
    assert reviewed <= datetime.date.today()
    if datetime.date.today() - reviewed > datetime.timedelta(days=366):
        warnings.warn(
            f"the accessibility statement ({language}) was last reviewed on "
            f"{reviewed}: it is due for its yearly review",
            stacklevel=1,
        )


def test_every_page_links_to_the_statement_in_its_footer(client, db):
    paths = public_paths(client.get("/sitemap.xml").content.decode())
    assert len(paths) >= expected_minimum()
    for path in paths:
        language = path.split("/")[1]
        statement = page_url_by_key("accessibility", language)
        current = ' aria-current="page"' if path == statement else ""
        assertInHTML(
            f'<a href="{statement}"{current}>{STATEMENT["title"][language]}</a>',
            part(client.get(path).content.decode(), "footer"),
            count=1,
        )
