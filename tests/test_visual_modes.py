"""The site under the reader's own settings: zoom and narrow windows, forced
colours (Windows high contrast), reduced motion, and print.

WCAG 1.4.4 and 1.4.10 (resize and reflow), 1.4.1 (not by colour alone),
2.3.3 (animation from interactions) and the promise in the accessibility
statement that printed pages keep their content and link addresses.
"""

import pytest

from tests.a11y import (
    FOCUSED,
    KINDS_OF_PAGE,
    focus_problems,
    font_size_cookie,
    path_of_kind,
)
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

# Browser zoom at 200 % in a 1280 px wide window lays the page out in 640 CSS
# px, with two device pixels to each CSS pixel. A viewport of that size is
# what the browser really does; CSS `zoom` would leave media queries and
# viewport units at 1280 px and so prove less.
READING_SETUPS = {
    "320 px wide": {"viewport": {"width": 320, "height": 640}},
    "200% zoom of 1280 px": {
        "viewport": {"width": 640, "height": 450},
        "device_scale_factor": 2,
    },
}

# What a reader would notice in a page that does not reflow: a horizontal
# scrollbar, controls in the header, navigation, breadcrumb and footer that
# overlap or stick out of the window, and text cut off by a box too small
# for it. Visually hidden text (clipped on purpose for screen readers) and
# the skip link (off screen until focused) are left out.
REFLOW_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth > width) {
    problems.push(`scrolls sideways: ${root.scrollWidth} px content in ${width} px`);
  }
  const ignored = (el) => el.closest(".visually-hidden, .skip-link");
  const name = (el) => `${el.tagName.toLowerCase()}${el.className ? "." +
    String(el.className).trim().split(/\\s+/).join(".") : ""} "${
    (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 30)}"`;
  const regions = ".site-header, .main-nav, .breadcrumb, .site-footer";
  const controls = [...document.querySelectorAll(
    regions.split(", ").map((r) => `${r} a, ${r} button, ${r} input`).join(", ")
  )].filter((el) => !ignored(el) && el.getClientRects().length > 0 &&
    el.type !== "hidden");
  const boxes = controls.map((el) => el.getBoundingClientRect());
  const slack = 0.5;
  controls.forEach((el, i) => {
    const box = boxes[i];
    if (box.left < -slack || box.right > width + slack) {
      problems.push(`${name(el)} lies outside the window (${box.left}-${box.right})`);
    }
    for (let j = i + 1; j < controls.length; j++) {
      const other = boxes[j];
      if (controls[j].contains(el) || el.contains(controls[j])) continue;
      const overlapX = Math.min(box.right, other.right) - Math.max(box.left, other.left);
      const overlapY = Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top);
      if (overlapX > slack && overlapY > slack) {
        problems.push(`${name(el)} overlaps ${name(controls[j])}`);
      }
    }
  });
  for (const el of document.body.querySelectorAll("*")) {
    if (ignored(el) || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.right > width + slack && style.position !== "fixed") {
      problems.push(`${name(el)} reaches past the window edge (${box.right} px)`);
    }
    const clips = (value) => value === "hidden" || value === "clip";
    if ((clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
        (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth)) {
      problems.push(`${name(el)} cuts off its content`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("setup", READING_SETUPS)
def test_pages_reflow_at_the_largest_size_without_clipping_or_overlap(
    browser, site, setup
):
    context = browser.new_context(base_url=site.url, **READING_SETUPS[setup])
    context.add_cookies([font_size_cookie(site.url, "largest")])
    page = context.new_page()
    problems = []
    checked = 0
    try:
        for language in LANGUAGES:
            for kind in KINDS_OF_PAGE:
                path = path_of_kind(kind, language)
                page.goto(path)
                assert "fs-largest" in page.locator("html").get_attribute("class")
                problems += [f"{path}: {p}" for p in page.evaluate(REFLOW_PROBLEMS)]
                checked += 1
    finally:
        context.close()
    assert checked == len(LANGUAGES) * len(KINDS_OF_PAGE)
    assert problems == []


def test_the_reflow_check_catches_sideways_scrolling_and_clipping(new_page):
    """A guard for the guard: planted problems must be reported."""
    page = new_page(width=320, bypass_csp=True)
    # At 320 px the main menu folds behind its "Menu" link: open it.
    page.goto(path_of_kind("home") + "#menu")
    assert page.evaluate(REFLOW_PROBLEMS) == []
    page.add_style_tag(
        content=".main-nav ul { flex-wrap: nowrap; }"
        ".site-name__title { display: block; overflow: hidden; white-space: nowrap;"
        " width: 3rem; }"
    )
    found = " | ".join(page.evaluate(REFLOW_PROBLEMS))
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
def test_pressed_size_differs_by_more_than_colour(new_page, forced_colors):
    page = new_page(forced_colors=forced_colors)
    page.goto(path_of_kind("home"))
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
def test_focus_stays_visible_in_forced_colours(new_page, kind):
    page = new_page(forced_colors="active")
    page.goto(path_of_kind(kind))
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
def test_reduced_motion_is_honoured(new_page, kind):
    page = new_page(reduced_motion="reduce")
    page.goto(path_of_kind(kind))
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert page.evaluate(MOTION) == []
    # Also after using the switch, which changes the page without a reload.
    page.locator(".font-size__button--larger").click()
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
def test_print_shows_content_and_link_addresses_without_navigation(new_page, kind):
    page = new_page()
    page.goto(path_of_kind(kind))
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
