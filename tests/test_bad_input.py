"""Whatever a visitor or a robot sends, the answer is never a 500."""

import pytest

from tests.markup import attrs, find, one
from tests.site import LANGUAGES, page_url_by_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/nl/bestaat-niet/",
        "/fr/n-existe-pas/",
        "/nl/" + "a" * 5000 + "/",
        "/nl/" + "/".join(["x"] * 300) + "/",
        "/nl/%ff%fe%00/",
        "/nl/%00/",
        "/nl/%C0%AF/",
        "/nl/..%2f..%2fetc/passwd/",
        "/nl/<script>/",
        "/xx/",
        "/nl/regelgeving/%E2%80%AE/",
        "/nl/REGELGEVING/",
    ],
)
def test_unknown_paths_get_a_helpful_404(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    html = response.content.decode()
    assert len(find(html, "h1")) == 1
    assert any(attrs(a)["href"].startswith("/") for a in find(one(html, "main"), "a"))


def test_404_speaks_the_visitors_language_and_keeps_font_size(client):
    client.cookies["lettergrootte"] = "largest"
    response = client.get("/fr/n-existe-pas/")
    html = response.content.decode()
    assert response.status_code == 404
    assert attrs(one(html, "html")) == {"lang": "fr", "class": "fs-largest"}
    assert "Page introuvable" in html
    main = one(html, "main")
    assert find(main, "a", href=page_url_by_key("regional-institutes", "fr"))


@pytest.mark.parametrize(
    "path", ["/bestaat-niet/", "/doesnotexist", "/.env", "/wp-login.php"]
)
def test_404_without_language_prefix_is_answered_at_once(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert attrs(one(response.content.decode(), "html"))["lang"] == "nl"


def test_the_bare_root_still_leads_to_a_language(client):
    response = client.get("/", headers={"accept-language": "fr"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    "header",
    [
        "",
        "*",
        "garbage;;;q=abc",
        "nl;q=2.5",
        "x" * 5000,
        "zz-ZZ,fr;q=0.5",
        "en-US,en;q=0.9," * 200,
        "\x00\x01",
        "fr;q=-1",
    ],
)
def test_bad_accept_language_never_breaks(client, header):
    response = client.get("/", headers={"accept-language": header})
    assert response.status_code == 302
    assert response["Location"] in {f"/{code}/" for code in LANGUAGES}


@pytest.mark.parametrize(
    "cookie",
    [
        "lettergrootte=" + "x" * 4000,
        'lettergrootte="unterminated',
        "lettergrootte=%ff%fe",
        ";;;==;",
    ],
)
def test_garbage_cookies_never_break(client, cookie):
    response = client.get("/nl/", headers={"cookie": cookie})
    assert response.status_code == 200
    assert attrs(one(response.content.decode(), "html"))["class"] == "fs-normal"


@pytest.mark.parametrize(
    "query",
    [
        "?next=%0d%0aSet-Cookie:x",
        "?q=%ff",
        "?a=" + "b" * 5000,
        "?%00=%00",
        "?size=largest",
    ],
)
def test_malformed_query_parameters_never_break(client, query):
    assert client.get("/nl/regelgeving/" + query).status_code == 200


def test_crlf_in_return_target_cannot_inject_headers(client):
    response = client.post(
        "/lettergrootte/",
        {"size": "larger", "next": "/nl/\r\nSet-Cookie: session=stolen"},
    )
    assert response["Location"] == "/nl/"
    assert "session" not in response.cookies


def test_unknown_host_is_refused_without_error(client):
    response = client.get("/nl/", headers={"host": "evil.example"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nl", "Ongeldige aanvraag"),
        ("fr", "Requête incorrecte"),
        ("de", "Ungültige Anfrage"),
    ],
)
def test_the_400_page_speaks_the_visitors_language(client, language, title):
    response = client.get(f"/{language}/", headers={"host": "evil.example"})
    html = response.content.decode()
    assert attrs(one(html, "html")) == {"lang": language}
    assert title in html
    assert "evil.example" not in html


def test_404_varies_on_the_font_size_cookie(client):
    assert "Cookie" in client.get("/nl/bestaat-niet/")["Vary"]
