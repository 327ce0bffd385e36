"""What each process keeps while nothing is published (KEEP_PUBLISHED, on
with Redis): the page tree with the pages' texts, the institutes, the
postcode rules and Statbel's tables, loaded once per generation of published
content, and the parts of pages rendered once ({% keep %}), also with the
page cache off. Their freshness after every kind of edit, with the page
cache on: tests/test_page_cache.py."""

from unittest import mock

import pytest
from django.db import connection
from django.template import Template, engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import pagecache
from institutes import opendata
from institutes.models import Institute
from pages.models import Page
from pages.publishing import publish
from pages.tree import PageTree
from samenleving import fontsize
from tests.site import FONT_SIZES, LANGUAGES, institutes_url, page_url_by_key

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
        institutes_url("finder", "nl", q="gent"),
        institutes_url("list", "nl"),
        gent.get_absolute_url("nl"),
        institutes_url("open_data_json", "nl"),
    ]
    for url in urls:
        client.get(url)
    for url in urls[:2]:
        read = tables_read(client, url)
        for table in ("postcoderule", "postalcode", "municipality", "placename"):
            assert f"institutes_{table}" not in read
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


@pytest.mark.parametrize("name", ["open_data_json", "open_data_csv"])
def test_an_open_data_file_is_written_once_for_each_address_it_is_asked_at(
    client, content, settings, name
):
    # Its links are absolute: one file per host, written again after a change.
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    url = institutes_url(name, "nl")
    with (
        mock.patch("institutes.opendata.as_json", wraps=opendata.as_json),
        mock.patch("institutes.opendata.as_csv", wraps=opendata.as_csv),
    ):
        files = [
            client.get(url, HTTP_HOST=host).content.decode()
            for host in ("one.example", "two.example", "one.example")
        ]
        writes = opendata.as_json.call_count + opendata.as_csv.call_count
    assert "http://one.example/" in files[0] and "two.example" not in files[0]
    assert "http://two.example/" in files[1] and "one.example" not in files[1]
    assert files[2] == files[0]
    assert writes == 2
    institute = Institute.objects.get(key="gent")
    institute.phone = "09 123 45 67"
    institute.save()
    assert "09 123 45 67" in client.get(url, HTTP_HOST="one.example").content.decode()


def test_a_finder_answer_is_kept_for_its_input_but_an_error_is_not(client, content):
    from institutes import views

    found = institutes_url("finder", "nl", q="9040")
    wrong = institutes_url("finder", "nl", q="12")
    with mock.patch.object(
        views, "finder_context", wraps=views.finder_context
    ) as built:
        for url in (found, found, wrong, wrong):
            assert client.get(url).status_code == 200
    assert built.call_count == 3


KEPT = '{% load keep %}{% keep "part" shown %}{{ shown }} {{ other }}{% endkeep %}'


def render_kept(shown, other, request=None):
    request = request or RequestFactory().get("/nl/")
    template = engines["django"].from_string(KEPT)
    return template.render({"shown": shown, "other": other}, request)


def test_a_part_is_rendered_once_for_what_it_varies_with():
    assert "1 first" in render_kept(1, "first")
    # What the part does not name as varying is not read again...
    assert "1 first" in render_kept(1, "second")
    # ...what it names is, as is the language.
    assert "2 second" in render_kept(2, "second")
    with translation.override("fr"):
        assert "1 third" in render_kept(1, "third")
    pagecache.start_new_generation()
    assert "1 fourth" in render_kept(1, "fourth")


def test_editors_and_a_site_without_keeping_render_every_part(settings):
    editor = RequestFactory().get("/nl/")
    editor.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert render_kept(1, "first", editor) == "1 first"
    assert render_kept(1, "second", editor) == "1 second"
    settings.KEEP_PUBLISHED = False
    assert render_kept(1, "third") == "1 third"


def test_made_up_values_cannot_grow_what_is_kept(settings):
    settings.KEPT_FRAGMENTS = 5
    for number in range(50):
        render_kept(number, "")
    assert len(pagecache._recent) == 5
    # The most recently used stay.
    assert "49 now" not in render_kept(48, "now")


def test_a_kept_part_needs_a_quoted_name():
    with pytest.raises(Exception, match="quoted name"):
        Template("{% load keep %}{% keep part %}{% endkeep %}")


def page_addresses():
    gent = Institute.objects.get(key="gent")
    addresses = []
    for language in LANGUAGES:
        addresses += [
            page_url_by_key("home", language),
            page_url_by_key("regulation", language),
            institutes_url("list", language),
            gent.get_absolute_url(language),
            institutes_url("finder", language),
            institutes_url("open_data", language),
            f"/{language}/nergens/",
        ]
        with translation.override(language):
            search = reverse("search:results")
        # The header shows the search term: each its own, also where the
        # address is too long for the font-size switch to return to.
        addresses += [f"{search}?q={term}" for term in ("opbouw", "gent")]
        addresses += [f"{search}?q={term * 500}" for term in ("gent+", "wijk+")]
        for query in (
            "9040",
            " 9040",
            "gent",
            "GENT",
            "Wondelgem",
            "1000",
            "4000",
            "9999",
            "xyz",
            "",
        ):
            addresses.append(institutes_url("finder", language, q=query))
    return addresses


def sent(variants):
    """The pages as sent, soft hyphens included (Django's own client)."""
    pages = []
    visitor = Client()
    for address, size in variants:
        visitor.cookies[fontsize.COOKIE_NAME] = size
        pages.append(visitor.get(address).content.decode())
    return pages


def test_pages_are_the_same_whether_their_parts_are_kept_or_not(content, settings):
    addresses = page_addresses()
    # The font size changes the header only: every size on the home pages.
    variants = [(address, "normal") for address in addresses] + [
        (page_url_by_key("home", language), size)
        for language in LANGUAGES
        for size in FONT_SIZES[1:]
    ]
    settings.KEEP_PUBLISHED = False
    rendered = sent(variants)
    settings.KEEP_PUBLISHED = True
    sent(variants)  # the parts are kept...
    kept = sent(variants)  # ...and served
    for variant, expected, page in zip(variants, rendered, kept, strict=True):
        assert page == expected, variant
        assert "hyphenated-->" not in page
