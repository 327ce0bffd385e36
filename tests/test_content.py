import pytest
from django.core.management import call_command

from pages.models import Page, PageLink
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


def test_content_loads_the_sector_pages_in_four_languages():
    keys = set(Page.objects.values_list("key", flat=True))
    assert {
        "home",
        "regional-institutes",
        "support-institute",
        "government",
        "regulation",
        "links",
        "about",
        "accessibility",
    } <= keys
    for page in Page.objects.all():
        for code in LANGUAGES:
            assert getattr(page, f"title_{code}"), (page.key, code)
            assert getattr(page, f"body_{code}"), (page.key, code)
    assert PageLink.objects.filter(page__key="links").count() >= 4


def test_loading_again_changes_nothing():
    before = list(Page.objects.order_by("pk").values())
    links_before = PageLink.objects.count()
    call_command("load_content", verbosity=0)
    assert list(Page.objects.order_by("pk").values()) == before
    assert PageLink.objects.count() == links_before


def test_loading_never_overwrites_an_editors_change():
    page = Page.objects.get(key="regulation")
    page.title_nl = "Regelgeving (bijgewerkt)"
    page.body_nl = "Nieuwe tekst van de redactie."
    page.save()
    call_command("load_content", verbosity=0)
    page.refresh_from_db()
    assert page.title_nl == "Regelgeving (bijgewerkt)"
    assert page.body_nl == "Nieuwe tekst van de redactie."


def test_a_page_an_editor_deleted_stays_deleted():
    Page.objects.get(key="links").delete()
    call_command("load_content", verbosity=0)
    assert not Page.objects.filter(key="links").exists()


def test_an_institute_an_editor_deleted_stays_deleted():
    from institutes.models import Institute, PostcodeRule

    Institute.objects.get(key="gent").delete()
    rule = PostcodeRule.objects.order_by("order").first()
    rule.delete()
    call_command("load_content", verbosity=0)
    assert not Institute.objects.filter(key="gent").exists()
    assert not PostcodeRule.objects.filter(order=rule.order).exists()
