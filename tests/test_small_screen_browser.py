"""The largest text on a phone: at 320 by 568 CSS pixels and the largest
font size, in every language, each kind of page shows its whole title on the
first screen, no word is cut without a hyphen, every control holds its text,
every Dutch name in another language is marked as Dutch, the map's targets
fit a finger and its legend names every area, and the main menu folds behind
a "Menu" disclosure that works with the keyboard (and without JavaScript).

One browser context per language, one page per kind: the axe matrix covers
every page; this checks what it does not measure.
"""

import re

import pytest

from tests import axe
from tests.browsing import exactly
from tests.site import (
    KINDS_OF_PAGE,
    LANGUAGES,
    institutes_url,
    page_url_by_key,
    pages_outside_the_sitemap,
    path_of_kind,
    public_paths,
)

WIDTH, HEIGHT = 320, 568

# Every word the browser has cut over two lines without a hyphen at the
# break: "Samenlevingsop|bouw". A break at a soft hyphen or a hyphen is
# fine; an address (e-mail, web) may break only after a slash or an @, or
# before a dot or a hyphen, where no hyphen is added to it.
CUT_WORDS = r"""() => {
  const cut = [];
  const hyphens = ["\u00ad", "-", "\u2010", "\u2011", "\u2013"];
  const isAddress = (word) => /@|\/|\w\.[a-z]{2,}\b/.test(word);
  const fine = (word, before, after) => hyphens.includes(before) || (isAddress(word) &&
    ("/@".includes(before) || ".-".includes(after)));
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest(".visually-hidden, script, style") ||
        element.getClientRects().length === 0) continue;
    for (const match of node.data.matchAll(/\S+/g)) {
      const start = match.index, end = start + match[0].length;
      range.setStart(node, start);
      range.setEnd(node, end);
      const lines = new Set([...range.getClientRects()]
        .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size < 2) continue;
      let top = null;
      for (let i = start; i < end; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        // The last box: a break at a soft hyphen gives the letter after it
        // the hyphen's box too, at the end of the line before.
        const box = [...range.getClientRects()].filter((r) => r.width > 0).pop();
        if (!box) continue;
        if (top !== null && box.top > top + 1 &&
            !fine(match[0], node.data[i - 1], node.data[i])) {
          const word = match[0].replaceAll("\u00ad", "");
          const at = node.data.slice(start, i).replaceAll("\u00ad", "").length;
          cut.push(`${word.slice(0, at)}|${word.slice(at)}`);
        }
        top = box.top;
      }
    }
  }
  return cut;
}"""

# Where the page's title ends, its last line, from the top of the page.
TITLE_BOTTOM = """() => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector("h1"));
  return Math.max(...[...range.getClientRects()].map((r) => r.bottom)) + window.scrollY;
}"""

# Every control whose visible text sticks out of it, sideways: [text, by px].
# Text that only a screen reader gets (clipped to a pixel) is not looked at.
CONTROLS_OVERFLOWN = r"""() => {
  const found = [];
  const controls = document.querySelectorAll(
    "button, input[type=submit], select, summary, [role=button], a.button");
  for (const control of controls) {
    if (control.getClientRects().length === 0) continue;
    const box = control.getBoundingClientRect();
    const walker = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shown = node.parentElement.getBoundingClientRect();
      if (!node.data.trim() || shown.width <= 1 || shown.height <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        const by = Math.max(box.left - line.left, line.right - box.right);
        if (line.width > 0 && by > 0.5) found.push([node.data.trim(), Math.round(by)]);
      }
    }
  }
  return found;
}"""

# Every Dutch name in the page's text whose nearest lang is not Dutch: the
# text around it. A web address ("saamo.be") is no name. What a visitor typed (the search term shown again in the
# results' count) is theirs, in whatever language.
DUTCH_OUTSIDE_NL = r"""(names) => {
  const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp("(?<![\\p{L}-])(" + names.map(escape).join("|") +
    ")(?![\\p{L}-])(?!\\.\\p{L})", "iu");
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, .search-count")) continue;
    // An address breaks into text nodes at its <wbr>s: read it whole.
    let text = node.data;
    for (let next = node.nextSibling; next && ["WBR", "#text"].includes(next.nodeName);
         next = next.nextSibling) text += next.nodeName === "WBR" ? "" : next.data;
    if (!pattern.test(text.replaceAll("\u00ad", ""))) continue;
    if (element.closest("[lang]").lang !== "nl") found.push(node.data.trim().slice(0, 80));
  }
  return found;
}"""

