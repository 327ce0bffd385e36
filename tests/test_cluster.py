"""Two app servers behind nginx with TLS, one PostgreSQL and one Redis, on
loopback: what visitors, editors and operators meet in production, and the
short runs of scripts/reliability.py (`make reliability` runs the long ones).

A drill: `make test-long`. Skipped where nginx, wrk, PostgreSQL's server or
Redis is missing, except in CI, where a skip would hide a missing install step.
"""

import concurrent.futures
import gzip
import http.client
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from scripts.cluster import HTTPS_PORT, Cluster, nginx_ports, port_is_free
from scripts.concurrent_edits import FormReader
from scripts.production_server import ROOT
from scripts.reliability import run_faults, run_load

NEEDED = ["nginx", "wrk", "redis-server", "openssl"]
missing = [name for name in NEEDED if not shutil.which(name)]
if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
    missing.append("PostgreSQL's server")

pytestmark = [
    pytest.mark.long,
    # The cluster has its own databases, whatever DATABASE_URL says: the
    # suite's run on PostgreSQL need not repeat it.
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite run"
    ),
]

USERNAME, PASSWORD = "beheer", "een-lang-wachtwoord-voor-de-cluster"
PAGE = "/nl/regelgeving/"
# nginx keeps a public page this long (proxy_cache_valid in deploy/nginx).
NGINX_SECONDS = 1


@pytest.fixture(scope="module")
def cluster():
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing for the cluster tests: {', '.join(missing)}")
        pytest.skip(f"missing: {', '.join(missing)} (make cluster-deps)")
    app_ports, ports = nginx_ports()
    if not all(port_is_free(p) for p in [*app_ports, *ports]):
        pytest.fail("a cluster already runs on the cluster's ports: make cluster-stop")
    with Cluster() as cluster:
        shell(
            cluster,
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser({USERNAME!r}, password={PASSWORD!r})",
        )
        yield cluster


def shell(cluster, code):
    """What Python code run in the cluster's settings prints."""
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=cluster.environment(),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def ask(cluster, path, method="GET", body=None, headers=None, source="127.0.0.1"):
    """(status, headers, body) of one request through nginx over HTTPS, from
    a visitor at `source` (any loopback address)."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1",
        HTTPS_PORT,
        timeout=10,
        context=cluster.tls_context(),
        source_address=(source, 0),
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def every_server(cluster, path):
    """The page as nginx serves it, and as each app server renders it, each
    after its status code."""
    bodies = []
    for _ in range(2):
        status, _headers, body = ask(cluster, path)
        bodies.append(f"{status} {body}")
    for port in cluster.app_ports:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                bodies.append(f"{response.status} {response.read().decode()}")
        except urllib.error.HTTPError as error:
            bodies.append(f"{error.code} {error.read().decode()}")
    return bodies


def seen_everywhere_a_second_later(cluster, path, text):
    time.sleep(NGINX_SECONDS + 0.05)
    return all(text in body for body in every_server(cluster, path))


def gone_everywhere_a_second_later(cluster, path, text):
    time.sleep(NGINX_SECONDS + 0.05)
    return not any(text in body for body in every_server(cluster, path))


class Editor:
    """An editor's browser: cookies, and forms sent back as filled in."""

    def __init__(self, cluster):
        self.base = cluster.url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=cluster.tls_context()),
            urllib.request.HTTPCookieProcessor(CookieJar()),
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path, fields):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode()

    def log_in(self):
        html = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": USERNAME,
                "password": PASSWORD,
                "next": "/admin/",
            },
        )

    def publish_intro(self, page_id, text):
        change = f"/admin/pages/page/{page_id}/change/"
        form = FormReader("page_form")
        form.feed(self.get(change))
        fields = [
            (name, text if name == "intro_nl" else value) for name, value in form.fields
        ]
        answer = self.post(change, [*fields, ("_publish", "Publiceren")])
        assert "errorlist" not in answer


def test_every_change_reaches_every_visitor_within_a_second(cluster, tmp_path):
    before = ask(cluster, PAGE)[2]
    assert "Regelgeving" in before
    backup = tmp_path / "voor.dump"
    cluster.manage("backup", "--output", str(backup))
    # Every server and nginx have the page in their caches.
    every_server(cluster, PAGE)

    # Publiceren, by an editor who then reads the page at once.
    editor = Editor(cluster)
    editor.log_in()
    page_id = shell(
        cluster,
        "from pages.models import Page; print(Page.objects.get(key='regulation').pk)",
    )
    editor.publish_intro(page_id, "Vanaf vandaag geldt het nieuwe decreet.")
    assert "Vanaf vandaag geldt het nieuwe decreet." in editor.get(PAGE)
    assert seen_everywhere_a_second_later(
        cluster, PAGE, "Vanaf vandaag geldt het nieuwe decreet."
    )

    # Offline halen.
    shell(
        cluster,
        "from pages.models import Page; from pages.publishing import unpublish; "
        "unpublish(Page.objects.get(key='regulation'))",
    )
    assert seen_everywhere_a_second_later(cluster, PAGE, "404 ")

    # A scheduled moment: published a few seconds from now, nothing else
    # happens. Until then visitors get the 404 (asked while the moment is
    # still ahead, however long the shell took to start), from then the page.
    moment = float(
        shell(
            cluster,
            "from datetime import timedelta; from django.utils import timezone; "
            "from pages.models import Page; from pages.publishing import publish; "
            "at = timezone.now() + timedelta(seconds=4); "
            "publish(Page.objects.get(key='regulation'), at=at); "
            "print(at.timestamp())",
        )
    )
    if time.time() < moment - 0.5:
        assert ask(cluster, PAGE)[0] == 404
    time.sleep(max(0, moment - time.time()))
    assert seen_everywhere_a_second_later(
        cluster, PAGE, "Vanaf vandaag geldt het nieuwe decreet."
    )

    # An institute's contact details, published, then reverted and published.
    gent = shell(
        cluster,
        "from institutes.models import Institute; "
        "print(Institute.objects.get(key='gent').get_absolute_url('nl'))",
    )
    shell(
        cluster,
        "from institutes.models import Institute; "
        "from institutes.publishing import publish; "
        "i = Institute.objects.get(key='gent'); i.street = 'Teststraat 1'; i.save(); "
        "publish(i)",
    )
    assert seen_everywhere_a_second_later(cluster, gent, "Teststraat 1")
    shell(
        cluster,
        "from core.history import restore; from institutes.models import Institute; "
        "from institutes.publishing import publish; "
        "i = Institute.objects.get(key='gent'); "
        "restore(i, i.history.all()[1]); i.save(); publish(i)",
    )
    assert gone_everywhere_a_second_later(cluster, gent, "Teststraat 1")

    # A restore brings back the page as it was before all of this.
    cluster.manage("restore", "--drop-old", str(backup))
    assert gone_everywhere_a_second_later(cluster, PAGE, "Vanaf vandaag")
    assert all("Regelgeving" in body for body in every_server(cluster, PAGE))


