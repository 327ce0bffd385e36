"""Institutes are published like pages: the Institute row is the editors'
draft, visitors see only its published version (institutes/publishing.py)."""

import importlib
import json
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from core.pagecache import start_new_generation
from core.signals import next_scheduled_change
from institutes.models import Institute, PublishedInstitute
from institutes.publishing import State, draft_state, publish, unpublish
from pages.publishing import publish as publish_page
from tests.test_merge import opened, send

pytestmark = pytest.mark.django_db

PHONE = "09 876 54 32"
PHONE_LINK = 'href="tel:+3298765432"'


@pytest.fixture(autouse=True)
def page_cache(settings):
    # The page cache on: a new version must reach the next request anyway.
    settings.PAGE_CACHE_SECONDS = 600


def gent():
    return Institute.objects.get(key="gent")


def institutes_url(name, language="nl", **kwargs):
    with translation.override(language):
        return reverse(f"institutes:{name}", kwargs=kwargs or None)


def public_views(client, institute):
    """What visitors are shown of the institutes, everywhere: {where: text}."""
    with translation.override("nl"):
        search = reverse("search:results")
    return {
        "detail": client.get(institute.get_absolute_url("nl")).content.decode(),
        "list": client.get(institutes_url("list")).content.decode(),
        "finder": client.get(institutes_url("finder"), {"q": "9000"}).content.decode(),
        "json": client.get(institutes_url("open_data_json")).content.decode(),
        "csv": client.get(institutes_url("open_data_csv")).content.decode("utf-8"),
        "search": client.get(search, {"q": "zwerfvuilactie"}).content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }


def change_contact_details(institute):
    institute.phone = PHONE
    institute.street = "Kortrijksesteenweg 1"
    institute.description_nl = "Wij organiseren elk jaar een zwerfvuilactie."
    institute.slug_en = "community-development-ghent"
    institute.save()


def assert_draft_unseen(views):
    assert PHONE_LINK not in views["detail"]
    assert PHONE_LINK not in views["list"]
    assert PHONE_LINK not in views["finder"]
    assert "Kortrijksesteenweg" not in views["json"]
    assert "Kortrijksesteenweg" not in views["csv"]
    assert "search-result" not in views["search"]
    assert "community-development-ghent" not in views["sitemap"]


def assert_published_seen(views):
    assert PHONE_LINK in views["detail"]
    assert PHONE_LINK in views["list"]
    assert PHONE_LINK in views["finder"]
    assert "Kortrijksesteenweg 1" in views["json"]
    assert "Kortrijksesteenweg 1" in views["csv"]
    assert "search-result" in views["search"] and "SAAMO Gent" in views["search"]
    assert "community-development-ghent" in views["sitemap"]


def test_a_saved_draft_reaches_no_visitor_until_it_is_published(client, content):
    institute = gent()
    public_views(client, institute)  # now in the page cache
    change_contact_details(institute)
    assert_draft_unseen(public_views(client, institute))
    publish(institute)
    assert_published_seen(public_views(client, institute))


def test_a_scheduled_version_shows_at_its_moment(client, content):
    institute = gent()
    change_contact_details(institute)
    moment = timezone.now() + timedelta(hours=1)
    publish(institute, at=moment)
    assert next_scheduled_change() == moment
    assert_draft_unseen(public_views(client, institute))
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        assert_published_seen(public_views(client, institute))


def test_taking_offline_at_a_moment(client, content):
    institute = gent()
    url = institute.get_absolute_url("nl")
    moment = timezone.now() + timedelta(minutes=5)
    unpublish(institute, at=moment)
    assert client.get(url).status_code == 200
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        assert client.get(url).status_code == 404
        assert "SAAMO Gent" not in client.get(institutes_url("list")).content.decode()


def test_a_page_links_to_an_institute_only_while_it_is_published(client, make_page):
    page = make_page("Over Gent", body_nl="Zie [SAAMO Gent](instituut:gent).")
    publish_page(page)
    institute = gent()
    url = page.get_absolute_url()
    assert (
        f'href="{institute.get_absolute_url("nl")}"' in client.get(url).content.decode()
    )
    institute.slug_nl = "saamo-gent"
    institute.save()
    # The link follows the published address, not the draft's.
    html = client.get(url).content.decode()
    assert 'href="/nl/instituten/saamo-gent/"' not in html
    publish(institute)
    assert 'href="/nl/instituten/saamo-gent/"' in client.get(url).content.decode()
    unpublish(institute)
    assert "/nl/instituten/saamo-gent/" not in client.get(url).content.decode()


# The admin -------------------------------------------------------------------


def change_url(institute):
    return f"/admin/institutes/institute/{institute.pk}/change/"


def test_the_admin_saves_a_draft_and_publishes_it(client, editor_client, content):
    institute = gent()
    url = change_url(institute)
    form = opened(editor_client, url)
    response = send(editor_client, url, form, phone=PHONE)
    assert response.status_code == 302
    page = editor_client.get(url).content.decode()
    assert "gewijzigd na publicatie" in page
    assert 'name="_publish"' in page and 'name="_unpublish"' in page
    assert "Concept opslaan" in page
    assert (
        PHONE_LINK not in client.get(institute.get_absolute_url("nl")).content.decode()
    )
    form = opened(editor_client, url)
    form.pop("_continue")
    response = send(editor_client, url, form, _publish="Publiceren")
    assert response.status_code == 302
    assert PHONE_LINK in client.get(institute.get_absolute_url("nl")).content.decode()
    page = editor_client.get(url).content.decode()
    assert "gepubliceerd" in page and "Online sinds" in page
    institute.refresh_from_db()
    assert (
        draft_state(institute, list(institute.published_versions.all()))
        == State.PUBLISHED
    )


