"""The full-page cache: what a visitor gets is never older than what is published.

The cache here lives in the test database (tests/settings.py), so each test
starts empty and its entries are rolled back with it. Two servers behind nginx,
sharing one Redis and one PostgreSQL: tests/test_cluster.py.
"""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import pagecache
from core.pagecache import PageCacheMiddleware
from feedback.models import Feedback
from institutes.models import Division, Institute, PostcodeRule, Region, Theme
from institutes.publishing import publish as publish_institute
from pages.models import Page, PageLink
from pages.publishing import publish, unpublish
from pages.tree import PageTree
from tests.markup import as_seen
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db

SIZES = ("normal", "larger", "largest")
# A hit reads the generation and the entry at once: one query on the database
# cache, none on Redis.
HIT_QUERIES = 1


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def cache_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cache_entries")
        return cursor.fetchone()[0]


# One anonymous client for every request (a new one loads the middleware
# again).
_visitor = Client()


def visitor(size="normal"):
    _visitor.cookies.clear()
    _visitor.cookies["lettergrootte"] = size
    return _visitor


def page_urls(key="regulation"):
    return PageTree.load().get(key).urls()


def institute():
    return Institute.objects.get(key="gent")


def every_variant(urls):
    """{(url, size): html} for every address given, in every font size."""
    return {
        (url, size): visitor(size).get(url).content.decode()
        for url in urls
        for size in SIZES
    }


def test_a_second_visit_is_served_whole_from_the_cache(
    content, django_assert_num_queries
):
    url = page_urls()["nl"]
    first = visitor().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(HIT_QUERIES):
        again = visitor().get(url)
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    # Every header the site sets on a page (ETag, Vary, the security
    # headers...) is the same on the copy; only these are per answer (nginx's
    # expiry is the second the answer is sent in).
    per_answer = {"x-cache", "x-request-id", "cache-control", "x-accel-expires"}
    assert {
        name: value for name, value in again.items() if name.lower() not in per_answer
    } == {
        name: value for name, value in first.items() if name.lower() not in per_answer
    }
    assert "Cookie" in again["Vary"]
    assert "default-src 'none'" in again["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/nl/instituten/",
        "/fr/instituts/",
        "/nl/instituten/zoeken/?q=9040",
        "/nl/instituten/institutes.json",
        "/nl/instituten/institutes.csv",
        "/nl/instituten/open-data/",
    ],
)
def test_institutes_finder_answers_and_open_data_are_cached(
    content, django_assert_num_queries, path
):
    first = visitor().get(path)
    assert first.status_code == 200
    with django_assert_num_queries(HIT_QUERIES):
        again = visitor().get(path)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_public_pages_are_revalidated_before_every_use(content):
    # A reload right after "Publiceren" must show the new page: browsers may
    # store a page, but ask again with its ETag (an unchanged page costs a 304).
    url = page_urls()["nl"]
    before = int(time.time())
    first = visitor().get(url)
    cached = visitor().get(url)
    after = int(time.time())
    for response in (first, cached):
        assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}
        assert response["ETag"]
        # nginx keeps it until the end of this second, never longer.
        assert before <= int(response["X-Accel-Expires"].removeprefix("@")) <= after
    again = visitor().get(url, headers={"if-none-match": cached["ETag"]})
    assert again.status_code == 304
    head = visitor().head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == cached["ETag"]


def assert_all_changed(before, expected_text):
    for (url, size), html in before.items():
        now = visitor(size).get(url)
        assert now.status_code == 200, (url, size)
        assert expected_text in now.content.decode(), (url, size)
        assert now.content.decode() != html, (url, size)


def test_publishing_a_page_shows_in_every_language_and_size_at_once(content):
    urls = page_urls()
    before = every_variant(urls.values())
    page = Page.objects.get(key="regulation")
    for code in LANGUAGES:
        setattr(page, f"intro_{code}", f"Nieuw sinds vandaag ({code}).")
    page.save()
    # A saved draft is not published: visitors still see the same page.
    for (url, size), html in before.items():
        assert visitor(size).get(url).content.decode() == html
    publish(page)
    for (url, size), _html in before.items():
        language = url.split("/")[1]
        assert f"Nieuw sinds vandaag ({language})." in (
            visitor(size).get(url).content.decode()
        )


def test_a_new_link_shows_once_published(content):
    urls = page_urls()
    before = every_variant(urls.values())
    page = Page.objects.get(key="regulation")
    PageLink.objects.create(
        page=page, label_nl="Het Staatsblad", url="https://www.ejustice.just.fgov.be/"
    )
    publish(page)
    assert_all_changed(before, "Het Staatsblad")


def test_taking_a_page_offline_is_seen_on_the_next_request(content):
    urls = page_urls()
    before = every_variant(urls.values())
    unpublish(Page.objects.get(key="regulation"))
    for url, size in before:
        assert visitor(size).get(url).status_code == 404


