"""What an attacker and a broken database found, each kept fixed."""

import csv
import io
import socket
import threading
from contextlib import contextmanager

import pytest
from django.db import ConnectionHandler, connections
from django.test import Client

from core.spreadsheets import spreadsheet_safe
from institutes.models import Institute
from institutes.publishing import publish
from pages.markup import render_markdown
from samenleving import settings as site_settings
from tests.markup import attrs, find, one
from tests.site import LANGUAGES, institutes_url, page_url_by_key

pytestmark = pytest.mark.django_db

ABOUT = "/nl/over-deze-site/"


# Open data: no formulas in the CSV -----------------------------------------

FORMULAS = [
    '=HYPERLINK("https://example.org","klik")',
    "+SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_open_data_csv_never_passes_a_formula(client, content, formula):
    Institute.objects.filter(key="brussel").update(
        name=formula, street=formula, description_fr=formula
    )
    publish(Institute.objects.get(key="brussel"))
    text = client.get(institutes_url("open_data_csv", "nl")).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["key"] == "brussel")
    for column in ("name", "street", "description_fr"):
        assert row[column] == "'" + formula
    for cells in csv.reader(io.StringIO(text)):
        assert not any(
            cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells
        )


def test_open_data_json_keeps_the_values_as_they_are(client, content):
    Institute.objects.filter(key="brussel").update(name="=1+1")
    publish(Institute.objects.get(key="brussel"))
    data = client.get(institutes_url("open_data_json", "nl")).json()
    assert {i["key"]: i["name"] for i in data["institutes"]}["brussel"] == "=1+1"


def test_plain_text_is_left_alone():
    assert spreadsheet_safe("SAAMO Brussel") == "SAAMO Brussel"
    assert spreadsheet_safe("09 123 45 67") == "09 123 45 67"


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_data_page_says_how_formulas_are_neutralised(client, content, language):
    html = client.get(institutes_url("open_data", language)).content.decode()
    assert "<code>'</code>" in html
    assert "<code>@</code>" in html


# A database that hangs, or lost its schema ----------------------------------


@contextmanager
def database(config):
    """Requests served from another database than the test's."""
    wrapper = ConnectionHandler({"default": config})["default"]
    original = connections["default"]
    connections["default"] = wrapper
    try:
        yield
    finally:
        connections["default"] = original
        wrapper.close()


# Only a ceiling for a client with no limit of its own, which would otherwise
# wait forever; no test passes or fails on how long anything took.
LET_GO_SECONDS = 60