def test_the_admin_schedules_a_publication_in_brussels_time(
    client, editor_client, content
):
    institute = gent()
    url = change_url(institute)
    form = opened(editor_client, url)
    form.pop("_continue")
    moment = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=15, minute=6, second=0, microsecond=0
    )
    response = send(
        editor_client,
        url,
        form,
        phone=PHONE,
        publish_at_0=moment.strftime("%d-%m-%Y"),
        publish_at_1="15:06",
        _publish="Publiceren",
    )
    assert response.status_code == 302
    page = editor_client.get(url).content.decode()
    assert "Wordt gepubliceerd op" in page and "om 15:06" in page
    month = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli",
        "augustus", "september", "oktober", "november", "december",
    ][moment.month - 1]  # fmt: skip
    assert f"{moment.day} {month}" in page
    assert (
        PHONE_LINK not in client.get(institute.get_absolute_url("nl")).content.decode()
    )
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        detail = client.get(institute.get_absolute_url("nl")).content.decode()
    assert PHONE_LINK in detail


def test_the_preview_shows_the_draft_with_the_banner_and_is_never_cached(
    client, editor_client, content
):
    institute = gent()
    institute.phone = PHONE
    institute.save()
    url = f"/admin/institutes/institute/{institute.pk}/preview/nl/"
    response = editor_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld: bezoekers zien dit nog niet" in html
    assert PHONE_LINK in html
    assert change_url(institute) in html  # the way back
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html
    # Visitors still see the published version.
    assert (
        PHONE_LINK not in client.get(institute.get_absolute_url("nl")).content.decode()
    )
    # The form as it is, unsaved: posted from the Voorbeeld button.
    form = opened(editor_client, change_url(institute))
    response = send(editor_client, url, form, email="nieuw@example.org")
    assert response.status_code == 303
    shown = editor_client.get(response["Location"]).content.decode()
    assert "nieuw@example.org" in shown
    assert "nog niet bewaard" in shown
    assert gent().email != "nieuw@example.org"


def test_revert_restores_the_draft_and_visitors_see_it_once_published(
    client, editor_client, content
):
    institute = gent()
    before = institute.phone
    institute.phone = PHONE
    institute.save()
    publish(institute)
    detail = institute.get_absolute_url("nl")
    assert PHONE_LINK in client.get(detail).content.decode()
    record = institute.history.filter(phone=before).order_by("-history_id").first()
    history = editor_client.get(
        f"/admin/institutes/institute/{institute.pk}/history/"
    ).content.decode()
    assert "Terugzetten" in history
    response = editor_client.post(
        f"/admin/institutes/institute/{institute.pk}/history/"
        f"{record.history_id}/revert/"
    )
    assert response.status_code == 302
    assert gent().phone == before
    assert PHONE_LINK in client.get(detail).content.decode()
    publish(gent())
    assert PHONE_LINK not in client.get(detail).content.decode()


# Loading and migrating ------------------------------------------------------


def test_the_seed_publishes_every_institute_as_loaded(content):
    for institute in Institute.objects.all():
        version = institute.published_versions.live().get()
        shown = version.as_institute()
        for name in ("name", "phone", "email", "website", "street", "slug_nl"):
            assert getattr(shown, name) == getattr(institute, name)
        assert shown.region == institute.region
        assert set(version.themes.all()) == set(institute.themes.all())
        assert draft_state(institute, [version]) == State.PUBLISHED


def test_the_data_migration_keeps_what_visitors_see(client, content):
    def visible():
        return {
            "json": client.get(institutes_url("open_data_json")).json(),
            "csv": client.get(institutes_url("open_data_csv")).content,
            "list": client.get(institutes_url("list")).content,
            "detail": client.get(gent().get_absolute_url("fr")).content,
        }

    before = visible()
    # As before the migration: no versions (deleted past the one moment,
    # so the cache is emptied by hand).
    PublishedInstitute.objects.all().delete()
    start_new_generation()
    assert client.get(gent().get_absolute_url("fr")).status_code == 404
    migration = importlib.import_module("institutes.migrations.0014_publish_institutes")
    migration.publish_all(apps, None)
    start_new_generation()
    after = visible()
    assert json.dumps(after["json"], sort_keys=True) == json.dumps(
        before["json"], sort_keys=True
    )
    for name in ("csv", "list", "detail"):
        assert after[name] == before[name], name
    for institute in Institute.objects.all():
        versions = list(institute.published_versions.all())
        assert draft_state(institute, versions) == State.PUBLISHED


def test_the_overview_lists_a_scheduled_institute(editor_client, content):
    institute = gent()
    moment = timezone.now() + timedelta(days=2)
    publish(institute, at=moment)
    text = editor_client.get("/admin/overzicht/").content.decode()
    scheduled = text.split('id="changes-title"')[0]
    assert "Pagina of instituut" in scheduled
    assert "SAAMO Gent" in scheduled and "Wordt gepubliceerd op" in scheduled
    assert change_url(institute) in scheduled
