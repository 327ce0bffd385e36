"""The font-size switch as a visitor meets it in Chromium.

With JavaScript on the switch works in place: the root font size changes,
the pressed state, focus and the live announcement follow, and the choice is
kept in a cookie for a year. With JavaScript off the form posts, and the
visitor lands back on the same address already rendered at the new size. The
choice then follows the visitor to other pages and other languages.
"""

import time
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from samenleving import fontsize
from tests.conftest import FONT_SIZES

pytestmark = pytest.mark.browser

ROOT_PX = {"normal": "16px", "larger": "20px", "largest": "24px"}
YEAR = 365 * 24 * 60 * 60
SUBPAGE = {"nl": "/nl/regionale-instituten/", "fr": "/fr/instituts-regionaux/"}
BUTTON = "form[data-font-size-switch] button[name='size'][value='{}']"


def announcement(size, language):
    """The announcement the server would write for a size in a language."""
    with translation.override(language):
        return str(fontsize.SIZES[size][1])


def other_size(size):
    """A starting size different from the one a test is about to choose."""
    return "largest" if size == "normal" else "normal"


def with_size_cookie(page, site, size):
    page.context.add_cookies(
        [{"name": "lettergrootte", "value": size, "url": site.url}]
    )
    return page


def root_font_size(page):
    return page.evaluate("getComputedStyle(document.documentElement).fontSize")


def pressed_sizes(page):
    """The values of the switch's buttons, for those exposed as pressed."""
    states = page.eval_on_selector_all(
        "form[data-font-size-switch] button[name='size']",
        "buttons => buttons.map(b => [b.value, b.getAttribute('aria-pressed')])",
    )
    assert {value for value, _ in states} == set(FONT_SIZES), states
    assert all(state in ("true", "false") for _, state in states), states
    return [value for value, state in states if state == "true"]


def size_cookie(page):
    cookies = [c for c in page.context.cookies() if c["name"] == "lettergrootte"]
    assert len(cookies) == 1, cookies
    return cookies[0]


def assert_cookie_kept_for_a_year(page, size):
    cookie = size_cookie(page)
    assert cookie["value"] == size, cookie
    assert cookie["path"] == "/", cookie
    lifetime = cookie["expires"] - time.time()
    # "About a year": a session cookie (-1) or a short one would fail here.
    assert YEAR - 3600 < lifetime <= YEAR + 60, (
        f"cookie lives {lifetime / 86400:.2f} days, not a year: {cookie}"
    )


def watch_for_reloads(page):
    """Mark the window and count navigations and posts, to prove there is none."""
    page.evaluate("window.__notReloaded = true")
    seen = {"navigations": 0, "posts": []}

    def on_navigation(frame):
        if frame == page.main_frame:
            seen["navigations"] += 1

    def on_request(request):
        if request.method == "POST":
            seen["posts"].append(request.url)

    page.on("framenavigated", on_navigation)
    page.on("request", on_request)
    return seen


def assert_not_reloaded(page, seen, what):
    assert page.evaluate("window.__notReloaded === true"), f"{what}: page reloaded"
    assert seen["navigations"] == 0, f"{what}: {seen['navigations']} navigation(s)"
    assert seen["posts"] == [], f"{what}: form posted to {seen['posts']}"


def assert_switched_in_place(page, size, language):
    """What a visitor notices after choosing a size with JavaScript on."""
    where = f"{page.url} after choosing {size!r}"
    button = page.locator(BUTTON.format(size))
    expect(page.locator("html"), where).to_have_css("font-size", ROOT_PX[size])
    assert root_font_size(page) == ROOT_PX[size], where
    assert pressed_sizes(page) == [size], where
    expect(button, f"{where}: focus left the pressed button").to_be_focused()
    data_announcement = button.get_attribute("data-announcement")
    assert data_announcement, f"{where}: button has no announcement"
    assert data_announcement == announcement(size, language), where
    status = page.locator("form[data-font-size-switch] [role='status']")
    expect(status, where).to_have_text(data_announcement)
    assert_cookie_kept_for_a_year(page, size)


@pytest.mark.parametrize("size", FONT_SIZES)
def test_clicking_a_size_with_javascript_changes_it_in_place(site, new_page, size):
    page = with_size_cookie(new_page(), site, other_size(size))
    page.goto(SUBPAGE["nl"])
    assert root_font_size(page) == ROOT_PX[other_size(size)]
    seen = watch_for_reloads(page)

    page.locator(BUTTON.format(size)).click()

    assert_switched_in_place(page, size, "nl")
    assert_not_reloaded(page, seen, f"{SUBPAGE['nl']} after clicking {size!r}")


