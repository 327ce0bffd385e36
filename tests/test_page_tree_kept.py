"""The page tree each process keeps (PAGE_TREE_KEPT, on with Redis): loaded
once per generation of published content, also with the page cache off.
Its freshness with the page cache on: tests/test_page_cache.py."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import pagecache
from pages.models import Page
from pages.publishing import publish
from pages.tree import PageTree

pytestmark = pytest.mark.django_db

URL = "/nl/regelgeving/"


@pytest.fixture(autouse=True)
def tree_kept(settings):
    settings.PAGE_TREE_KEPT = True
    settings.PAGE_CACHE_SECONDS = 0
    # Not one from another test, whose content was rolled back.
    PageTree.forget_kept()


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


def test_without_the_shared_cache_the_tree_is_loaded_for_every_request(client, content):
    loads_for(client)
    with mock.patch.object(
        pagecache, "shared_cache", side_effect=ConnectionError("cache down")
    ):
        assert loads_for(client)[0] == 1
        assert loads_for(client)[0] == 1
