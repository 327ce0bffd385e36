"""What each process keeps while nothing is published (KEEP_PUBLISHED, on
with Redis): the page tree with the pages' texts, the institutes and the
postcode rules, loaded once per generation of published content, also with
the page cache off. Their freshness after every kind of edit, with the page
cache on: tests/test_page_cache.py."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import pagecache
from institutes.models import Institute
from pages.models import Page
from pages.publishing import publish
from pages.tree import PageTree
from tests.site import institutes_url

pytestmark = pytest.mark.django_db

URL = "/nl/regelgeving/"


@pytest.fixture(autouse=True)
def tree_kept(settings):
    settings.KEEP_PUBLISHED = True
    settings.PAGE_CACHE_SECONDS = 0
    # Not what another test kept, whose content was rolled back.
    pagecache.forget_kept()


def loads_for(client, url=URL):
    with mock.patch.object(PageTree, "load", wraps=PageTree.load) as load:
        response = client.get(url)
    assert response.status_code == 200
    return load.call_count, response.content.decode()


def test_the_tree_is_loaded_once_and_again_after_a_change(client, content):
    assert loads_for(client)[0] == 1
    assert loads_for(client)[0] == 0
    assert loads_for(client, "/fr/")[0] == 0
    page = Page.objects.get(key="regulation")
    page.title_nl = "Wetgeving"
    page.save()
    publish(page)
    loads, html = loads_for(client)
    assert loads == 1
    assert "Wetgeving" in html


def test_a_page_reads_its_texts_once_while_the_tree_is_kept(client, content):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert not [q for q in queries if "pages_publishedpage" in q["sql"]]
    page = Page.objects.get(key="regulation")
    page.intro_nl = "Een nieuwe inleiding."
    page.save()
    publish(page)
    assert "Een nieuwe inleiding." in loads_for(client)[1]


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_without_the_shared_cache_the_tree_is_loaded_for_every_request(
    client, content, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    loads_for(client)
    with mock.patch.object(
        pagecache, "shared_cache", side_effect=ConnectionError("cache down")
    ) as down:
        assert loads_for(client)[0] == 1
        assert loads_for(client)[0] == 1
    # Asked once per request: a cache that hangs is waited for once.
    assert down.call_count == 2


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries)


def test_institutes_and_rules_are_read_once(client, content):
    gent = Institute.objects.get(key="gent")
    urls = [
        institutes_url("finder", "nl", q="9040"),
        institutes_url("list", "nl"),
        gent.get_absolute_url("nl"),
        institutes_url("open_data_json", "nl"),
    ]
    for url in urls:
        client.get(url)
    assert "institutes_postcoderule" not in tables_read(client, urls[0])
    for url in urls:
        assert "institutes_institute" not in tables_read(client, url)
        assert "institutes_division" not in tables_read(client, url)
    gent.phone = "09 123 45 67"
    gent.save()
    for url in urls:
        assert "09 123 45 67" in client.get(url).content.decode()


def test_editors_read_everything_anew(editor_client, content):
    listing = institutes_url("list", "nl")
    editor_client.get(listing)
    assert "institutes_institute" in tables_read(editor_client, listing)
