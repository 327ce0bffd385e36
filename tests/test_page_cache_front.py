"""The page cache's front (samenleving/front.py): a cached page leaves before
Django's handler, exactly as the middleware would have served it, and
everything else reaches Django untouched.

These tests call the front as gunicorn does, through WSGI; behind it is
Django's test handler, which records what reached it.
"""

import io
import json
import logging
from unittest import mock

import pytest
from django.test import Client, RequestFactory
from django.test.client import ClientHandler

from core import pagecache
from samenleving.front import PageCacheFront
from samenleving.requestlog import JsonFormatter, RequestIdFilter
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db

PAGE = "/nl/regelgeving/"
PER_ANSWER = {"x-cache", "x-request-id", "cache-control"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


class Site:
    """The front before Django, called as a WSGI server calls it."""

    def __init__(self):
        self.reached_django = []
        handler = ClientHandler(enforce_csrf_checks=False)

        def django(environ, start_response):
            self.reached_django.append(environ["PATH_INFO"])
            response = handler(environ)
            start_response(
                f"{response.status_code} {response.reason_phrase}",
                [
                    *response.items(),
                    *(
                        ("Set-Cookie", c.output(header=""))
                        for c in response.cookies.values()
                    ),
                ],
            )
            return [response.content]

        self.front = PageCacheFront(django)

    def request(self, method, path, headers=None, **environ):
        factory = RequestFactory()
        request = factory.generic(method, path, headers=headers, **environ)
        answer = {}

        def start_response(status, headers):
            answer["status"] = int(status.split()[0])
            answer["headers"] = headers

        body = b"".join(self.front(request.environ, start_response))
        return answer["status"], answer["headers"], body

    def get(self, path, headers=None, **environ):
        return self.request("GET", path, headers, **environ)


def without(headers, names=PER_ANSWER):
    return {name: value for name, value in headers if name.lower() not in names}


def header(headers, name):
    return dict(headers)[name]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cached_page_leaves_before_django_as_the_middleware_serves_it(
    content, language
):
    site = Site()
    path = f"/{language}/"
    status, miss, body = site.get(path)
    assert (status, header(miss, "X-Cache")) == (200, "miss")
    assert site.reached_django == [path]

    status, hit, again = site.get(path)
    assert site.reached_django == [path], "a cached page does not reach Django"
    assert (status, header(hit, "X-Cache"), again) == (200, "hit", body)
    assert without(hit) == without(miss)
    assert header(hit, "Cache-Control").startswith("public, max-age=")
    # Header for header what the middleware gives without the front.
    from_middleware = Client().get(path)
    assert from_middleware["X-Cache"] == "hit"
    assert without(hit, {"x-request-id"}) == without(
        from_middleware.items(), {"x-request-id"}
    )


def test_head_and_revalidation_are_answered_by_the_front(content):
    site = Site()
    _status, miss, body = site.get(PAGE)
    status, head, nothing = site.request("HEAD", PAGE)
    assert (status, nothing) == (200, b"")
    assert without(head) == without(miss)
    assert header(head, "Content-Length") == str(len(body))
    status, revalidated, nothing = site.get(
        PAGE, headers={"if-none-match": header(miss, "ETag")}
    )
    assert (status, nothing) == (304, b"")
    assert header(revalidated, "ETag") == header(miss, "ETag")
    assert header(revalidated, "X-Cache") == "hit"
    assert site.reached_django == [PAGE]


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("GET", PAGE, {"HTTP_COOKIE": "sessionid=abc"}),
        ("POST", PAGE, {}),
        ("GET", "/admin/login/", {}),
        ("GET", "/sitemap.xml", {}),
        ("GET", PAGE, {"HTTP_HOST": "evil.example"}),
    ],
    ids=["session", "post", "admin", "no-language", "other-host"],
)
def test_what_the_cache_does_not_serve_reaches_django(content, method, path, extra):
    site = Site()
    site.get(PAGE)  # the page is in the cache
    site.request(method, path, **extra)
    assert site.reached_django[-1] == path
    assert len(site.reached_django) == 2


def test_a_miss_reads_the_cache_once(content):
    site = Site()
    cache = pagecache.shared_cache()
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        status, headers, _body = site.get(PAGE)
    assert (status, header(headers, "X-Cache")) == (200, "miss")
    assert reads.call_count == 1
    _status, headers, _body = site.get(PAGE)
    assert header(headers, "X-Cache") == "hit"


def test_a_cache_that_is_down_leaves_the_page_to_django(content):
    site = Site()
    with mock.patch.object(
        pagecache, "shared_cache", side_effect=ConnectionError("cache down")
    ) as down:
        status, _headers, body = site.get(PAGE)
    assert status == 200
    assert "Regelgeving" in body.decode()
    assert site.reached_django == [PAGE]
    assert down.call_count == 1, "Django does not wait for the cache again"


def test_proxy_headers_count_only_from_the_proxy(content, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    site = Site()
    site.get(PAGE)  # http, from a visitor directly
    https = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_REAL_IP": "192.0.2.7"}
    # A visitor's own X-Forwarded-Proto is dropped: the http page.
    assert header(site.get(PAGE, REMOTE_ADDR="192.0.2.7", **https)[1], "X-Cache") == (
        "hit"
    )
    # Through the proxy over https: the https page, a page of its own.
    assert header(site.get(PAGE, REMOTE_ADDR="10.0.0.1", **https)[1], "X-Cache") == (
        "miss"
    )
    assert header(site.get(PAGE, REMOTE_ADDR="10.0.0.1", **https)[1], "X-Cache") == (
        "hit"
    )


def test_a_cached_page_is_logged_with_its_request_id(content):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    requests = logging.getLogger("samenleving.requests")
    requests.addHandler(handler)
    try:
        site = Site()
        site.get(PAGE)
        _status, headers, _body = site.get(
            PAGE, headers={"x-request-id": "nginx-1234.5678"}
        )
    finally:
        requests.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["cache"] for line in lines] == ["miss", "hit"]
    hit = lines[-1]
    assert header(headers, "X-Request-ID") == hit["request_id"] == "nginx-1234.5678"
    assert (hit["method"], hit["path"], hit["status"]) == ("GET", PAGE, 200)


def test_a_fault_in_the_front_leaves_the_request_to_django(content):
    site = Site()
    site.get(PAGE)
    with mock.patch.object(
        site.front.page_cache, "keys", side_effect=RuntimeError("a bug")
    ):
        status, headers, body = site.get(PAGE)
    assert status == 200
    assert "Regelgeving" in body.decode()
    assert site.reached_django == [PAGE, PAGE]


def test_the_site_is_served_through_the_front():
    from samenleving import wsgi

    assert isinstance(wsgi.application, PageCacheFront)
    assert wsgi.application.application is wsgi.django_application
