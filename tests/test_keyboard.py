"""Every kind of page works with the keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.1,
2.4.3, 2.4.7, 2.4.11 and 2.4.13).

The tests press real keys in Chromium: Tab, Enter and Space. What they
check is what a keyboard user notices: the skip link comes first and works,
Tab reaches every control in reading order and lets go at the end, the
focused control always carries a clear, contrasting outline, and the
controls that do something (the font-size switch, the finder's error
summary) answer to the keys.
"""

from contextlib import nullcontext

import pytest
from playwright.sync_api import expect

from tests.browsing import exactly
from tests.focus import FOCUSED, focus_problems
from tests.site import (
    KINDS_OF_PAGE,
    ROOT_PX,
    expected_status,
    institutes_url,
    path_of_kind,
    size_announcement,
)

# Marks every element that Tab should reach, in document order, and records
# how it looks without focus so the focused look can be compared with it.
MARK_FOCUSABLES = """() => {
  const selector = "a[href], area[href], button, input, select, textarea, " +
    "summary, iframe, [contenteditable=''], [contenteditable='true'], [tabindex]";
  const reachable = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.tabIndex < 0 || el.type === "hidden") return false;
    if (el.closest("[inert], [hidden]")) return false;
    // The content of a closed disclosure is out of reach until it opens.
    if (el.closest("details:not([open]) > :not(summary)")) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && el.getClientRects().length > 0;
  });
  return reachable.map((el, index) => {
    el.dataset.kb = String(index);
    const style = getComputedStyle(el);
    return {
      label: `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim()
        .replace(/\\s+/g, " ").slice(0, 40)}"`,
      tabindex: el.tabIndex,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
    };
  });
}"""


def open_kind(open_page, kind, **options):
    path = path_of_kind(kind)
    site = open_page(path, **options)
    assert site.response.status == expected_status(path)
    return site


def has_focus(locator):
    return locator.evaluate("el => el === document.activeElement")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_skip_link_comes_first_and_moves_focus_to_the_main_content(open_page, kind):
    # Without script, so that the finder's error summary does not take focus
    # first; that behaviour has its own test below.
    site = open_kind(open_page, kind, javascript=False)
    site.press("Tab")
    skip = site.page.get_by_role("link", name=exactly(site._("Skip to main content")))
    assert has_focus(skip)
    assert skip.get_attribute("href") == "#main"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0, "the focused skip link is on screen"
    expect(skip).to_be_in_viewport()
    site.press("Enter")
    assert has_focus(site.page.get_by_role("main"))
    # The next Tab continues inside the main content, not in the header.
    site.press("Tab")
    assert site.page.evaluate("!!document.activeElement.closest('main, footer')")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_tab_reaches_every_control_in_order_with_visible_focus_and_no_trap(
    open_page, kind
):
    site = open_kind(open_page, kind)
    page = site.page
    controls = page.evaluate(MARK_FOCUSABLES)
    assert len(controls) >= 8, "header, navigation and footer have controls"
    assert all(c["tabindex"] == 0 for c in controls), "no positive tabindex"
    start = 0
    if kind == "finder error":
        # The error summary takes focus on arrival; Tab goes on from there,
        # first to the link to the field in error.
        assert has_focus(site.error_summary)
        start = int(site.error_summary.get_by_role("link").get_attribute("data-kb"))
    presses = len(controls) + 3
    visited = []
    problems = []
    for _ in range(presses):
        site.press("Tab")
        focused = page.evaluate(FOCUSED)
        visited.append(None if focused is None else focused["kb"])
        if focused is not None and focused["kb"] is not None:
            problems += [
                f"{controls[focused['kb']]['label']}: {problem}"
                for problem in focus_problems(focused, controls[focused["kb"]])
            ]
    # In reading order, every control once; after the last one focus leaves
    # the page (None) or goes round to the first again: never stuck.
    order = list(range(start, len(controls))) + list(range(0, start))
    reached = [v for v in visited if v is not None]
    assert reached[: len(controls)] == order, [controls[i]["label"] for i in reached]
    after_last = visited[visited.index(len(controls) - 1) + 1]
    assert after_last in (None, 0)
    assert problems == []


def test_error_summary_takes_focus_and_leads_to_the_field(open_page):
    site = open_page(institutes_url("finder", "en"))
    site.find_institute("12")
    message = site._("Enter a postcode of four digits or the name of a municipality.")
    expect(site.error_summary).to_be_focused()
    expect(site.error_summary).to_contain_text(message)
    # Tab reaches the link to the field; Enter on it puts focus in the field,
    # which still holds what the visitor typed.
    site.press("Tab")
    expect(
        site.error_summary.get_by_role("link", name=exactly(message))
    ).to_be_focused()
    site.press("Enter")
    expect(site.postcode_field).to_be_focused()
    expect(site.postcode_field).to_have_value("12")


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no script"])
def test_font_size_buttons_work_with_enter_and_space(open_page, javascript):
    site = open_kind(open_page, "home", javascript=javascript)
    for size, key in [("larger", "Enter"), ("largest", "Space"), ("normal", "Enter")]:
        button = site.font_size_button(size)
        if javascript and size == "normal":
            # Focus stayed on the switch: back over "largest" to "normal".
            site.press("Shift+Tab")
            site.press("Shift+Tab")
            assert has_focus(button)
        else:
            assert site.tab_to(button), f"Tab never reached the {size} button"
        focused = site.page.evaluate(FOCUSED)
        assert focus_problems(focused, {"outline": "", "boxShadow": ""}) == []
        with nullcontext() if javascript else site.page.expect_navigation():
            site.press(key)
        assert site.pressed_sizes == [size]
        expect(site.page.locator("html")).to_have_css("font-size", ROOT_PX[size])
        if javascript:
            # The script changes the size in place and keeps focus on the
            # button that was used; the change is announced.
            assert has_focus(site.font_size_button(size))
            expect(site.status).to_have_text(size_announcement(size, "nl"))
        else:
            # The next round starts from the top of the reloaded page.
            site.page.evaluate(
                "document.activeElement && document.activeElement.blur()"
            )


def test_the_focus_check_catches_a_weak_indicator(open_page):
    """A guard for the guard: a thin, pale outline must be reported."""
    # The site's Content-Security-Policy forbids the planted style otherwise.
    site = open_kind(open_page, "home", bypass_csp=True)
    page = site.page
    controls = page.evaluate(MARK_FOCUSABLES)
    page.add_style_tag(
        content=".skip-link:focus-visible { outline: 1px solid #ddd !important; }"
    )
    site.press("Tab")
    assert focus_problems(page.evaluate(FOCUSED), controls[0]) == [
        "outline 1 px is thinner than 2 px"
    ]
    page.add_style_tag(
        content=".skip-link:focus-visible { outline: 3px solid #eee !important; }"
    )
    assert "less than 3:1" in focus_problems(page.evaluate(FOCUSED), controls[0])[0]
