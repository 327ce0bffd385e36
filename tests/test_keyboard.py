"""Every kind of page works with the keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.1,
2.4.3, 2.4.7, 2.4.11 and 2.4.13).

The tests press real keys in Chromium: Tab, Enter and Space. What they
check is what a keyboard user notices: the skip link comes first and works,
Tab reaches every control in reading order and lets go at the end, and the
focused control always carries a clear, contrasting outline.
"""

from contextlib import nullcontext

import pytest

from tests.a11y import FOCUSED, KINDS_OF_PAGE, focus_problems, path_of_kind

pytestmark = pytest.mark.browser

# Marks every element that Tab should reach, in document order, and records
# how it looks without focus so the focused look can be compared with it.
MARK_FOCUSABLES = """() => {
  const selector = "a[href], area[href], button, input, select, textarea, " +
    "summary, iframe, [contenteditable=''], [contenteditable='true'], [tabindex]";
  const reachable = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.tabIndex < 0 || el.type === "hidden") return false;
    if (el.closest("[inert], [hidden]")) return false;
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


def open_kind(new_page, kind, **options):
    page = new_page(**options)
    response = page.goto(path_of_kind(kind))
    assert response.status == (404 if kind == "not found" else 200)
    return page


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_skip_link_comes_first_and_moves_focus_to_the_main_content(new_page, kind):
    # Without script, so that the finder's error summary does not take focus
    # first; that behaviour has its own test below.
    page = open_kind(new_page, kind, javascript=False)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.get_attribute("href") == "#main"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main, footer')")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_tab_reaches_every_control_in_order_with_visible_focus_and_no_trap(
    new_page, kind
):
    page = open_kind(new_page, kind)
    controls = page.evaluate(MARK_FOCUSABLES)
    assert len(controls) >= 8, "header, navigation and footer have controls"
    assert all(c["tabindex"] == 0 for c in controls), "no positive tabindex"
    start = 0
    if kind == "finder error":
        # The error summary takes focus on arrival; Tab goes on from there,
        # first to the link to the field in error.
        assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
        start = page.evaluate(
            "Number(document.querySelector('[data-error-summary] a').dataset.kb)"
        )
    presses = len(controls) + 3
    visited = []
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
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


def test_error_summary_takes_focus_and_links_to_the_field(new_page):
    page = open_kind(new_page, "finder error")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_q"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no script"])
def test_font_size_buttons_work_with_enter_and_space(new_page, javascript):
    page = open_kind(new_page, "home", javascript=javascript)
    html = page.locator("html")
    larger = page.locator(".font-size__button--larger")
    largest = page.locator(".font-size__button--largest")
    for button, key, size in [
        (larger, "Enter", "larger"),
        (largest, "Space", "largest"),
    ]:
        for _ in range(20):
            page.keyboard.press("Tab")
            if button.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached the {size} button")
        focused = page.evaluate(FOCUSED)
        assert focus_problems(focused, {"outline": "", "boxShadow": ""}) == []
        with nullcontext() if javascript else page.expect_navigation():
            page.keyboard.press(key)
        assert f"fs-{size}" in html.get_attribute("class")
        assert button.get_attribute("aria-pressed") == "true"
        assert page.locator("[aria-pressed='true']").count() == 1
        if javascript:
            # The script keeps focus on the button that was used.
            assert button.evaluate("el => el === document.activeElement")
        else:
            # The next round starts from the top of the reloaded page.
            page.evaluate("document.activeElement && document.activeElement.blur()")


def test_the_focus_check_catches_a_weak_indicator(new_page):
    """A guard for the guard: a thin, pale outline must be reported."""
    # The site's Content-Security-Policy forbids the planted style otherwise.
    page = open_kind(new_page, "home", bypass_csp=True)
    controls = page.evaluate(MARK_FOCUSABLES)
    page.add_style_tag(
        content=".skip-link:focus-visible { outline: 1px solid #ddd !important; }"
    )
    page.keyboard.press("Tab")
    assert focus_problems(page.evaluate(FOCUSED), controls[0]) == [
        "outline 1 px is thinner than 2 px"
    ]
    page.add_style_tag(
        content=".skip-link:focus-visible { outline: 3px solid #eee !important; }"
    )
    assert "less than 3:1" in focus_problems(page.evaluate(FOCUSED), controls[0])[0]
