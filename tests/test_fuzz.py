"""Hostile input: generated requests against the production settings,
through the test client. Not one answer >= 500, and every HTML error page in
the visitor's language.

The generator is seeded, so a failure repeats: the message names the seed
and the request. `make test` sends 300 (and 40 to the admin's forms), the
drill in `make test-long` 2,000 (and 150), `make fuzz` 10,000 (and 1,000).
FUZZ_REQUESTS, FUZZ_ADMIN_REQUESTS and FUZZ_SEED change the drill.
"""

import os
import random
import re
from collections import Counter
from urllib.parse import quote

import pytest
from django.test import Client

from tests.site import LANGUAGES, institutes_url, page_url_by_key

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("FUZZ_SEED", "20261126"))

METHODS = (
    ["GET"] * 12
    + ["HEAD"] * 2
    + ["POST"] * 3
    + [
        "PUT",
        "DELETE",
        "PATCH",
        "OPTIONS",
        "TRACE",
        "PROPFIND",
        "CONNECT",
        "FOO",
    ]
)
JUNK = [
    "",
    "\x00",
    "%00",
    "%ff%fe",
    "%C0%AF",
    "..%2f..%2f",
    "<script>alert(1)</script>",
    "'\"><svg onload=x>",
    "\u202e",
    "ü",
    "😀",
    "%",
    "%%",
    "a" * 3000,
    " ",
    "\r\nSet-Cookie: x=1",
    "{{7*7}}",
    "=HYPERLINK(1)",
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "-1",
    "99999999999999999999",
    "9040",
    "Gent",
    "null",
]
PARAMETERS = ["q", "postcode", "next", "p", "page", "size", "lang", "format", "x"]
HOSTS = ["testserver", "localhost", "127.0.0.1", "evil.example", "", "a" * 300,
         "testserver:99999", "[::1]", "test server", "testserver\x00"]  # fmt: skip
LANGUAGE_HEADERS = ["", "*", "fr", "de-CH,de;q=0.9", "en-GB", "xx", "nl;q=2.5",
                    "garbage;;;q=abc", "x" * 500, "fr;q=0.1,en;q=0.9", "zh-Hant-TW"]  # fmt: skip
COOKIE_NAMES = ["lettergrootte", "django_language", "sessionid", "csrftoken", "x"]


def base_paths():
    paths = ["/", "/healthz", "/robots.txt", "/sitemap.xml", "/favicon.ico",
             "/.well-known/security.txt", "/lettergrootte/", "/static/css/site.css",
             "/static/x.css", "/admin/", "/admin/login/", "/bestaat-niet/"]  # fmt: skip
    for language in LANGUAGES:
        paths += [
            page_url_by_key("home", language),
            page_url_by_key("about", language),
            page_url_by_key("regional-institutes", language),
            institutes_url("list", language),
            institutes_url("finder", language),
            institutes_url("open_data", language),
            institutes_url("open_data_csv", language),
            f"/{language}/feedback/",
            f"/{language}/bestaat-niet/",
        ]
    return paths


def mutate_path(rng, path):
    choice = rng.randrange(10)
    if choice == 0:
        return path.replace("/", "//", 1)
    if choice == 1:
        return path + rng.choice(["/", "//", "x/", "..", "%2e%2e/", "?"])
    if choice == 2:
        return path + quote(rng.choice(JUNK), safe="/%") + "/"
    if choice == 3:
        return "/" + rng.choice(["xx", "NL", "nl-be", "", "static", "admin"]) + path
    if choice == 4:
        return path + "/".join(rng.choice("abc") for _ in range(rng.randrange(1, 60)))
    return path


def query_for(rng):
    if rng.random() < 0.4:
        return {}
    return {
        rng.choice(PARAMETERS): rng.choice(JUNK) for _ in range(rng.randrange(1, 4))
    }


def headers_for(rng):
    headers = {}
    if rng.random() < 0.3:
        headers["HTTP_HOST"] = rng.choice(HOSTS)
    if rng.random() < 0.5:
        headers["HTTP_ACCEPT_LANGUAGE"] = rng.choice(LANGUAGE_HEADERS)
    if rng.random() < 0.2:
        headers["HTTP_X_FORWARDED_FOR"] = rng.choice(["1.2.3.4", "junk", "", "a" * 400])
    if rng.random() < 0.2:
        headers["HTTP_X_FORWARDED_PROTO"] = rng.choice(["https", "http", "gopher", ""])
    if rng.random() < 0.1:
        headers["HTTP_X_FORWARDED_HOST"] = rng.choice(HOSTS)
    if rng.random() < 0.2:
        headers["HTTP_X_REQUEST_ID"] = rng.choice(JUNK)
    if rng.random() < 0.1:
        headers["HTTP_IF_NONE_MATCH"] = rng.choice(['"x"', "*", "junk", ""])
    return headers


def cookies_for(rng):
    if rng.random() < 0.6:
        return {}
    return {rng.choice(COOKIE_NAMES): rng.choice(JUNK + LANGUAGES + ["larger"])}