def test_editors_and_previews_are_never_stored_and_a_forged_session_is_limited(
    cluster,
):
    # An editor's answers pass nginx's cache both ways.
    editor = Editor(cluster)
    editor.log_in()
    status, headers, _body = ask(cluster, "/admin/login/")
    assert headers["X-Cache-Status"] != "HIT"
    status, headers, _body = ask(cluster, "/admin/login/")
    assert headers["X-Cache-Status"] != "HIT", "a private page was stored"
    forged = {"Cookie": "sessionid=verzonnen"}
    status, headers, _body = ask(cluster, "/nl/", headers=forged)
    assert status == 200 and headers["X-Cache-Status"] == "BYPASS"
    # Anonymous visitors get the stored copy.
    answers = [ask(cluster, "/nl/")[1] for _ in range(6)]
    assert any(headers["X-Cache-Status"] == "HIT" for headers in answers)
    assert not any("X-Accel-Expires" in headers for headers in answers)

    # A flood with a made-up session cookie: nginx lets through no more than
    # its burst and rate (deploy/nginx: 40, then 10 a second), and the site
    # stays up for everyone else.
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(
                lambda n: ask(
                    cluster, f"/nl/?n={n}", headers=forged, source="127.0.0.9"
                )[0],
                range(300),
            )
        )
    seconds = time.monotonic() - started
    assert set(statuses) <= {200, 429}
    assert statuses.count(200) <= 40 + 10 * seconds + 2, (seconds, statuses)
    assert ask(cluster, "/nl/", source="127.0.0.10")[0] == 200
    assert ask(cluster, "/nl/", headers=forged, source="127.0.0.11")[0] == 200


def test_tls_in_front_reaches_the_app_with_each_visitors_address(cluster):
    # No redirect loop: HTTPS answers, plain HTTP moves to HTTPS once.
    status, _headers, html = ask(cluster, "/nl/")
    assert status == 200 and '<html lang="nl"' in html
    connection = http.client.HTTPConnection("127.0.0.1", cluster.ports[0], timeout=5)
    connection.request("GET", "/nl/", headers={"Host": "127.0.0.1"})
    moved = connection.getresponse()
    assert moved.status == 301
    assert moved.headers["Location"].startswith("https://")

    # Two visitors at different addresses are limited separately: one sends
    # too much feedback, the other is still heard.
    home = ask(cluster, "/nl/")[2]
    action = re.search(r'action="([^"]*reactie[^"]*)"', ask(cluster, PAGE)[2])
    assert action and home
    page_id = re.search(r'name="page" value="(\d+)"', ask(cluster, PAGE)[2]).group(1)
    body = urllib.parse.urlencode({"page": page_id, "helpful": "yes"})
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [
        ask(cluster, action.group(1), "POST", body, form, source="127.0.0.2")[0]
        for _ in range(12)
    ]
    assert answers[0] == 303 and answers[-1] == 429, answers
    assert ask(cluster, action.group(1), "POST", body, form, "127.0.0.3")[0] == 303

    # What nginx writes down holds no address and no question.
    ask(cluster, "/nl/instituten/zoeken/?q=9040", source="127.0.0.4")

    def logs():
        folder = Path(cluster.scratch)
        return "".join(path.read_text() for path in folder.glob("samenleving.*.log"))

    # nginx writes its buffer out within a second.
    deadline = time.monotonic() + 5
    while "/nl/instituten/zoeken/" not in logs() and time.monotonic() < deadline:
        time.sleep(0.2)
    logs = logs()
    assert "/nl/instituten/zoeken/" in logs
    for secret in ("127.0.0.4", "127.0.0.2", "9040", "q="):
        assert secret not in logs


def test_pages_leave_nginx_compressed_and_still_revalidate(cluster):
    request = urllib.request.Request(
        cluster.url + "/nl/", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        html = gzip.decompress(response.read()).decode()
        etag = response.headers["ETag"]
    assert '<html lang="nl"' in html
    request.add_header("If-None-Match", etag)
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=5)
    assert answer.value.code == 304


def test_load_through_nginx_with_an_app_server_killed(cluster, record_property):
    figures, failures = run_load(cluster, seconds=10, connections=64)
    for name, value in figures.items():
        record_property(name, value)
    print(figures)
    assert failures == []
    assert figures["requests"] > 100


def test_postgresql_and_redis_stopped_under_load(cluster, record_property):
    figures, failures = run_faults(cluster)
    record_property("faults", figures)
    print(figures)
    assert failures == []
