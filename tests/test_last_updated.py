"""Every content page says when its current text was published, in the
visitor's language, with a machine-readable date."""

import datetime
import re

import pytest
from django.utils import timezone

from institutes.models import Institute
from pages.models import Page, PublishedPage
from pages.publishing import publish
from tests.site import LANGUAGES, page_url_by_key, translated

pytestmark = pytest.mark.django_db

# Django's own date formats per language (DATE_FORMAT).
WRITTEN = {
    "nl": "14 maart 2025",
    "fr": "14 mars 2025",
    "en": "March 14, 2025",
    "de": "14. März 2025",
}


def last_updated(html):
    found = re.findall(
        r'<p class="last-updated">([^<]*) <time datetime="([^"]+)">([^<]+)</time></p>',
        html,
    )
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_shows_when_its_current_text_went_live(client, content, language):
    page = Page.objects.get(key="regulation")
    # Late in the evening, Brussels time: the date is the one Brussels sees.
    moment = timezone.make_aware(datetime.datetime(2025, 3, 14, 23, 30))
    PublishedPage.objects.filter(page=page).update(valid_from=moment, shown_date=None)
    label, machine, written = last_updated(
        client.get(page_url_by_key("regulation", language)).content.decode()
    )
    assert label == translated(language, "Last updated on")
    assert machine == "2025-03-14"
    assert written == WRITTEN[language]


def test_seed_text_shows_the_date_its_facts_were_checked(client, content):
    # However long ago the database was loaded.
    PublishedPage.objects.update(
        valid_from=timezone.now() - datetime.timedelta(days=400)
    )
    for key in ("regulation", "help"):
        machine = last_updated(client.get(page_url_by_key(key, "nl")).content.decode())
        assert machine[1] == "2026-12-05"


def test_publishing_again_moves_the_date_and_a_draft_does_not(client, content):
    page = Page.objects.get(key="regulation")
    PublishedPage.objects.filter(page=page).update(
        valid_from=timezone.now() - datetime.timedelta(days=400), shown_date=None
    )
    path = page_url_by_key("regulation", "nl")
    before = last_updated(client.get(path).content.decode())[1]
    page.body_nl += "\n\nEen nieuwe alinea."
    page.save()
    assert last_updated(client.get(path).content.decode())[1] == before
    publish(page)
    today = timezone.localdate().isoformat()
    assert last_updated(client.get(path).content.decode())[1] == today != before


def test_every_content_page_and_institute_says_it(client, content):
    for key in Page.objects.exclude(key="").values_list("key", flat=True):
        for language in LANGUAGES:
            last_updated(client.get(page_url_by_key(key, language)).content.decode())
    institute = (
        Institute.objects.filter(published_versions__isnull=False).distinct().first()
    )
    _label, machine, _written = last_updated(
        client.get(institute.get_absolute_url("fr")).content.decode()
    )
    assert machine == timezone.localdate(institute.updated_at).isoformat()
