"""Every page in Chromium: layout at 320 px, axe-core, languages, landmarks.

The read-only checks walk all pages inside one browser context per setting,
so the suite stays fast; every failure names the address and the font size.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.a11y import axe_violations
from tests.conftest import FONT_SIZES, LANGUAGES

pytestmark = pytest.mark.browser

ROOT_PX = {"normal": "16px", "larger": "20px", "largest": "24px"}
NOT_FOUND = "/nl/bestaat-niet/"
SEED = json.loads(
    (Path(__file__).resolve().parent.parent / "pages/content/pages.json").read_text(
        encoding="utf-8"
    )
)


def seed_url(key, language):
    """The address of a seed page (all hang directly under home)."""
    page = next(p for p in SEED if p["key"] == key)
    slug = page["slug"][language]
    return f"/{language}/{slug}/" if slug else f"/{language}/"


SEED_URLS = {
    (p["key"], language): seed_url(p["key"], language)
    for p in SEED
    for language in LANGUAGES
}


def sitemap_paths(page):
    """Every address in the live sitemap, as paths on the live server."""
    response = page.request.get("/sitemap.xml")
    assert response.status == 200, response.status
    paths = [
        urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", response.text())
    ]
    # The sitemap must at least hold every seed page in every language;
    # otherwise the loops below would pass over too little.
    missing = set(SEED_URLS.values()) - set(paths)
    assert not missing, f"sitemap.xml lacks {sorted(missing)}"
    return list(dict.fromkeys(paths))


def sized_page(new_page, site, size, **options):
    page = new_page(**options)
    page.context.add_cookies(
        [{"name": "lettergrootte", "value": size, "url": site.url}]
    )
    return page


def visit(page, path, size, status=200):
    response = page.goto(path)
    assert response.status == status, f"{path} at {size}: HTTP {response.status}"
    font_size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert font_size == ROOT_PX[size], f"{path} at {size}: root font size {font_size}"


OVERFLOW_REPORT = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string"
          ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      culprits.push(`${name} [${Math.round(box.left)}..${Math.round(box.right)}]`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    culprits: culprits.slice(0, 6),
  };
}"""


def test_no_horizontal_scrolling_at_320px_and_largest_size(site, new_page):
    page = sized_page(new_page, site, "largest", width=320, height=640)
    failures = []
    for path in [*sitemap_paths(page), NOT_FOUND]:
        visit(page, path, "largest", status=404 if path == NOT_FOUND else 200)
        report = page.evaluate(OVERFLOW_REPORT)
        if report["scrollWidth"] > report["clientWidth"]:
            failures.append(
                f"{path} at largest, 320 px: scrollWidth {report['scrollWidth']} > "
                f"clientWidth {report['clientWidth']}; wider: {report['culprits']}"
            )
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("size", FONT_SIZES)
def test_axe_finds_nothing_on_any_dutch_page(site, new_page, size):
    page = sized_page(new_page, site, size)
    paths = [p for p in sitemap_paths(page) if p.startswith("/nl/")]
    assert len(paths) >= len(SEED), paths
    failures = []
    for path in [*paths, NOT_FOUND]:
        visit(page, path, size, status=404 if path == NOT_FOUND else 200)
        assert page.get_attribute("html", "lang") == "nl", f"{path} at {size}"
        failures += [f"{path} at {size}: {v}" for v in axe_violations(page)]
    assert failures == [], "\n".join(failures)


def test_language_switcher_and_alternates_on_every_seed_page(site, new_page):
    page = new_page()
    host = urlsplit(site.url).netloc
    failures = []
    for (key, language), path in SEED_URLS.items():
        visit(page, path, "normal")
        where = f"{path} ({key}, {language})"
        if page.get_attribute("html", "lang") != language:
            failures.append(
                f"{where}: <html lang={page.get_attribute('html', 'lang')}>"
            )
        expected = {code: SEED_URLS[key, code] for code in LANGUAGES}

        switcher = page.locator("nav.languages")
        links = switcher.locator("a[hreflang]").evaluate_all(
            "links => links.map(a => [a.hreflang, a.getAttribute('href'), a.lang])"
        )
        wanted = [[c, expected[c], c] for c in LANGUAGES if c != language]
        if links != wanted:
            failures.append(f"{where}: switcher links {links}, expected {wanted}")
        current = switcher.locator("[aria-current]")
        if current.count() != 1 or current.get_attribute("lang") != language:
            failures.append(f"{where}: current language not marked in the switcher")

        alternates = page.locator("head link[rel='alternate'][hreflang]").evaluate_all(
            "links => links.map(l => [l.hreflang, l.href])"
        )
        found = {code: urlsplit(href) for code, href in alternates}
        if sorted(found) != sorted(LANGUAGES) or len(alternates) != len(found):
            failures.append(f"{where}: hreflang alternates {alternates}")
        for code, href in found.items():
            if code in expected and (href.netloc, href.path) != (host, expected[code]):
                failures.append(f"{where}: hreflang {code} -> {href.geturl()}")
    assert failures == [], "\n".join(failures)


