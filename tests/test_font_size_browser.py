"""The font-size switch as a visitor meets it in Chromium.

With JavaScript on the switch works in place: the root font size changes,
the pressed state, focus and the live announcement follow, and the choice is
kept in a cookie for a year. With JavaScript off the form posts, and the
visitor lands back on the same address already rendered at the new size. The
choice then follows the visitor to other pages and other languages.

What the server does with the choice (every size, odd cookies, unsafe return
addresses) is proven without a browser in test_font_size.py; the keys in
test_keyboard.py; the announcement in every language in test_screen_reader.py.
"""

import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from core import fontsize
from tests.site import ROOT_PX, page_title_by_key, page_url_by_key, size_announcement

YEAR = fontsize.COOKIE_MAX_AGE


def other_size(size):
    """A starting size different from the one a test is about to choose."""
    return "largest" if size == "normal" else "normal"


def assert_cookie_kept_for_a_year(site, size):
    cookies = [
        c for c in site.page.context.cookies() if c["name"] == fontsize.COOKIE_NAME
    ]
    assert len(cookies) == 1, cookies
    cookie = cookies[0]
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


def assert_switched_in_place(site, size, language):
    """What a visitor notices after choosing a size with JavaScript on."""
    where = f"{site.page.url} after choosing {size!r}"
    button = site.font_size_button(size)
    expect(site.page.locator("html"), where).to_have_css("font-size", ROOT_PX[size])
    assert site.pressed_sizes == [size], where
    expect(button, f"{where}: focus left the pressed button").to_be_focused()
    assert button.get_attribute("data-announcement") == size_announcement(
        size, language
    ), where
    expect(site.status, where).to_have_text(size_announcement(size, language))
    assert_cookie_kept_for_a_year(site, size)


def test_every_size_in_turn_without_reload_and_same_size_is_announced_again(
    open_page,
):
    site = open_page(page_url_by_key("regional-institutes", "nl"))
    assert site.root_font_size == ROOT_PX["normal"]
    assert site.pressed_sizes == ["normal"]
    seen = watch_for_reloads(site.page)

    # Each size, chosen from another one.
    for size in ["larger", "largest", "normal", "largest"]:
        site.choose_font_size(size)
        assert_switched_in_place(site, size, "nl")

    # Choosing the current size again empties and refills the live region, so
    # that a screen reader announces it once more.
    # The region's texts, read once it has shown two: the test awaits a
    # promise, with no polling and no clock.
    site.page.evaluate(
        """() => {
          const status = document.querySelector("[data-font-size-status]");
          const texts = (window.__statusTexts = []);
          window.__statusTwice = new Promise((resolve) => {
            new MutationObserver(() => {
              texts.push(status.textContent);
              if (texts.length >= 2) resolve();
            }).observe(status, {childList: true, characterData: true, subtree: true});
          });
        }"""
    )
    site.choose_font_size("largest")
    expect(site.status).to_have_text(size_announcement("largest", "nl"))
    texts = site.page.evaluate("window.__statusTwice.then(() => window.__statusTexts)")
    assert texts[0] == "" and texts[-1] == size_announcement("largest", "nl"), texts
    assert_not_reloaded(site.page, seen, site.page.url)


def test_without_javascript_the_form_returns_to_the_same_address(open_page):
    address = page_url_by_key("regional-institutes", "fr") + "?x=1&q=caf%C3%A9"
    size = "largest"
    site = open_page(address, javascript=False, font_size=other_size(size))
    assert site.root_font_size == ROOT_PX[other_size(size)]
    posts = []
    site.page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)

    with site.page.expect_navigation():
        site.choose_font_size(size)

    where = f"{address} after submitting {size!r} without JavaScript"
    assert [urlsplit(p.url).path for p in posts] == ["/lettergrootte/"], where
    landed = urlsplit(site.page.url)
    assert f"{landed.path}?{landed.query}" == address, (
        f"{where}: landed on {site.page.url}"
    )
    assert site.language == "fr", where
    # No script runs, so the size seen now is the one the server rendered:
    # the first paint was already at the chosen size.
    assert site.size_class == f"fs-{size}", where
    assert site.root_font_size == ROOT_PX[size], where
    assert site.pressed_sizes == [size], where
    assert_cookie_kept_for_a_year(site, size)


def test_largest_size_follows_to_other_pages_and_languages(open_page):
    site = open_page(page_url_by_key("home", "nl"))
    site.choose_font_size("largest")
    expect(site.page.locator("html")).to_have_css("font-size", ROOT_PX["largest"])

    def assert_largest(key, language):
        path = page_url_by_key(key, language)
        assert urlsplit(site.page.url).path == path, site.page.url
        assert site.language == language, site.page.url
        assert site.root_font_size == ROOT_PX["largest"], site.page.url
        assert site.pressed_sizes == ["largest"], site.page.url

    assert_largest("home", "nl")

    # Another page, through the main navigation.
    site.follow_main_menu(page_title_by_key("regional-institutes", "nl"))
    assert_largest("regional-institutes", "nl")

    # Another language, through the language switcher.
    for language in ["fr", "de"]:
        site.choose_language(language)
        assert_largest("regional-institutes", language)