class SilentServer:
    """A server that accepts connections and never says a word, until it
    lets go after LET_GO_SECONDS (`let_go` is then set)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.stop = threading.Event()
        self.let_go = threading.Event()
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.timer = threading.Timer(LET_GO_SECONDS, self.close_connections)

    def accept(self):
        while not self.stop.is_set():
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return  # the listener is closed

    def close_connections(self):
        self.let_go.set()
        for sock in self.accepted:
            sock.close()

    def __enter__(self):
        self.thread.start()
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        self.stop.set()
        # Wakes the accept() waiting in the thread (close alone would not).
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join()
        for sock in self.accepted:
            sock.close()


def test_postgres_settings_carry_connect_and_statement_timeouts():
    config = site_settings.database_config("postgres://u@db.example:5432/s")
    assert config["OPTIONS"]["connect_timeout"] == 2
    assert "-c statement_timeout=2000" in config["OPTIONS"]["options"]
    assert config["ENGINE"] == "core.postgresql"
    assert config["OPTIONS"]["keepalives"] == 1
    assert config["OPTIONS"]["tcp_user_timeout"] == 5000
    config = site_settings.database_config(
        "postgres://u@db.example:5432/s?currentSchema=site"
    )
    assert config["OPTIONS"]["options"] == (
        "-c search_path=site -c statement_timeout=2000"
    )
    config = site_settings.database_config("sqlite:////tmp/site.sqlite3")
    assert config["OPTIONS"]["timeout"] == 2


def test_a_hung_database_gives_a_503_within_seconds():
    client = Client(raise_request_exception=False)
    with SilentServer() as server:
        config = site_settings.database_config(
            f"postgres://u@127.0.0.1:{server.port}/site"
        )
        with database(config):
            response = client.get(ABOUT)
        # The site stopped waiting by its own limit (the connect timeout the
        # test above reads), while the server still held the connection.
        assert not server.let_go.is_set()
    assert response.status_code == 503
    assert response["Retry-After"]


def unused_port():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]


# The same answer when the database refuses at once, in the page's language.
@pytest.mark.parametrize("path", ["/healthz", ABOUT, "/fr/"])
def test_a_lost_database_gives_the_503_page_in_the_pages_language(path):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
    config = site_settings.database_config(
        f"postgres://u@127.0.0.1:{unused_port()}/site"
    )
    with database(config):
        response = client.get(path)
    assert response.status_code == 503
    if path != "/healthz":
        html = response.content.decode()
        assert response["Retry-After"]
        assert attrs(one(html, "html"))["lang"] == ("nl" if path == ABOUT else "fr")


def test_an_empty_sqlite_file_fails_the_health_check(tmp_path):
    empty = tmp_path / "replaced.sqlite3"
    empty.touch()
    client = Client(raise_request_exception=False)
    with database(site_settings.database_config(f"sqlite:///{empty}")):
        assert client.get("/healthz").status_code == 503
        page = client.get("/fr/")
    assert page.status_code == 503
    assert "Temporairement indisponible" in page.content.decode()


def test_a_postgres_database_without_the_sites_tables_gives_the_503_page(
    postgres_scratch,
):
    empty = f"postgresql://postgres@127.0.0.1:5432/{postgres_scratch}"
    client = Client(raise_request_exception=False)
    with database(site_settings.database_config(empty)):
        page = client.get("/fr/")
    assert page.status_code == 503
    assert "Temporairement indisponible" in page.content.decode()


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="PostgreSQL only"
)
def test_a_slow_statement_is_cancelled_on_postgres():
    from django.db import OperationalError, transaction

    with (
        pytest.raises(OperationalError) as cancelled,
        transaction.atomic(),
        connections["default"].cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(10)")
    # Cancelled by the server's statement_timeout, not ended by anything else.
    assert cancelled.value.__cause__.sqlstate == "57014"
    assert "statement timeout" in str(cancelled.value)


# Methods --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/robots.txt",
        "/.well-known/security.txt",
        "/nl/",
        ABOUT,
        "/nl/institutes/",
        "/nl/zoeken/",
        "/nl/zoeken/?q=armoede",
        "/sitemap.xml",
    ],
)
def test_head_is_answered_wherever_get_is(client, content, path):
    path = path.replace("/nl/institutes/", institutes_url("list", "nl"))
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["put", "delete", "patch", "trace", "generic"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_other_methods_get_a_405_page_in_the_visitors_language(
    content, method, language
):
    client = Client(enforce_csrf_checks=True)
    path = page_url_by_key("regional-institutes", language)
    if method == "generic":
        response = client.generic("PROPFIND", path)
    else:
        response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    html = response.content.decode()
    assert attrs(one(html, "html"))["lang"] == language
    assert len(find(html, "h1")) == 1
    assert "CSRF" not in html


def test_post_to_a_page_is_a_405_not_the_csrf_page(content):
    response = Client(enforce_csrf_checks=True).post(ABOUT, {"x": "1"})
    assert response.status_code == 405
    assert "CSRF" not in response.content.decode()


def test_options_says_what_is_allowed_without_the_page(content):
    response = Client().options(ABOUT)
    assert response.status_code == 204
    assert response.content == b""
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_get_on_a_form_endpoint_gets_a_styled_405():
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get("/lettergrootte/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert attrs(one(response.content.decode(), "html"))["lang"] == "de"


def test_the_forms_still_take_post(content):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/lettergrootte/", {"size": "larger", "next": ABOUT})
    assert response.status_code == 302
    assert response["Location"] == ABOUT


# One address per page --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/nl//over-deze-site/", ABOUT),
        ("/nl/over-deze-site//", ABOUT),
        ("/nl///over-deze-site//", ABOUT),
        ("/nl//over-deze-site/?a=1", ABOUT + "?a=1"),
        ("//evil.example/", "/evil.example/"),
    ],
)
def test_repeated_slashes_redirect_to_the_one_address(client, path, target):
    path, _mark, query = path.partition("?")
    # As the server hands it over: the client would read "//host/" as a host.
    response = client.get("/", QUERY_STRING=query, PATH_INFO=path)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_canonical_address(client, content, language):
    for path in (
        page_url_by_key("home", language),
        page_url_by_key("regional-institutes", language),
        institutes_url("list", language),
        institutes_url("finder", language, q="9040"),
    ):
        html = client.get(path).content.decode()
        (link,) = find(html, "link", rel="canonical")
        assert attrs(link)["href"] == "http://testserver" + path.split("?")[0]


def test_error_pages_name_no_canonical_address(client, content):
    assert not find(
        client.get("/nl/bestaat-niet/").content.decode(), "link", rel="canonical"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/bestaat-niet.css",
        "/sitemap.xml?p=99",
        "/admin/bestaat-niet/",
        "/admin/pages/bestaat-niet/",
    ],
)
def test_site_wide_paths_404_without_a_language_redirect(client, path):
    response = client.get(path)
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        # The admin first asks who you are, in the admin, not in /nl/.
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == 404


# The admin's login ----------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_admin_login_with_an_off_site_next_ends_in_the_admin(client, target):
    from django.contrib.auth.models import User

    User.objects.create_superuser("beheer", "b@example.org", "een-lang-wachtwoord")
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "beheer", "password": "een-lang-wachtwoord", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# The finder's field ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown"),
    [("90\x0040", "9040"), ("Gent\r\n", "Gent"), ("x" * 8000, ""), ("Gent", "Gent")],
)
def test_the_finder_shows_back_only_clean_bounded_input(client, content, query, shown):
    response = client.get(institutes_url("finder", "nl"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    # The finder's field, not the header's search field.
    field = attrs(one(html, "input", id="id_q"))
    assert field.get("value", "") == shown
    assert "\x00" not in html
    assert "x" * 200 not in html


# Raw HTML in Markdown -------------------------------------------------------


def test_an_unclosed_html_block_does_not_swallow_the_rest():
    html = render_markdown("<div>\n\n## Kop\n\nTekst met *nadruk*.\n\n- een\n- twee")
    assert "<h2>Kop</h2>" in html
    assert "<em>nadruk</em>" in html
    assert "<li>een</li>" in html
    assert "<div" not in html


def test_nested_raw_html_is_never_run():
    html = render_markdown(
        "<div><div onclick=x>a</div>\n\n<script>alert(1)</script> "
        '<a href="javascript:alert(1)">b</a>'
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onclick" not in html
    assert "<div" not in html


def test_the_admin_refuses_raw_html_with_a_clear_message(editor_client, content):
    from pages.models import Page
    from tests.test_admin import _form_data

    page = Page.objects.get(key="regulation")
    body = "Intro\n\n<table><tr><td>\n\n## Kop\n\n`<b>` in code mag"
    response = editor_client.post(
        f"/admin/pages/page/{page.pk}/change/", _form_data(page, body_fr=body)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf deze tekst in Markdown, zonder HTML" in html
    assert "&lt;table&gt;, &lt;tr&gt;, &lt;td&gt;" in html
    assert "&lt;b&gt;" not in html.split("errorlist")[1].split("</ul>")[0]
    page.refresh_from_db()
    assert "<table>" not in page.body_fr
