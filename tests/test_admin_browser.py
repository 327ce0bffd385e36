"""The editors' side in a real browser: tabs work, nothing is blocked or fetched elsewhere."""

import pytest
from django.contrib.auth.models import User

from pages.models import Page

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture
def admin_page(new_page, site):
    User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    page = new_page()
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
            if not request.url.startswith((site.url, "data:"))
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
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")
    page.problems = problems
    return page


def test_page_form_has_working_language_tabs_under_the_strict_policy(admin_page):
    regulation = Page.objects.get(key="regulation")
    admin_page.goto(f"/admin/pages/page/{regulation.pk}/change/")
    titles = admin_page.get_by_role("tablist", name="titel")
    assert titles.get_by_role("tab").count() == 4
    assert (
        titles.get_by_role("tab", name="Nederlands").get_attribute("aria-selected")
        == "true"
    )
    assert admin_page.locator("#id_title_nl").is_visible()
    assert not admin_page.locator("#id_title_fr").is_visible()
    # Choosing French in one list shows French in every translated field.
    titles.get_by_role("tab", name="Français").click()
    assert admin_page.locator("#id_title_fr").is_visible()
    assert admin_page.locator("#id_body_fr").is_visible()
    assert not admin_page.locator("#id_body_nl").is_visible()
    # Arrow keys move between languages and keep focus on the chosen tab.
    admin_page.keyboard.press("ArrowRight")
    focused = admin_page.evaluate("document.activeElement.textContent")
    assert focused == "English"
    assert admin_page.locator("#id_intro_en").is_visible()
    admin_page.keyboard.press("Home")
    assert admin_page.evaluate("document.activeElement.textContent") == "Nederlands"
    assert admin_page.problems == []


def test_a_tab_whose_field_has_an_error_is_marked_and_opened(admin_page):
    regulation = Page.objects.get(key="regulation")
    admin_page.goto(f"/admin/pages/page/{regulation.pk}/change/")
    admin_page.get_by_role("tablist", name="titel").get_by_role(
        "tab", name="Deutsch"
    ).click()
    admin_page.locator("#id_slug_de").fill("niet geldig!")
    admin_page.get_by_role("button", name="Concept opslaan").click()
    tab = admin_page.get_by_role(
        "tablist", name="slug (deel van het adres)"
    ).get_by_role("tab", name="⚠ Deutsch")
    assert tab.get_attribute("aria-selected") == "true"
    assert admin_page.locator("#id_slug_de").is_visible()
    assert admin_page.locator("#id_slug_de").input_value() == "niet geldig!"


def test_without_javascript_every_language_is_shown(new_page, site):
    User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    page = new_page(javascript=False)
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    regulation = Page.objects.get(key="regulation")
    page.goto(f"/admin/pages/page/{regulation.pk}/change/")
    for code in ("nl", "fr", "en", "de"):
        assert page.locator(f"#id_title_{code}").is_visible()


def test_editor_saves_a_page_in_the_browser(admin_page):
    regulation = Page.objects.get(key="regulation")
    admin_page.goto(f"/admin/pages/page/{regulation.pk}/change/")
    admin_page.locator("#id_intro_nl").fill("Een nieuwe inleiding.")
    admin_page.get_by_role("button", name="Concept opslaan").click()
    # A draft is saved and the editor stays on the page, as in Wagtail.
    admin_page.wait_for_url(f"**/admin/pages/page/{regulation.pk}/change/")
    assert "opgeslagen" in admin_page.locator(".messagelist").inner_text()
    regulation.refresh_from_db()
    assert regulation.intro_nl == "Een nieuwe inleiding."
    assert admin_page.problems == []