def test_language_switcher_link_leads_to_the_same_page(site, new_page):
    page = new_page()
    for language in ["fr", "en", "de"]:
        page.goto("/nl/regionale-instituten/")
        with page.expect_navigation():
            page.locator(f"nav.languages a[hreflang='{language}']").click()
        assert urlsplit(page.url).path == SEED_URLS["regional-institutes", language]
        assert page.get_attribute("html", "lang") == language
        h1 = page.locator("main h1")
        expected_title = next(p for p in SEED if p["key"] == "regional-institutes")[
            "title"
        ][language]
        expect(h1).to_have_text(expected_title)


def test_breadcrumb_and_main_navigation_show_where_the_visitor_is(site, new_page):
    page = new_page()
    with translation.override("nl"):
        label_text = translation.gettext("You are here:")
    main_menu = [p["key"] for p in SEED if p["placement"] == "main"]
    footer_menu = [p["key"] for p in SEED if p["placement"] == "footer"]

    page.goto("/nl/")
    assert (
        page.locator("nav.breadcrumb, nav[aria-labelledby='breadcrumb-label']").count()
        == 0
    ), "home has no breadcrumb"
    home_link = page.locator("nav.main-nav a[href='/nl/']")
    expect(home_link).to_have_attribute("aria-current", "page")

    for p in SEED:
        if p["parent"] is None:
            continue
        path = SEED_URLS[p["key"], "nl"]
        page.goto(path)
        title = p["title"]["nl"]

        crumbs = page.locator("nav[aria-labelledby]").filter(has=page.locator("ol"))
        assert crumbs.count() == 1, f"{path}: {crumbs.count()} breadcrumb navs"
        label_id = crumbs.get_attribute("aria-labelledby")
        label = page.locator(f"[id='{label_id}']")
        assert label.count() == 1, f"{path}: aria-labelledby={label_id} points nowhere"
        name = label.inner_text().strip()
        assert name == label_text, f"{path}: breadcrumb named {name!r}"
        # The landmark is exposed with that name.
        expect(page.get_by_role("navigation", name=name, exact=True)).to_have_count(1)

        items = crumbs.locator("li")
        assert items.count() == 2, f"{path}: {items.count()} breadcrumb items"
        expect(items.first.locator("a")).to_have_attribute("href", "/nl/")
        last = items.last.locator("[aria-current='page']")
        expect(last, f"{path}: last crumb not current").to_have_text(title)
        assert items.last.locator("a").count() == 0, f"{path}: last crumb is a link"
        assert crumbs.locator("[aria-current]").count() == 1, path

        current = page.locator("nav.main-nav [aria-current]")
        if p["key"] in main_menu:
            expect(current, f"{path}: main navigation").to_have_count(1)
            expect(current).to_have_attribute("aria-current", "page")
            expect(current).to_have_attribute("href", path)
        else:
            assert p["key"] in footer_menu
            expect(current, f"{path}: main navigation").to_have_count(0)
            footer_current = page.locator("footer [aria-current='page']")
            expect(footer_current, f"{path}: footer navigation").to_have_attribute(
                "href", path
            )


def test_skip_link_is_first_and_moves_focus_to_main(site, new_page):
    page = new_page()
    for path in ["/nl/", "/nl/regionale-instituten/"]:
        page.goto(path)
        page.keyboard.press("Tab")
        skip = page.locator("a.skip-link")
        expect(skip, f"{path}: first Tab").to_be_focused()
        assert skip.get_attribute("href") == "#main"
        box = skip.bounding_box()
        assert box and box["y"] >= 0 and box["x"] >= 0, (
            f"{path}: skip link off screen {box}"
        )
        expect(skip).to_be_in_viewport()

        page.keyboard.press("Enter")
        expect(page.locator("main#main"), f"{path}: Enter on skip link").to_be_focused()

        # The next Tab continues from the main content, not from the header.
        page.keyboard.press("Tab")
        after_main = page.evaluate(
            """() => {
              const main = document.querySelector("main");
              const el = document.activeElement;
              return main.contains(el) ||
                Boolean(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
            }"""
        )
        assert after_main, f"{path}: Tab after the skip link went back before <main>"
