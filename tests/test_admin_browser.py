"""The editors' side in a real browser: the language tabs work under the
strict Content-Security-Policy, nothing is blocked or fetched elsewhere, and
a page saved in the browser is saved."""

import pytest
from playwright.sync_api import expect

from pages.models import Page
from tests.site import LANGUAGES

# An editor's round trip commits; the content is restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page_form(admin, key="regulation"):
    admin.open(f"/admin/pages/page/{Page.objects.get(key=key).pk}/change/")


def test_page_form_has_working_language_tabs_under_the_strict_policy(open_admin):
    admin = open_admin()
    page_form(admin)
    assert admin.language_tabs("Titel").get_by_role("tab").count() == len(LANGUAGES)
    dutch = admin.language_tab("Titel", "Nederlands")
    assert dutch.get_attribute("aria-selected") == "true"
    assert admin.field("Titel", "nl").is_visible()
    assert not admin.field("Titel", "fr").is_visible()
    # Choosing French in one list shows French in every translated field.
    admin.language_tab("Titel", "Français").click()
    assert admin.field("Titel", "fr").is_visible()
    assert admin.field("Tekst", "fr").is_visible()
    assert not admin.field("Tekst", "nl").is_visible()
    # Arrow keys move between languages and keep focus on the chosen tab.
    admin.page.keyboard.press("ArrowRight")
    english = admin.language_tab("Titel", "English")
    assert english.evaluate("el => el === document.activeElement")
    assert admin.field("Inleiding", "en").is_visible()
    admin.page.keyboard.press("Home")
    assert dutch.evaluate("el => el === document.activeElement")
    assert admin.problems == []


def test_a_tab_whose_field_has_an_error_is_marked_and_opened(open_admin):
    admin = open_admin()
    page_form(admin)
    admin.language_tab("Titel", "Deutsch").click()
    admin.field("Naam in het webadres", "de").fill("niet geldig!")
    admin.page.get_by_role("button", name="Concept opslaan", exact=True).click()
    tab = admin.language_tab("Naam in het webadres", "⚠ Deutsch")
    assert tab.get_attribute("aria-selected") == "true"
    assert admin.field("Naam in het webadres", "de").is_visible()
    assert admin.field("Naam in het webadres", "de").input_value() == ("niet geldig!")


def test_without_javascript_every_language_is_shown(open_admin):
    admin = open_admin(javascript=False)
    page_form(admin)
    for code in LANGUAGES:
        assert admin.field("Titel", code).is_visible()


def test_editor_saves_a_page_in_the_browser(open_admin):
    admin = open_admin()
    page_form(admin)
    admin.field("Inleiding", "nl").fill("Een nieuwe inleiding.")
    admin.save("Concept opslaan")
    # A draft is saved and the editor stays on the page.
    page = Page.objects.get(key="regulation")
    assert admin.page.url.endswith(f"/admin/pages/page/{page.pk}/change/")
    assert "opgeslagen" in admin.page.locator(".messagelist").inner_text()
    assert Page.objects.get(key="regulation").intro_nl == "Een nieuwe inleiding."
    assert admin.problems == []


def test_leaving_a_changed_form_asks_first(open_admin):
    admin = open_admin()
    page_form(admin)
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    admin.page.on("dialog", stay)
    breadcrumb = admin.page.locator(".breadcrumbs a").last
    admin.field("Titel", "nl").fill("Nog niet bewaard")
    with admin.page.expect_event("dialog"):
        breadcrumb.click()
    assert asked == ["beforeunload"]
    assert admin.field("Titel", "nl").input_value() == "Nog niet bewaard"
    # Saving is no leaving; an unchanged form is left without a question.
    admin.save("Concept opslaan")
    with admin.page.expect_navigation():
        admin.page.locator(".breadcrumbs a").last.click()
    assert asked == ["beforeunload"]


def test_an_editor_sees_an_edit_link_on_public_pages_and_visitors_do_not(
    open_admin, open_page
):
    admin = open_admin()
    admin.open("/nl/regelgeving/")
    # The link is shown by a script once the page has loaded: wait for it.
    edit = admin.page.get_by_role("link", name="Bewerk deze pagina")
    expect(edit).to_be_visible()
    edit.click()
    admin.page.wait_for_url("**/admin/pages/page/*/change/")
    # Also on an institute's page.
    admin.open("/nl/instituten/")
    with admin.page.expect_navigation():
        admin.page.get_by_role("link").filter(has_text="Gent").first.click()
    expect(admin.page.get_by_role("link", name="Bewerk dit instituut")).to_be_visible()
    visitor = open_page("/nl/regelgeving/").page
    assert visitor.locator("[data-edit-link]").count() == 1
    assert not visitor.get_by_role("link", name="Bewerk deze pagina").is_visible()