KINDS = [*KINDS_OF_PAGE, "statement"]


def dutch_names():
    """The Dutch names the site's other languages use: every institute's,
    the division's, and the words core.dutch marks."""
    from core.dutch import DUTCH_WORDS
    from institutes.models import Division, Institute

    names = {name for i in Institute.objects.all() for name in i.names}
    names |= set(Division.objects.values_list("name_nl", flat=True))
    return sorted(names | set(DUTCH_WORDS))


def small_screen_problems(site, path, names):
    """What is wrong on one page at 320 x 568: a title that ends below the
    first screen, a word cut without a hyphen, a control's text wider than
    the control, a Dutch name not marked as Dutch."""
    site.open(path)
    assert site.size_class == "fs-largest"
    page = site.page
    found = {}
    bottom = page.evaluate(TITLE_BOTTOM)
    if bottom > HEIGHT:
        found["title ends at"] = round(bottom)
    for name, script, argument in (
        ("cut", CUT_WORDS, None),
        ("overflowing controls", CONTROLS_OVERFLOWN, None),
        ("Dutch not marked", DUTCH_OUTSIDE_NL, names),
    ):
        if name == "Dutch not marked" and site.language == "nl":
            continue
        problems = page.evaluate(script, argument)
        if problems:
            found[name] = problems
    return found