def test_every_size_in_turn_without_reload_and_same_size_is_announced_again(
    site, new_page
):
    page = new_page()
    page.goto(SUBPAGE["nl"])
    assert root_font_size(page) == ROOT_PX["normal"]
    assert pressed_sizes(page) == ["normal"]
    seen = watch_for_reloads(page)
    status = page.locator("form[data-font-size-switch] [role='status']")

    for size in ["larger", "largest", "normal", "largest"]:
        page.locator(BUTTON.format(size)).click()
        assert_switched_in_place(page, size, "nl")

    # Choosing the current size again empties and refills the live region, so
    # that a screen reader announces it once more.
    page.evaluate(
        """() => {
          const status = document.querySelector("[data-font-size-status]");
          window.__statusTexts = [];
          new MutationObserver(() => window.__statusTexts.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.locator(BUTTON.format("largest")).click()
    expect(status).to_have_text(announcement("largest", "nl"))
    # (No wait_for_function: the page's CSP forbids the eval it relies on.)
    texts = []
    for _ in range(40):
        texts = page.evaluate("window.__statusTexts")
        if len(texts) >= 2:
            break
        page.wait_for_timeout(25)
    assert texts[0] == "" and texts[-1] == announcement("largest", "nl"), texts
    assert_not_reloaded(page, seen, SUBPAGE["nl"])


def tab_to(page, selector, limit=40):
    """Press Tab from the top of the page until the element has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement === document.querySelector(s)", selector
        ):
            return
    pytest.fail(f"{page.url}: {selector} not reached with {limit} Tab presses")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_keyboard_enter_and_space_choose_a_size(site, new_page, language):
    page = new_page()
    page.goto(SUBPAGE[language])
    assert page.get_attribute("html", "lang") == language
    seen = watch_for_reloads(page)

    tab_to(page, BUTTON.format("larger"))
    page.keyboard.press("Enter")
    assert_switched_in_place(page, "larger", language)

    page.keyboard.press("Tab")
    expect(page.locator(BUTTON.format("largest"))).to_be_focused()
    page.keyboard.press("Space")
    assert_switched_in_place(page, "largest", language)

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(BUTTON.format("normal"))).to_be_focused()
    page.keyboard.press("Enter")
    assert_switched_in_place(page, "normal", language)

    assert_not_reloaded(page, seen, SUBPAGE[language])


@pytest.mark.parametrize("size", FONT_SIZES)
def test_without_javascript_the_form_returns_to_the_same_address(site, new_page, size):
    address = "/fr/instituts-regionaux/?x=1&q=caf%C3%A9"
    page = with_size_cookie(new_page(javascript=False), site, other_size(size))
    page.goto(address)
    assert root_font_size(page) == ROOT_PX[other_size(size)]
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)

    with page.expect_navigation():
        page.locator(BUTTON.format(size)).click()

    where = f"{address} after submitting {size!r} without JavaScript"
    assert [urlsplit(p.url).path for p in posts] == ["/lettergrootte/"], where
    landed = urlsplit(page.url)
    assert f"{landed.path}?{landed.query}" == address, f"{where}: landed on {page.url}"
    assert page.get_attribute("html", "lang") == "fr", where
    # No script runs, so the size seen now is the one the server rendered:
    # the first paint was already at the chosen size.
    assert page.get_attribute("html", "class") == f"fs-{size}", where
    assert root_font_size(page) == ROOT_PX[size], where
    assert pressed_sizes(page) == [size], where
    assert_cookie_kept_for_a_year(page, size)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_largest_size_follows_to_other_pages_and_languages(site, new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/nl/")
    if javascript:
        page.locator(BUTTON.format("largest")).click()
        expect(page.locator("html")).to_have_css("font-size", ROOT_PX["largest"])
    else:
        with page.expect_navigation():
            page.locator(BUTTON.format("largest")).click()

    def assert_largest(path, language):
        assert urlsplit(page.url).path == path, page.url
        assert page.get_attribute("html", "lang") == language, page.url
        assert root_font_size(page) == ROOT_PX["largest"], page.url
        assert pressed_sizes(page) == ["largest"], page.url

    assert_largest("/nl/", "nl")

    # Another page, through the main navigation.
    with page.expect_navigation():
        page.locator("nav.main-nav a[href='/nl/regionale-instituten/']").click()
    assert_largest("/nl/regionale-instituten/", "nl")

    # Another language, through the language switcher.
    for language, path in [
        ("fr", "/fr/instituts-regionaux/"),
        ("de", "/de/regionale-institute/"),
    ]:
        with page.expect_navigation():
            page.locator(f"nav.languages a[hreflang='{language}']").click()
        assert_largest(path, language)


def test_unknown_stored_size_means_normal(site, new_page):
    page = with_size_cookie(new_page(), site, "enormous")
    response = page.goto(SUBPAGE["nl"])
    assert response.status == 200
    assert root_font_size(page) == ROOT_PX["normal"]
    assert pressed_sizes(page) == ["normal"]
