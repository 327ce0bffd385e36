"""The daily link checker, against a small HTTP server of its own on
127.0.0.1: a working link, a broken one, one whose server refuses HEAD, and
one where nothing listens."""

import html
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from institutes.models import Institute
from pages import linkcheck
from pages.linkcheck import check
from pages.models import ExternalLink, PageLink

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body=True):
        if self.path == "/working":
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/working")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 - the name http.server calls
        self._answer()

    def do_GET(self):  # noqa: N802
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@override_settings(LINK_CHECK_PRIVATE_ADDRESSES=True, LINK_CHECK_TIMEOUT=5)
def test_one_result_per_kind_of_answer(server, closed_port):
    assert check(f"{server}/working").ok is True
    assert check(f"{server}/moved").ok is True
    assert check(f"{server}/no-head").ok is True
    missing = check(f"{server}/missing")
    assert (missing.ok, missing.status) == (False, 404)
    refused = check(f"http://127.0.0.1:{closed_port}/")
    assert refused.ok is False and refused.status is None


def test_addresses_in_private_networks_are_not_asked_for(server):
    result = check(f"{server}/working")
    assert result.ok is None
    assert "private network" in result.problem


@override_settings(LINK_CHECK_PRIVATE_ADDRESSES=True, LINK_CHECK_TIMEOUT=5)
def test_the_command_stores_results_and_editors_see_the_broken_ones(
    server, client, content, make_page, monkeypatch
):
    # The seed content's own addresses are on the internet: the test asks
    # only its server, and counts the rest as not checked (never a wait for
    # a network the machine may not have).
    monkeypatch.setattr(
        linkcheck,
        "check",
        lambda url, timeout=None: (
            check(url, timeout)
            if url.startswith(server)
            else linkcheck.Result(ok=None, problem="not checked in the test")
        ),
    )
    page = make_page(
        "Met links", body_nl=f"[Werkt]({server}/working) en [weg]({server}/missing)."
    )
    PageLink.objects.create(page=page, label_nl="Zonder HEAD", url=f"{server}/no-head")
    Institute.objects.filter(key="gent").update(website=f"{server}/gone")
    before = timezone.now()
    call_command("check_links", workers=2, stdout=__import__("io").StringIO())
    assert ExternalLink.objects.get(url=f"{server}/working").ok is True
    assert ExternalLink.objects.get(url=f"{server}/no-head").ok is True
    broken = ExternalLink.objects.broken()
    assert {link.url for link in broken} >= {f"{server}/missing", f"{server}/gone"}
    missing = ExternalLink.objects.get(url=f"{server}/missing")
    assert missing.used_on == [{"kind": "page", "pk": page.pk, "label": "Met links"}]
    assert missing.checked_at >= before and missing.broken_since == missing.checked_at

    editor = User.objects.create_user("redacteur", password="x" * 20, is_staff=True)
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(editor)
    listing = client.get("/admin/pages/externallink/", {"state": "broken"})
    text = html.unescape(listing.content.decode())
    assert listing.status_code == 200
    assert f"{server}/missing" in text and f"{server}/working" not in text
    assert "kapot: de pagina bestaat niet (meer) (antwoord 404)" in text
    assert ">Met links</a>" in text and ">SAAMO Gent</a>" in text
    assert "Laatst gecontroleerd op" in text
    assert (
        client.get(f"/admin/pages/externallink/{missing.pk}/delete/").status_code == 403
    )

    # A link no longer used is forgotten; a mended one works again.
    page.body_nl = f"[Werkt]({server}/working)."
    page.save()
    Institute.objects.filter(key="gent").update(website="")
    call_command("check_links", stdout=__import__("io").StringIO())
    assert not ExternalLink.objects.filter(url=f"{server}/missing").exists()