def test_a_new_page_in_the_tree_shows_in_every_menu(content, make_page):
    urls = page_urls("home")
    before = every_variant(urls.values())
    publish(make_page("Nieuwsberichten", title_fr="Actualités", slug_fr="actualites"))
    for (url, size), html in before.items():
        now = visitor(size).get(url).content.decode()
        assert now != html
        title = "Actualités" if url.startswith("/fr/") else "Nieuwsberichten"
        assert title in as_seen(now)


def list_urls():
    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls.append(reverse("institutes:list"))
    return urls


def edit_institute(gent):
    gent.phone = "09 123 45 67"
    gent.save()
    publish_institute(gent)
    return "09 123 45 67"


def edit_region(gent):
    region = Region.objects.get(pk=gent.region_id)
    for code in LANGUAGES:
        setattr(region, f"name_{code}", "Gent-Zuid")
    region.save()
    return "Gent-Zuid"


def edit_theme(gent):
    theme = Theme.objects.create(key="energie", name_nl="Energiearmoede")
    gent.themes.add(theme)
    publish_institute(gent)
    return "Energiearmoede"


def edit_division(gent):
    division = Division.objects.get()
    for code in LANGUAGES:
        setattr(division, f"name_{code}", "Afdeling Samenleving en Buurt")
    division.save()
    return "Afdeling Samenleving en Buurt"


@pytest.mark.parametrize(
    "edit, where",
    [
        (edit_institute, "detail"),
        (edit_institute, "list"),
        (edit_region, "detail"),
        (edit_theme, "detail"),
        (edit_division, "list"),
    ],
)
def test_saving_what_institute_pages_show_is_seen_on_the_next_request(
    content, edit, where
):
    gent = institute()
    urls = gent.urls().values() if where == "detail" else list_urls()
    before = every_variant(urls)
    expected = edit(gent)
    assert_all_changed(before, expected)


def test_a_changed_rule_changes_the_finders_answer(content):
    url = "/nl/instituten/zoeken/?q=9040"
    before = every_variant([url])
    rule = PostcodeRule.objects.filter(postcodes__contains="9040").first()
    assert rule is not None
    rule.note_nl = "Sint-Amandsberg valt onder Gent."
    rule.save()
    assert_all_changed(before, "Sint-Amandsberg valt onder Gent.")


def test_a_scheduled_publication_shows_at_its_moment(content):
    url = page_urls()["nl"]
    page = Page.objects.get(key="regulation")
    page.intro_nl = "Vanaf morgen geldt een nieuw decreet."
    page.save()
    moment = timezone.now() + timedelta(hours=1)
    publish(page, at=moment)
    first = visitor().get(url)
    assert "Vanaf morgen" not in first.content.decode()
    assert visitor().get(url).content == first.content
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        assert "Vanaf morgen" in visitor().get(url).content.decode()


def test_staff_are_never_served_from_nor_stored_in_the_cache(
    client, editor_client, content
):
    url = page_urls()["nl"]
    cached = visitor().get(url).content.decode()
    keys = cache_keys()
    # A change that bypasses the one moment on purpose: only a render shows it.
    page = Page.objects.get(key="regulation")
    page.published_versions.update(intros={"nl": "Alleen na een nieuwe weergave."})
    assert visitor().get(url).content.decode() == cached
    response = editor_client.get(url)
    assert "Alleen na een nieuwe weergave." in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Expires" not in response
    assert cache_keys() == keys


def test_a_preview_is_never_cached(editor_client, content):
    page = Page.objects.get(key="regulation")
    keys = cache_keys()
    page.intro_nl = "Nog geheim."
    page.save()
    keys = cache_keys()
    preview = editor_client.get(f"/admin/pages/page/{page.pk}/preview/nl/")
    assert "Nog geheim." in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert cache_keys() == keys
    assert "Nog geheim." not in visitor().get(page_urls()["nl"]).content.decode()


def test_a_response_that_sets_a_cookie_or_answers_a_post_is_not_kept(content):
    def sets_a_cookie(request):
        response = pagecache.public_page(lambda request: _ok())(request)
        response.set_cookie("iets", "persoonlijks")
        return response

    def _ok():
        from django.http import HttpResponse

        return HttpResponse("ok")

    keys = cache_keys()
    factory = RequestFactory()
    PageCacheMiddleware(sets_a_cookie)(factory.get("/nl/iets/"))
    PageCacheMiddleware(pagecache.public_page(lambda request: _ok()))(
        factory.post("/nl/iets/")
    )
    assert cache_keys() == keys
    PageCacheMiddleware(pagecache.public_page(lambda request: _ok()))(
        factory.get("/nl/iets/")
    )
    assert cache_keys() == keys + 1


def test_garbage_cookies_cannot_grow_the_cache(content):
    home = page_urls("home")["nl"]
    visitor().get(home)
    keys = cache_keys()
    for number in range(30):
        response = visitor(size=f"x{number}%3Cscript%3E").get(home)
        assert 'class="fs-normal"' in response.content.decode()
    assert cache_keys() == keys


