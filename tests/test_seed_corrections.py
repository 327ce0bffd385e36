"""Corrected seed text reaches a database loaded before (load_content --update):
a field takes the new seed text only while it still holds the seed text it
was given; whatever an editor wrote stays; a page goes through publishing."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from core.history import SEED_CORRECTED
from core.models import SeedRecord
from core.seeding import fingerprint, read_content, read_earlier
from institutes.models import Institute
from institutes.seed import load_institutes
from pages.models import Page, PublishedPage
from pages.publishing import publish
from pages.seed import load_pages

pytestmark = pytest.mark.django_db

# SAAMO Gent as the seed of before gave it.
EARLIER_GENT = {
    "name": "Samenlevingsopbouw Gent",
    "former_name": "",
    "phone": "+32 9 265 84 70",
    "website": "",
    "checked_on": None,
}


def loaded_before(institute, **values):
    """The institute as a database loaded before fingerprints were stored
    holds it."""
    Institute.objects.filter(pk=institute.pk).update(**values)
    SeedRecord.objects.filter(kind="institute", key=institute.key).update(fields={})


def update_institutes():
    config = apps.get_app_config("institutes")
    return load_institutes(
        read_content(config, "institutes.json"),
        update=True,
        earlier=read_earlier(config),
    )


def test_an_institute_takes_the_corrected_seed_but_keeps_the_editors_words(content):
    gent = Institute.objects.get(key="gent")
    loaded_before(gent, **EARLIER_GENT, description_nl="Tekst van een redacteur.")
    assert "Corrected: 1 institutes" in update_institutes()
    gent.refresh_from_db()
    assert (gent.name, gent.former_name, gent.phone, gent.website) == (
        "SAAMO Gent",
        "Samenlevingsopbouw Gent",
        "",
        "https://saamo.be/gent/",
    )
    assert gent.checked_on.isoformat() == "2026-12-05"
    # Not the seed's text of before: an editor's, which stays.
    assert gent.description_nl == "Tekst van een redacteur."
    # The history says why it changed.
    latest = gent.history.order_by("-history_date", "-history_id").first()
    assert json.loads(latest.history_change_reason)["action"] == SEED_CORRECTED
    # Once is enough: nothing left to correct.
    assert "Corrected: 0 institutes" in update_institutes()


def test_a_field_an_editor_changed_after_loading_stays(content):
    limburg = Institute.objects.get(key="limburg")
    limburg.phone = "011 00 00 00"
    limburg.save()
    update_institutes()
    limburg.refresh_from_db()
    assert limburg.phone == "011 00 00 00"


def earlier_page(key, **fields):
    return {
        "page": {key: {name: [fingerprint(value)] for name, value in fields.items()}}
    }


def update_pages(earlier):
    return load_pages(
        read_content(apps.get_app_config("pages"), "pages.json"), True, earlier
    )


def seed_page(key):
    return next(
        entry
        for entry in read_content(apps.get_app_config("pages"), "pages.json")
        if entry["key"] == key
    )


def test_a_page_is_corrected_and_published_with_a_reason(content):
    page = Page.objects.get(key="government")
    Page.objects.filter(pk=page.pk).update(
        body_nl="De oude tekst.", title_nl="De titel van een redacteur"
    )
    SeedRecord.objects.filter(kind="page", key="government").update(fields={})
    page.refresh_from_db()
    publish(page)
    summary = update_pages(earlier_page("government", body_nl="De oude tekst."))
    assert "1 corrected" in summary
    page.refresh_from_db()
    assert page.body_nl == seed_page("government")["body"]["nl"]
    assert page.title_nl == "De titel van een redacteur"
    live = PublishedPage.objects.live().get(page=page)
    assert "Departement Zorg" in live.bodies["nl"]
    assert live.titles["nl"] == "De titel van een redacteur"
    # Visitors see the date the seed's facts were checked.
    assert live.shown_date.isoformat() == "2026-12-05"
    latest = page.history.order_by("-history_date", "-history_id").first()
    assert json.loads(latest.history_change_reason)["action"] == SEED_CORRECTED


def test_a_page_with_an_editors_unpublished_change_keeps_it_in_the_draft(content):
    page = Page.objects.get(key="government")
    Page.objects.filter(pk=page.pk).update(body_nl="De oude tekst.")
    page.refresh_from_db()
    publish(page)
    page.intro_nl = "Een nieuwe inleiding, nog niet gepubliceerd."
    page.save()
    update_pages(earlier_page("government", body_nl="De oude tekst."))
    page.refresh_from_db()
    # The correction waits in the draft; visitors still see the version the
    # editor has not yet replaced.
    assert page.body_nl == seed_page("government")["body"]["nl"]
    live = PublishedPage.objects.live().get(page=page)
    assert "De oude tekst." in live.bodies["nl"]


def test_the_page_links_are_corrected_as_a_whole(content):
    page = Page.objects.get(key="links")
    page.links.update(url="https://www.samenlevingsopbouw.be/")
    old = [
        {
            "url": link.url,
            "labels": {
                f"label_{c}": getattr(link, f"label_{c}")
                for c in ["nl", "fr", "en", "de"]
            },
        }
        for link in page.links.all()
    ]
    update_pages(earlier_page("links", links=old))
    urls = list(page.links.values_list("url", flat=True))
    assert "https://samvzw.be/" in urls and "https://saamo.be/gent/" in urls
    assert "https://www.samenlevingsopbouw.be/" not in urls


def test_the_command_applies_corrections_only_when_asked(content):
    gent = Institute.objects.get(key="gent")
    loaded_before(gent, **EARLIER_GENT)
    call_command("load_content", stdout=io.StringIO())
    gent.refresh_from_db()
    assert gent.name == "Samenlevingsopbouw Gent"
    out = io.StringIO()
    call_command("load_content", "--update", stdout=out)
    gent.refresh_from_db()
    assert gent.name == "SAAMO Gent"
    assert "Corrected: 1 institutes" in out.getvalue()
