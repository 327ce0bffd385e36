"""The largest text on a phone: at 320 by 568 CSS pixels and the largest
font size, in every language, each kind of page shows its title on the first
screen, no word is cut without a hyphen, and the main menu folds behind a
"Menu" disclosure that works with the keyboard (and without JavaScript).

One browser context per language, one page per kind: the axe matrix covers
every page; this checks what it does not measure.
"""

import re

import pytest

from tests import axe
from tests.browsing import exactly
from tests.site import KINDS_OF_PAGE, LANGUAGES, page_url_by_key, path_of_kind

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

# Where the first line of the page's title ends, from the top of the page.
TITLE_BOTTOM = """() => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector("h1"));
  return range.getClientRects()[0].bottom + window.scrollY;
}"""

KINDS = [*KINDS_OF_PAGE, "statement"]


def path_of(kind, language):
    if kind == "statement":  # the longest words of the site's own content
        return page_url_by_key("accessibility", language)
    return path_of_kind(kind, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_title_on_the_first_screen_and_no_word_cut_without_a_hyphen(
    open_page, language
):
    site = open_page(width=WIDTH, height=HEIGHT, font_size="largest")
    found = {}
    for kind in KINDS:
        site.open(path_of(kind, language))
        assert site.size_class == "fs-largest"
        bottom = site.page.evaluate(TITLE_BOTTOM)
        cut = site.page.evaluate(CUT_WORDS)
        if bottom > HEIGHT or cut:
            found[kind] = {"title ends at": round(bottom), "cut": cut}
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


def test_the_menu_is_a_disclosure_that_works_with_the_keyboard(open_page):
    site = open_page(
        path_of_kind("content page"),
        width=WIDTH,
        height=HEIGHT,
        font_size="largest",
        axe=True,
    )
    page = site.page
    assert axe.violations(page) == [], "the menu closed"
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