def expected_language(path):
    """The visitor's language where the address says it, else None."""
    match = re.match(r"/+([a-z]{2})/", path)
    return match.group(1) if match and match.group(1) in LANGUAGES else None


def wsgi(value):
    return value.encode("utf-8").decode("latin-1")


def send(client, rng, paths):
    method = rng.choice(METHODS)
    path = mutate_path(rng, rng.choice(paths))
    query, headers, cookies = query_for(rng), headers_for(rng), cookies_for(rng)
    client.cookies.clear()
    # The client would take "//host/" for a host: hand the path over as the
    # server does.
    extra = {"PATH_INFO": path, "QUERY_STRING": "&".join(
        f"{quote(key)}={quote(value)}" for key, value in query.items())}  # fmt: skip
    extra.update(headers)
    if cookies:
        extra["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    # As a WSGI server hands headers over: bytes read as latin-1.
    extra = {key: wsgi(value) for key, value in extra.items()}
    if method == "POST":
        data = {key: value.replace("\x00", "") for key, value in query_for(rng).items()}
        response = client.post("/", data, **extra)
    else:
        response = client.generic(method, "/", **extra)
    return method, path, query, headers, cookies, response


def test_hostile_requests_never_break_the_site(content):
    hostile_requests(300)


@pytest.mark.long
def test_hostile_requests_drill(content):
    hostile_requests(int(os.environ.get("FUZZ_REQUESTS", "2000")))


def hostile_requests(count):
    rng = random.Random(SEED)
    paths = base_paths()
    # One client: each new one would set up the middleware (and WhiteNoise's
    # file index) again.
    client = Client(raise_request_exception=False)
    statuses = Counter()
    for sent in range(1, count + 1):
        method, path, query, headers, cookies, response = send(client, rng, paths)
        request = f"seed {SEED}, request {sent}: {method} {path!r} {query!r} {headers!r} {cookies!r}"
        statuses[response.status_code] += 1
        assert response.status_code < 500, request
        content_type = response.get("Content-Type", "")
        if (
            response.status_code >= 400
            and content_type.startswith("text/html")
            and response.content
            and "/admin/" not in path
        ):
            html = response.content.decode()
            lang = re.search(r'<html lang="([^"]+)"', html)
            assert lang, request
            assert lang.group(1) in LANGUAGES, request
            wanted = expected_language(path)
            if wanted and not path.startswith("//"):
                assert lang.group(1) == wanted, request
    print(f"\nfuzz: {count} requests, statuses {dict(sorted(statuses.items()))}")


# The admin's forms, as a signed-in editor ------------------------------------

FORMS = [
    ("pages", "page"),
    ("institutes", "institute"),
    ("institutes", "region"),
    ("institutes", "theme"),
    ("places", "placename"),
    ("institutes", "postcoderule"),
    ("institutes", "division"),
]
FIELD = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')
VALUE = re.compile(r'<input\b[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"')
ADMIN_JUNK = [
    *JUNK,
    "x" * 100_000,
    "2026-02-30",
    "31-12-99999",
    "25:61:00",
    "1e309",
    "-0",
    "0x10",
    "on",
    "[]",
    "{}",
    "pagina:bestaat-niet",
    "[a](pagina:",
    "<div><table>",
]


def admin_form(client, address):
    """The names and current values of a form's fields, from its page."""
    html = client.get(address).content.decode()
    names = list(dict.fromkeys(FIELD.findall(html)))
    values = dict(VALUE.findall(html))
    return names, values


def test_hostile_admin_forms_never_break_the_site(editor_client, content):
    hostile_admin_forms(editor_client, 40)


@pytest.mark.long
def test_hostile_admin_forms_drill(editor_client, content):
    hostile_admin_forms(
        editor_client, int(os.environ.get("FUZZ_ADMIN_REQUESTS", "150"))
    )


def hostile_admin_forms(editor_client, count):
    from django.apps import apps

    rng = random.Random(SEED)
    forms = []
    for app, model in FORMS:
        forms.append(f"/admin/{app}/{model}/add/")
        first = apps.get_model(app, model).objects.order_by("pk").first()
        if first is not None:
            forms.append(f"/admin/{app}/{model}/{first.pk}/change/")
    fields = {address: admin_form(editor_client, address) for address in forms}
    statuses = Counter()
    for sent in range(1, count + 1):
        address = rng.choice(forms)
        names, values = fields[address]
        data = dict(values)
        for name in rng.sample(names, k=min(len(names), rng.randrange(1, 6))):
            data[name] = rng.choice(ADMIN_JUNK)
        if rng.random() < 0.1:
            data = {key: value for key, value in data.items() if rng.random() < 0.5}
        if rng.random() < 0.3:
            data[rng.choice(["_publish", "_unpublish", "_continue", "_save"])] = "1"
        response = editor_client.post(address, data)
        statuses[response.status_code] += 1
        assert response.status_code < 500, (
            f"seed {SEED}, request {sent}: {address} {data!r:.2000}"
        )
    print(f"\nadmin fuzz: {count} requests, statuses {dict(sorted(statuses.items()))}")
