"""Addresses never break: 301 to where a page is now, 410 once deleted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import Page, PageAddress
from pages.publishing import publish, unpublish

pytestmark = pytest.mark.django_db

OLD = {
    "nl": "/nl/regelgeving/",
    "fr": "/fr/reglementation/",
    "en": "/en/regulation/",
    "de": "/de/rechtsvorschriften/",
}


def rename(page, **slugs):
    for name, value in slugs.items():
        setattr(page, name, value)
    page.save()
    publish(page)


def test_old_addresses_in_every_language_go_straight_to_the_new_one(client, content):
    page = Page.objects.get(key="regulation")
    rename(page, slug_nl="wetgeving", slug_fr="legislation")
    rename(page, slug_nl="decreet", slug_en="legislation", slug_de="gesetze")
    new = {
        "nl": "/nl/decreet/",
        "fr": "/fr/legislation/",
        "en": "/en/legislation/",
        "de": "/de/gesetze/",
    }
    for code, path in [*OLD.items(), ("nl", "/nl/wetgeving/")]:
        response = client.get(path)
        assert response.status_code == 301, path
        # Straight to the current address: no chain, and on our own host.
        assert response["Location"] == new[code]
        assert client.get(response["Location"]).status_code == 200


def test_moving_a_section_moves_the_addresses_below_it(client, content, make_page):
    child = publish(make_page("Decreet", parent=Page.objects.get(key="regulation")))
    assert client.get("/nl/regelgeving/decreet/").status_code == 200
    page = Page.objects.get(key="regulation")
    page.parent = Page.objects.get(key="government")
    page.save()
    publish(page)
    response = client.get("/nl/regelgeving/decreet/")
    assert response.status_code == 301
    assert response["Location"] == "/nl/vlaamse-overheid/regelgeving/decreet/"
    assert child.page.pk == Page.objects.get(slug_nl="decreet").pk


def test_an_unpublished_page_answers_the_helpful_404(client, content):
    page = Page.objects.get(key="regulation")
    rename(page, slug_nl="wetgeving")
    unpublish(page)
    for path in ("/nl/wetgeving/", "/nl/regelgeving/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Naar de startpagina" in response.content.decode()


def test_a_deleted_page_answers_410_in_the_visitors_language(client, content):
    page = Page.objects.get(key="about")
    rename(page, slug_en="about-this-site")
    page.delete()
    for path in ("/fr/a-propos/", "/en/about/", "/en/about-this-site/"):
        response = client.get(path)
        assert response.status_code == 410, path
    html = client.get("/fr/a-propos/").content.decode()
    assert '<html lang="fr"' in html
    assert "Page supprimée" in html
    assert 'href="/fr/"' in html
    assert PageAddress.objects.filter(page__isnull=True).count() >= 5


def test_an_address_taken_by_another_page_belongs_to_that_page(
    client, content, make_page
):
    page = Page.objects.get(key="regulation")
    rename(page, slug_nl="wetgeving")
    publish(make_page("Regelgeving", slug_nl="regelgeving"))
    assert client.get("/nl/regelgeving/").status_code == 200


def test_a_page_taken_offline_where_one_was_deleted_answers_404(
    client, content, make_page
):
    Page.objects.get(key="about").delete()
    assert client.get("/nl/over-deze-site/").status_code == 410
    newcomer = make_page("Over deze site", slug_nl="over-deze-site")
    publish(newcomer)
    assert client.get("/nl/over-deze-site/").status_code == 200
    unpublish(newcomer)
    assert client.get("/nl/over-deze-site/").status_code == 404
    # Deleted in turn, it is gone again.
    newcomer.delete()
    assert client.get("/nl/over-deze-site/").status_code == 410


def test_a_page_scheduled_where_one_was_deleted_owns_the_address_when_live(
    client, content, make_page
):
    Page.objects.get(key="about").delete()
    newcomer = make_page("Over deze site", slug_nl="over-deze-site")
    start = timezone.now() + timedelta(hours=1)
    publish(newcomer, at=start, until=start + timedelta(hours=1))
    assert PageAddress.objects.get(path="/nl/over-deze-site/").page == newcomer
    assert client.get("/nl/over-deze-site/").status_code == 404
