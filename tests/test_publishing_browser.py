"""The editor's whole round in the Dutch admin, in a real browser: draft,
preview, publish, history, revert, a new address, and a scheduled version."""

import contextlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Error as TargetClosedError

from pages.models import Page
from tests.axe import violations as axe_check
from tests.browsing import visible_text
from tests.test_admin_accessibility import ALLOWED

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture
def editor_page(new_page, site):
    User.objects.create_superuser("redacteur", "redacteur@example.org", PASSWORD)
    page = new_page()
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def visitor(new_page):
    return new_page()


def fill_translated(page, field, language, value):
    page.get_by_role("tablist", name=field).get_by_role("tab", name=language).click()
    page.locator(f"#id_{field_name(field)}_{language_code(language)}").fill(value)


def field_name(label):
    return {"titel": "title", "slug": "slug"}[label]


def language_code(name):
    return {"Nederlands": "nl", "Français": "fr", "English": "en", "Deutsch": "de"}[
        name
    ]


def heading(page):
    return visible_text(page.get_by_role("heading", level=1))


def test_draft_preview_publish_history_revert_and_new_address(editor_page, visitor):
    page = editor_page
    regulation = Page.objects.get(key="regulation")
    change_url = f"/admin/pages/page/{regulation.pk}/change/"
    page.goto(change_url)
    assert axe_check(page, allowed=ALLOWED) == [], "the page form"

    # 1. A draft: visitors see no change.
    fill_translated(page, "titel", "Nederlands", "Regelgeving en decreet")
    fill_translated(page, "titel", "Français", "Réglementation et décret")
    page.get_by_role("button", name="Concept opslaan").click()
    assert "Bezoekers zien geen verschil" in page.locator(".messagelist").inner_text()
    visitor.goto("/nl/regelgeving/")
    assert heading(visitor) == "Regelgeving"

    # 2. The preview shows the form as it is, unsaved, with the public
    # templates, in two languages and two font sizes, and is clean for axe.
    page.locator("#id_intro_nl").fill("Nog niet bewaard.")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Voorbeeld").click()
    form_page, page = page, opened.value
    page.wait_for_url(f"**/admin/pages/page/{regulation.pk}/preview/nl/?formulier=*")
    assert heading(page) == "Regelgeving en decreet"
    banner = page.get_by_role("region", name="Voorbeeld: bezoekers zien dit nog niet")
    assert "nog niet bewaard" in banner.inner_text()
    assert "Nog niet bewaard." in page.locator("main").inner_text()
    assert Page.objects.get(pk=regulation.pk).intro_nl != "Nog niet bewaard."
    assert page.locator("nav.breadcrumb").count() == 1
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert axe_check(page) == [], "the preview"
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/preview/fr/?formulier=*")
    assert heading(page) == "Réglementation et décret"
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("button[name=size][value=largest]").click()
    page.wait_for_function("document.documentElement.classList.contains('fs-largest')")
    page.reload()
    assert "fs-largest" in page.locator("html").get_attribute("class")
    assert heading(page) == "Réglementation et décret"
    assert axe_check(page) == [], "the preview at the largest size"
    # "Back to the form" closes the preview's tab: the form is as it was left.
    back = page.get_by_role("link", name="Terug naar het formulier")
    with contextlib.suppress(TargetClosedError):  # the tab closes while clicked
        back.click()
    assert page.is_closed()
    page = form_page
    assert page.locator("#id_intro_nl").input_value() == "Nog niet bewaard."

    # 3. Publish: visitors see the new version.
    page.goto(change_url)
    page.get_by_role("button", name="Publiceren").click()
    assert "is gepubliceerd" in page.locator(".messagelist").inner_text()
    visitor.goto("/nl/regelgeving/")
    assert heading(visitor) == "Regelgeving en decreet"

    # 4. The history shows what changed, per field and language, in Dutch.
    page.get_by_role("link", name="Geschiedenis").click()
    history = page.locator("#content-main")
    assert "Titel (Nederlands)" in history.inner_text()
    assert "Titel (Frans)" in history.inner_text()
    assert "Gepubliceerd" in history.inner_text()
    assert "loaded_version" not in page.content()
    assert axe_check(page, allowed=ALLOWED) == [], "the history"

    # 5. Revert to the first version: it becomes the draft, and is recorded.
    page.get_by_role("button", name=re.compile("^Terugzetten")).last.click()
    assert "is nu het concept" in page.locator(".messagelist").inner_text()
    assert page.locator("#id_title_nl").input_value() == "Regelgeving"
    page.goto(f"/admin/pages/page/{regulation.pk}/history/")
    assert "Teruggezet naar de versie van" in page.locator("#content-main").inner_text()

    # 6. A new address in every language; the old ones lead to it.
    page.goto(change_url)
    for language, slug in (
        ("Nederlands", "wetgeving"),
        ("Français", "legislation"),
        ("English", "legislation"),
        ("Deutsch", "gesetze"),
    ):
        page.get_by_role("tablist", name="naam in het webadres").get_by_role(
            "tab", name=language
        ).click()
        page.locator(f"#id_slug_{language_code(language)}").fill(slug)
    page.get_by_role("button", name="Publiceren").click()
    assert "is gepubliceerd" in page.locator(".messagelist").inner_text()
    for old, new, title in (
        ("/nl/regelgeving/", "/nl/wetgeving/", "Regelgeving"),
        ("/fr/reglementation/", "/fr/legislation/", "Réglementation"),
        ("/en/regulation/", "/en/legislation/", "Regulation"),
        ("/de/rechtsvorschriften/", "/de/gesetze/", "Rechtsvorschriften"),
    ):
        response = visitor.request.get(old, max_redirects=0)
        assert response.status == 301, old
        assert response.headers["location"] == new
        visitor.goto(old)
        assert visitor.url.endswith(new)
        # The reverted version, now published, under its new address.
        assert heading(visitor) == title


def test_a_version_scheduled_a_few_seconds_ahead_goes_online_by_itself(
    editor_page, visitor
):
    page = editor_page
    government = Page.objects.get(key="government")
    page.goto(f"/admin/pages/page/{government.pk}/change/")
    fill_translated(page, "titel", "Nederlands", "Wat de overheid doet")
    # The form takes whole seconds.
    moment = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(
        microsecond=0
    )
    page.locator("#id_publish_at_0").fill(moment.strftime("%d-%m-%Y"))
    page.locator("#id_publish_at_1").fill(moment.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Publiceren").click()
    assert "wordt gepubliceerd op" in page.locator(".messagelist").inner_text()
    assert "Wordt gepubliceerd op" in page.locator(".field-publication").inner_text()
    assert axe_check(page, allowed=ALLOWED) == [], "the form of a scheduled page"
    page.goto("/admin/pages/page/")
    row = page.locator("tr", has_text="Wat de overheid doet")
    assert "gepland" in row.inner_text()

    visitor.goto("/nl/vlaamse-overheid/")
    assert heading(visitor) == "De rol van de Vlaamse overheid"
    # The live server runs in this process: its clock moves on to just after
    # the moment, and nobody publishes anything meanwhile.
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        visitor.goto("/nl/vlaamse-overheid/")
        assert heading(visitor) == "Wat de overheid doet"
