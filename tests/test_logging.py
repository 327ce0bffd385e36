"""Seeing what happens: one JSON line per request, errors with their trace,
and nothing personal in either."""

import io
import json
import logging
import os
import re
from unittest import mock

import pytest
from django.http import HttpResponse
from django.test import Client

from core.requestlog import JsonFormatter, RequestIdFilter, cache_status
from tests.site import institutes_url

pytestmark = pytest.mark.django_db

ABOUT = "/nl/over-deze-site/"


@pytest.fixture
def log_lines():
    """The JSON lines the site writes, as the production handler makes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("samenleving.requests")]
    for each in loggers:
        each.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for each in loggers:
        each.removeHandler(handler)


def requests_in(lines):
    return [line for line in lines if line["logger"] == "samenleving.requests"]


def test_one_json_line_per_request(client, content, log_lines):
    response = client.get(ABOUT)
    (line,) = requests_in(log_lines())
    assert line["message"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == ABOUT
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["cache"] == "none"
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])


def test_every_kind_of_answer_is_logged(client, content, log_lines):
    client.get("/nl/bestaat-niet/")
    client.put(ABOUT)
    client.get("/nl//over-deze-site/")
    client.get("/static/css/bestaat-niet.css")
    statuses = [line["status"] for line in requests_in(log_lines())]
    assert statuses == [404, 405, 301, 404]


@pytest.mark.parametrize(
    "given",
    [
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "nginx-4f2a9c1d7b.1717171717",
    ],
)
def test_a_plain_request_id_from_the_proxy_is_passed_on(client, log_lines, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] == given
    assert requests_in(log_lines())[0]["request_id"] == given


@pytest.mark.parametrize(
    "given",
    [
        "",
        "short",
        "x" * 65,
        "id with spaces",
        'id"},{"admin":true',
        "id\r\nX-Evil: 1",
        "é" * 10,
    ],
)
def test_a_strange_request_id_is_replaced(client, log_lines, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert requests_in(log_lines())[0]["request_id"] == response["X-Request-ID"]


def test_nothing_personal_in_the_log(content, log_lines):
    client = Client(REMOTE_ADDR="203.0.113.99", HTTP_USER_AGENT="Browser/1.0 Jan")
    client.cookies["sessionid"] = "geheime-sessie"
    client.cookies["lettergrootte"] = "larger"
    assert (
        client.get(
            institutes_url("finder", "nl"), {"q": "9040 Sint-Amandsberg"}
        ).status_code
        == 200
    )
    client.get("/nl/bestaat-niet/", {"email": "jan@example.org"})
    written = json.dumps(log_lines())
    for personal in (
        "203.0.113",
        "Jan",
        "geheime-sessie",
        "9040",
        "Sint-Amandsberg",
        "jan@example.org",
    ):
        assert personal not in written


def test_an_error_is_logged_with_its_trace_and_request_id(content, log_lines):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "pages.views.PageTree.for_request", side_effect=RuntimeError("kapot")
    ):
        response = client.get(ABOUT, HTTP_X_REQUEST_ID="req-0123456789")
    assert response.status_code == 500
    lines = log_lines()
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == "req-0123456789"
    assert "RuntimeError: kapot" in error["trace"]
    assert "pages/views.py" in error["trace"]
    assert requests_in(lines)[0]["status"] == 500


def test_the_cache_field_reads_what_the_cache_says():
    assert cache_status(HttpResponse()) == "none"
    hit = HttpResponse()
    hit["X-Cache"] = "HIT"
    assert cache_status(hit) == "hit"
    miss = HttpResponse()
    miss["X-Cache"] = "miss"
    assert cache_status(miss) == "miss"
    odd = HttpResponse()
    odd["X-Cache"] = "HIT from proxy 203.0.113.1"
    assert cache_status(odd) == "none"


def test_gunicorns_own_lines_still_name_their_process():
    # The request log spares records some look-ups; gunicorn's error log
    # format names the process, so that one must stay.
    formatter = logging.Formatter("[%(process)d] [%(levelname)s] %(message)s")
    record = logging.getLogger("gunicorn.error").makeRecord(
        "gunicorn.error", logging.INFO, __file__, 1, "Booting worker", (), None
    )
    assert formatter.format(record) == f"[{os.getpid()}] [INFO] Booting worker"
