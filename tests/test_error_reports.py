"""Unhandled errors reach Sentry, without anything personal, when SENTRY_DSN
is set; without it, nothing changes. A local server stands in for Sentry and
keeps every envelope the SDK sends."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from samenleving import errors
from samenleving import settings as site_settings

pytestmark = pytest.mark.django_db

SECRETS = {
    "address": "203.0.113.99",
    "cookie": "cookie-value-of-a-visitor",
    "query": "query-of-a-visitor",
    "comment": "comment-written-by-a-visitor",
    "referer": "referring-page-of-a-visitor",
    "agent": "browser-of-a-visitor",
}


def decoded(body, encoding):
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


@pytest.fixture
def fake_sentry():
    """A DSN whose envelopes end up in the list yielded with it."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(decoded(body, self.headers.get("Content-Encoding")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_port}/1", received
    finally:
        server.shutdown()
        server.server_close()


def events(envelopes):
    """The error events among the envelopes' items."""
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        # A header line, then each item's header and payload.
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def serve(environ):
    """The response of the site's WSGI application, as gunicorn calls it
    (the test client would skip the WSGI layer, where Sentry reads the
    headers, the address and the query string)."""
    from django.core.handlers.wsgi import WSGIHandler

    statuses = []
    # As the test client does: the test's transaction stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


def test_an_unhandled_error_arrives_without_personal_data(fake_sentry, content):
    import sentry_sdk

    dsn, received = fake_sentry
    with translation.override("nl"):
        feedback = reverse("feedback:give")
    environ = (
        RequestFactory()
        .post(
            f"{feedback}?q={SECRETS['query']}",
            {"helpful": "no", "comment": SECRETS["comment"], "page": "1"},
            REMOTE_ADDR=SECRETS["address"],
            HTTP_X_FORWARDED_FOR=SECRETS["address"],
            HTTP_X_REAL_IP=SECRETS["address"],
            HTTP_REFERER=f"https://example.org/{SECRETS['referer']}",
            HTTP_USER_AGENT=SECRETS["agent"],
            HTTP_COOKIE=f"sessionid={SECRETS['cookie']}",
        )
        .environ
    )
    assert errors.start(dsn, environment="test")
    assert not sentry_sdk.scope.should_send_default_pii()
    try:
        with mock.patch(
            "feedback.views.node_for", side_effect=RuntimeError("a fault in the code")
        ):
            status = serve(environ)
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close()
        # As without a DSN: no client, so no later test runs under the SDK.
        sentry_sdk.get_global_scope().set_client(None)
    assert status.startswith("500")
    (event,) = events(received)
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "a fault in the code"
    assert event["request"]["url"].endswith(feedback)
    assert event["request"]["method"] == "POST"
    assert set(event["request"]) <= {"method", "url", "headers"}
    assert "user" not in event
    sent = b"\n".join(received).decode()
    for name, secret in SECRETS.items():
        assert secret not in sent, name


def test_without_a_dsn_the_sdk_is_not_even_loaded():
    assert errors.start("") is False
    environment = {
        key: value for key, value in os.environ.items() if key != "SENTRY_DSN"
    }
    environment["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); "
            "from django.conf import settings; "
            "print(settings.SENTRY_DSN == '', 'sentry_sdk' in sys.modules)",
        ],
        cwd=site_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "False"]