def path_of(kind, language):
    if kind == "statement":  # the longest words of the site's own content
        return page_url_by_key("accessibility", language)
    return path_of_kind(kind, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_title_on_the_first_screen_and_no_word_cut_without_a_hyphen(
    open_page, language
):
    """One page of each kind: the whole title on the first screen, no word
    cut, every control's text inside it, every Dutch name marked."""
    site = open_page(width=WIDTH, height=HEIGHT, font_size="largest")
    names = dutch_names()
    found = {}
    for kind in KINDS:
        problems = small_screen_problems(site, path_of(kind, language), names)
        if problems:
            found[kind] = problems
    assert found == {}


@pytest.mark.long
def test_every_page_at_the_largest_size_on_a_phone(client, open_page):
    """The same for every page of the site in every language (long)."""
    paths = public_paths(client.get("/sitemap.xml").content.decode())
    paths += [p for language in LANGUAGES for p in pages_outside_the_sitemap(language)]
    site = open_page(width=WIDTH, height=HEIGHT, font_size="largest")
    names = dutch_names()
    found = {}
    for path in paths:
        problems = small_screen_problems(site, path, names)
        if problems:
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checks_see_a_cut_word_and_a_low_title(open_page, language):
    """A guard for the guard: without soft hyphens and with a tall header,
    both checks must fail."""
    site = open_page(
        page_url_by_key("accessibility", language),
        width=WIDTH,
        height=HEIGHT,
        font_size="largest",
        bypass_csp=True,
    )
    site.page.add_style_tag(
        content="h1 { hyphens: manual; } .site-header { padding-top: 40rem; }"
    )
    site.page.evaluate(
        """() => { const h1 = document.querySelector("h1");
        h1.textContent = h1.textContent.replaceAll("\u00ad", "") +
          " Ontwikkelingssamenwerkingsorganisatie"; }"""
    )
    assert site.page.evaluate(TITLE_BOTTOM) > HEIGHT
    assert site.page.evaluate(CUT_WORDS)


def test_the_checks_see_an_overflowing_control_and_unmarked_dutch(open_page):
    """A guard for the other two checks: a button too narrow for its text,
    and a Dutch name whose mark is taken away."""
    site = open_page(
        page_url_by_key("home", "fr"),
        width=WIDTH,
        height=HEIGHT,
        font_size="largest",
        bypass_csp=True,
    )
    names = dutch_names()
    assert site.page.evaluate(CONTROLS_OVERFLOWN) == []
    assert site.page.evaluate(DUTCH_OUTSIDE_NL, names) == []
    site.page.add_style_tag(
        content=".font-size__button { min-width: 0 !important; flex: none; "
        "width: 2rem; white-space: nowrap; }"
    )
    assert site.page.evaluate(CONTROLS_OVERFLOWN)
    site.page.evaluate(
        """() => document.querySelectorAll('[lang="nl"]').forEach(
          (el) => el.removeAttribute("lang"))"""
    )
    assert site.page.evaluate(DUTCH_OUTSIDE_NL, names)


def test_breadcrumb_separators_are_not_read_aloud(open_page):
    site = open_page(path_of_kind("institute detail", "fr"), width=WIDTH, height=HEIGHT)
    separators = site.page.evaluate(
        """() => [...document.querySelectorAll(".breadcrumb li")].flatMap((li) =>
          ["::before", "::after"].map((p) => getComputedStyle(li, p).content))
          .filter((c) => c !== "none" && c !== "normal")"""
    )
    assert separators, "the breadcrumb shows separators"
    # An empty alternative text after the slash: drawn, never read.
    assert all(c.endswith('/ ""') for c in separators), separators
    snapshot = site.page.locator("nav.breadcrumb").aria_snapshot()
    assert "›" not in snapshot and "‹" not in snapshot


def test_the_map_names_every_area_and_its_targets_fit_a_finger(open_page):
    """At 320 px and the largest size: each link on the map at least 24 by
    24 CSS pixels (WCAG 2.5.8), every area's number on the map and in the
    legend, which names it, and axe-core finds nothing in the map."""
    from institutes.models import Institute

    regional = list(Institute.objects.filter(kind="regional"))
    site = open_page(width=WIDTH, height=HEIGHT, font_size="largest", axe=True)
    page = site.page
    for language in LANGUAGES:
        site.open(institutes_url("finder", language, q="Sint-Niklaas"))
        boxes = page.locator(".work-map__link").evaluate_all(
            "(links) => links.map((a) => { const r = a.getBoundingClientRect();"
            " return [a.getAttribute('aria-label'), r.width, r.height]; })"
        )
        assert len(boxes) == len(regional) == 8
        small = [(label, w, h) for label, w, h in boxes if w < 24 or h < 24]
        assert small == []
        numbers = page.locator(".work-map__svg text").evaluate_all(
            "(texts) => texts.map((t) => t.textContent)"
        )
        assert sorted(map(int, numbers)) == list(range(1, 9))
        legend = page.locator(".work-map__legend li")
        assert legend.count() == 8
        assert all(item.is_visible() for item in legend.all())
        text = " ".join(legend.all_inner_texts()).replace("\u00ad", "")
        for institute in regional:
            assert institute.name in text
        assert axe.violations(page, context=".work-map") == []


def test_the_menu_is_a_disclosure_that_works_with_the_keyboard(open_page):
    site = open_page(
        path_of_kind("content page"),
        width=WIDTH,
        height=HEIGHT,
        font_size="largest",
        axe=True,
    )
    page = site.page
    # Closed, the menu is as the accessibility matrix checks every page at
    # 320 px; open, it is checked here.
    button = site.header.get_by_role("button", name=exactly(site._("Menu")))
    assert button.get_attribute("aria-expanded") == "false"
    assert not site.main_menu.is_visible()
    assert site.tab_to(button)
    site.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#{button.get_attribute('aria-controls')}").is_visible()
    assert axe.violations(page) == [], "the menu open"
    site.press("Tab")
    first = site.main_menu.get_by_role("link").first
    assert first.evaluate("el => el === document.activeElement")
    site.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert button.evaluate("el => el === document.activeElement")
    assert not site.main_menu.is_visible()
    # Space opens it too, and a wide window shows the menu with no button.
    site.press(" ")
    assert site.main_menu.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert site.main_menu.is_visible() and not button.is_visible()


def test_without_javascript_the_menu_link_reaches_the_whole_menu(open_page):
    site = open_page(
        path_of_kind("content page"),
        width=WIDTH,
        height=HEIGHT,
        font_size="largest",
        javascript=False,
    )
    link = site.header.get_by_role("link", name=exactly(site._("Menu")))
    assert not site.main_menu.is_visible()
    assert site.tab_to(link)
    site.press("Enter")
    assert site.main_menu.is_visible()
    site.press("Tab")
    assert site.main_menu.get_by_role("link").first.evaluate(
        "el => el === document.activeElement"
    )
    assert re.search(r"#menu$", site.page.url)
