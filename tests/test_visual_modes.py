"""The site under the reader's own settings: forced colours (Windows high
contrast), reduced motion, and print; and the reflow check itself.

WCAG 1.4.1 (not by colour alone), 2.3.3 (animation from interactions) and the
promise in the accessibility statement that printed pages keep their content
and link addresses. Reflow and zoom (1.4.4 and 1.4.10) are checked on every
public page by test_accessibility_matrix.py, with the check proven here.
"""

import pytest

from tests.focus import FOCUSED, focus_problems
from tests.layout import reflow_problems
from tests.site import path_of_kind


def test_the_reflow_check_catches_sideways_scrolling_and_clipping(open_page):
    """A guard for the guard: planted problems must be reported."""
    # At 320 px the main menu folds behind its "Menu" link: open it.
    page = open_page(path_of_kind("home") + "#menu", width=320, bypass_csp=True).page
    assert reflow_problems(page) == []
    page.add_style_tag(
        content=".main-nav ul { flex-wrap: nowrap; }"
        ".site-name__title { display: block; overflow: hidden; white-space: nowrap;"
        " width: 3rem; }"
    )
    found = " | ".join(reflow_problems(page))
    assert "scrolls sideways" in found
    assert "lies outside the window" in found
    assert 'span.site-name__title "Samenlevingsopbouw" cuts off' in found


# The font-size buttons: how the pressed one differs from the others, in
# everything but colour.
PRESSED_LOOK = """() => {
  const look = (el) => {
    const style = getComputedStyle(el);
    const before = getComputedStyle(el, "::before");
    return {
      border: `${style.borderTopStyle} ${style.borderTopWidth}`,
      fontWeight: style.fontWeight,
      tick: before.content,
      background: style.backgroundColor,
      color: style.color,
    };
  };
  return {
    pressed: look(document.querySelector(".font-size__button[aria-pressed='true']")),
    others: [...document.querySelectorAll(".font-size__button[aria-pressed='false']")]
      .map(look),
  };
}"""


def non_colour_differences(pressed, other):
    return [
        key
        for key in ("border", "fontWeight", "tick")
        if pressed[key] != other[key] and not (key == "tick" and pressed[key] == "none")
    ]


@pytest.mark.parametrize("forced_colors", ["none", "active"])
def test_pressed_size_differs_by_more_than_colour(open_page, forced_colors):
    page = open_page(path_of_kind("home"), forced_colors=forced_colors).page
    if forced_colors == "active":
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    look = page.evaluate(PRESSED_LOOK)
    assert len(look["others"]) == 2
    for other in look["others"]:
        differences = non_colour_differences(look["pressed"], other)
        # The tick and the bold text at least; the border also in forced colours.
        assert {"tick", "fontWeight"} <= set(differences), (look, differences)
        if forced_colors == "active":
            assert "border" in differences
    assert "✓" in look["pressed"]["tick"]


@pytest.mark.parametrize("kind", ["home", "finder error"])
def test_focus_stays_visible_in_forced_colours(open_page, kind):
    page = open_page(path_of_kind(kind), forced_colors="active").page
    problems = []
    reached = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue  # out of the page; the next Tab starts at the top again
        reached += 1
        # Forced colours drop box shadows; the outline has to carry it alone.
        problems += [
            f"{focused['className'] or focused['id']}: {problem}"
            for problem in focus_problems(focused, {"outline": "", "boxShadow": ""})
        ]
    assert reached >= 20
    assert problems == []


# Every transition and animation on the page, as computed.
MOTION = """() => {
  const seconds = (value) => value.split(",").map((part) => {
    part = part.trim();
    return part.endsWith("ms") ? parseFloat(part) / 1000 : parseFloat(part);
  });
  const found = [];
  for (const el of [document.documentElement, ...document.querySelectorAll("*")]) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const longest = Math.max(...seconds(style.transitionDuration),
                               ...seconds(style.animationDuration));
      if (longest > 0.001) {
        found.push(`${el.tagName.toLowerCase()}${pseudo || ""}: ${longest}s`);
      }
    }
  }
  const scroll = getComputedStyle(document.documentElement).scrollBehavior;
  if (scroll === "smooth") found.push("html: smooth scrolling");
  return found;
}"""


@pytest.mark.parametrize("kind", ["home", "finder error"])
def test_reduced_motion_is_honoured(open_page, kind):
    site = open_page(path_of_kind(kind), reduced_motion="reduce")
    page = site.page
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert page.evaluate(MOTION) == []
    # Also after using the switch, which changes the page without a reload.
    site.choose_font_size("larger")
    assert page.evaluate(MOTION) == []


PRINTED = """() => {
  const shown = (el) => !!el && getComputedStyle(el).display !== "none" &&
    el.getClientRects().length > 0;
  const links = [...document.querySelectorAll("main a[href]")].filter(shown)
    .map((a) => ({
      href: a.getAttribute("href"),
      text: a.textContent.trim().replace(/\\s+/g, " "),
      after: getComputedStyle(a, "::after").content,
    }));
  return {
    hidden: [".skip-link", ".site-tools", ".font-size", ".languages", ".main-nav",
             ".breadcrumb", ".site-footer nav"]
      .filter((selector) => [...document.querySelectorAll(selector)].some(shown)),
    mainShown: shown(document.querySelector("main h1")),
    links,
  };
}"""


@pytest.mark.parametrize(
    "kind", ["content page", "institute detail", "finder answer", "institutes list"]
)
def test_print_shows_content_and_link_addresses_without_navigation(open_page, kind):
    page = open_page(path_of_kind(kind)).page
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED)
    assert printed["hidden"] == [], "navigation and switches do not print"
    assert printed["mainShown"]
    assert printed["links"], "the page has links to check"
    for link in printed["links"]:
        href = link["href"]
        if href.startswith(("mailto:", "tel:")):
            # The text of these links is the address or number itself.
            digits = "".join(c for c in link["text"] if c.isdigit())
            assert href.removeprefix("mailto:") == link["text"] or (
                href.startswith("tel:") and href.endswith(digits.lstrip("0"))
            ), link
        elif href.startswith("#"):
            continue  # a place on the same page has no address to print
        else:
            # The generated text after the link, with attr(href) resolved.
            assert href in link["after"], link
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