def test_garbage_query_strings_cannot_grow_the_cache(content):
    url = page_urls()["nl"]
    page = visitor().get(url).content
    keys = cache_keys()
    # A page that reads no query string is the same page with any.
    for number in range(30):
        assert visitor().get(f"{url}?utm_source=x{number}%00").content == page
    assert visitor().get(f"{url}?{'x' * 5000}").content == page
    assert cache_keys() == keys


def test_the_finder_keeps_only_answers_asked_in_their_own_words(
    content, django_assert_num_queries
):
    finder = "/nl/instituten/zoeken/"
    visitor().get(finder, {"q": "9040"})
    keys = cache_keys()
    with django_assert_num_queries(HIT_QUERIES):
        assert "9040" in visitor().get(finder, {"q": "9040"}).content.decode()
    # The same answer typed another way, and garbage, render every time.
    for query in ["9040 ", " 9040", "GENT", "gent", "zzzz", "0000", "9040x", "<b>"]:
        assert visitor().get(finder, {"q": query}).status_code in (200, 400)
    for number in range(20):
        visitor().get(finder, {"q": f"onzin{number}"})
    assert cache_keys() == keys
    # Each answer found in its own words is kept once: a bounded number.
    visitor().get(finder, {"q": "Gent"})
    assert cache_keys() == keys + 1
    visitor().get(finder)
    assert cache_keys() == keys + 2
    empty = visitor().get(finder)
    assert 'name="q" value=""' in empty.content.decode()


def test_the_feedback_form_works_on_a_cached_page(content):
    url = page_urls()["nl"]
    visitor().get(url)
    html = visitor().get(url).content.decode()
    form = re.search(r'<form[^>]*action="([^"]*reactie[^"]*)"(.*?)</form>', html, re.S)
    assert form is not None
    page_id = re.search(r'name="page" value="(\d+)"', form.group(2)).group(1)
    response = visitor().post(
        form.group(1), {"page": page_id, "helpful": "yes"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 303
    assert Feedback.objects.filter(page_id=int(page_id), helpful=True).exists()
    # The answer changed nothing visitors see: the page stays cached.
    assert visitor().get(url).content.decode() == html


def test_a_cache_that_is_down_serves_pages_from_the_database(content):
    url = page_urls()["nl"]
    with mock.patch.object(
        pagecache, "shared_cache", side_effect=ConnectionError("cache down")
    ):
        response = visitor().get(url)
    assert response.status_code == 200
    assert "Regelgeving" in response.content.decode()


def test_a_change_made_while_the_cache_was_down_is_announced_when_it_is_back(
    content,
):
    url = page_urls()["nl"]
    page = Page.objects.get(key="regulation")
    page.intro_nl = "Nieuw toen de cache uit lag."
    page.save()
    before = visitor().get(url).content.decode()
    assert visitor().get(url)["X-Cache"] == "hit"
    cache = pagecache.shared_cache()
    with mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")):
        publish(page)
    # The cache answers again and still holds the old generation and page.
    assert "Nieuw toen de cache" in visitor().get(url).content.decode()
    assert "Nieuw toen de cache" not in before


def test_a_lost_generation_starts_a_new_one(content):
    url = page_urls()["nl"]
    visitor().get(url)
    pagecache.shared_cache().delete(pagecache.GENERATION_KEY)
    page = Page.objects.get(key="regulation")
    page.published_versions.update(intros={"nl": "Na een lege cache."})
    assert "Na een lege cache." in visitor().get(url).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_is_served_from_its_stored_html_without_rendering_markdown(
    content, settings, language
):
    settings.PAGE_CACHE_SECONDS = 0
    url = page_urls()[language]
    with mock.patch("pages.markup._render", side_effect=AssertionError("rendered")):
        response = visitor().get(url)
    assert response.status_code == 200
    assert "<p>" in response.content.decode()


def test_open_data_from_another_allowed_host_holds_that_hosts_addresses(
    content, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "samenleving.example"]
    path = "/nl/instituten/institutes.json"
    visitor().get(path)
    other = visitor().get(path, HTTP_HOST="samenleving.example").content.decode()
    assert "http://samenleving.example/" in other
    assert "http://testserver/" not in other
    assert visitor().get(path, HTTP_HOST="evil.example").status_code == 400


def test_a_restore_clears_the_sites_keys_and_no_one_elses(settings, redis_url):
    import redis
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "samenleving",
        }
    }
    cache = caches["default"]
    cache.set("page:nl:normal:x", "de pagina van voor de restore")
    before = pagecache.generation()
    other = redis.Redis.from_url(redis_url)
    other.set("andere-software", "blijft")
    pagecache.clear()
    assert cache.get("page:nl:normal:x") is None
    assert pagecache.generation() not in (None, before)
    assert other.get("andere-software") == b"blijft"
