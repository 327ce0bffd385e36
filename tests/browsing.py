"""Page objects: the site and its admin as a visitor or an editor uses them.

Everything is found the way a screen reader user finds it: by role and
accessible name (or label), with the names taken from the translation
catalogues in the page's own language.
"""

import re

from django.utils.translation import get_language_info

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.site import FONT_SIZES, size_label, translated


def launch_chromium(playwright):
    """Debian's Chromium, headless, as every browser test uses it."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )


def visible_text(locator):
    """An element's text as a reader sees it: without the soft hyphens that
    mark where long words may break (core.hyphenation)."""
    return locator.inner_text().replace("\u00ad", "")


def exactly(text):
    return re.compile(rf"^{re.escape(text)}$")


class SitePage:
    """One browser tab on the public site."""

    def __init__(self, page):
        self.page = page
        self.response = None

    def open(self, path):
        self.response = self.page.goto(path)
        return self.response

    def _(self, text):
        """A message in the language of the page now shown."""
        return translated(self.language, text)

    # What is on the page -------------------------------------------------

    @property
    def language(self):
        return self.page.locator("html").get_attribute("lang")

    @property
    def size_class(self):
        """The size the server rendered (or the switch set): fs-normal etc."""
        return self.page.locator("html").get_attribute("class")

    @property
    def root_font_size(self):
        return self.page.evaluate("getComputedStyle(document.documentElement).fontSize")

    @property
    def heading(self):
        return self.page.get_by_role("heading", level=1)

    @property
    def header(self):
        return self.page.get_by_role("banner")

    @property
    def main_menu(self):
        return self.header.get_by_role("navigation", name=exactly(self._("Main menu")))

    @property
    def language_menu(self):
        return self.header.get_by_role(
            "navigation", name=exactly(self._("Choose a language"))
        )

    @property
    def breadcrumb(self):
        return self.page.get_by_role(
            "navigation", name=exactly(self._("You are here:"))
        )

    @property
    def font_sizes(self):
        return self.header.get_by_role("group", name=exactly(self._("Font size")))

    def font_size_button(self, size):
        return self.font_sizes.get_by_role(
            "button", name=exactly(size_label(size, self.language))
        )

    @property
    def pressed_sizes(self):
        """The sizes whose button is exposed as pressed."""
        return [
            size
            for size in FONT_SIZES
            if self.font_size_button(size).get_attribute("aria-pressed") == "true"
        ]

    @property
    def status(self):
        return self.page.get_by_role("status")

    @property
    def postcode_field(self):
        return self.page.get_by_role(
            "textbox", name=exactly(self._("Postcode or municipality"))
        )

    @property
    def error_summary(self):
        return self.page.get_by_role("alert")

    def answer_for(self, place):
        """The answer's region, named after the place ("9040: Gent")."""
        return self.page.get_by_role("region", name=exactly(place))

    def focused(self):
        """The element that has focus, as a locator (none when the page has it)."""
        return self.page.locator("*:focus")

    # What a visitor does -------------------------------------------------

    def choose_font_size(self, size):
        """Press a font-size button (with the mouse)."""
        self.font_size_button(size).click()

    def choose_language(self, code):
        name = get_language_info(code)["name_local"]
        with self.page.expect_navigation():
            self.language_menu.get_by_role("link", name=exactly(name)).click()

    def follow_main_menu(self, title):
        with self.page.expect_navigation():
            self.main_menu.get_by_role("link", name=exactly(title)).click()

    def find_institute(self, query):
        """Type a postcode or a town in the finder and press Enter."""
        self.postcode_field.fill(query)
        with self.page.expect_navigation():
            self.postcode_field.press("Enter")

    def press(self, key):
        self.page.keyboard.press(key)

    def tab_to(self, target, limit=40):
        """Press Tab until the target has focus; False if it never does."""
        for _ in range(limit):
            self.press("Tab")
            if target.evaluate("el => el === document.activeElement"):
                return True
        return False


def record_problems(page, site_url):
    """Collect what a careful editor would see go wrong: script errors, files
    that fail to load, and requests to other sites."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            problems.append(f"off-site request: {request.url}")
            if not request.url.startswith((site_url, "data:"))
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return problems


class AdminSite:
    """The admin in one browser tab, as an editor uses it (in Dutch)."""

    def __init__(self, page, username, password):
        self.page = page
        self.username = username
        self.password = password
        self.problems = []

    def log_in(self):
        self.page.goto("/admin/login/")
        self.page.get_by_label("Gebruikersnaam").fill(self.username)
        self.page.get_by_label("Wachtwoord").fill(self.password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Aanmelden").click()

    def open(self, path):
        return self.page.goto(path)

    def field(self, label, language):
        """One language's field of a translated field ("Titel", "nl")."""
        return self.page.get_by_label(
            re.compile(rf"^{re.escape(label)} \[{language}\]:?$", re.I)
        )

    def language_tabs(self, label):
        """The language tabs above one translated field."""
        return self.page.get_by_role("tablist", name=exactly(label))

    def language_tab(self, label, language_name):
        return self.language_tabs(label).get_by_role("tab", name=language_name)

    def save(self, button="Opslaan"):
        """Press a save button: "Opslaan", or a page's "Concept opslaan"."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()
