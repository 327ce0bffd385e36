"""The site as operators run it: gunicorn with WhiteNoise and hashed static files."""

import re
import urllib.request

import pytest

from scripts.production_server import ProductionServer


@pytest.fixture(scope="module")
def server():
    with ProductionServer(workers=1) as running:
        yield running


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_gunicorn_serves_pages_and_hashed_compressed_static_files(server):
    status, headers, body = fetch(f"{server.url}/nl/")
    assert status == 200
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    stylesheet = re.search(
        r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode()
    )
    assert stylesheet, "the stylesheet is served under a content-hashed name"
    status, headers, _body = fetch(
        server.url + stylesheet.group(1), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_gunicorn_health_check(server):
    status, _headers, body = fetch(f"{server.url}/healthz")
    assert (status, body) == (200, b"ok\n")
