import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_database_does_not(client):
    with mock.patch(
        "samenleving.views.connection.cursor", side_effect=DatabaseError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_every_published_page_in_every_language(
    client, content, make_page
):
    make_page("Verborgen")  # a draft
    xml = client.get("/sitemap.xml").content.decode()
    for url in (
        "/nl/",
        "/fr/",
        "/nl/regionale-instituten/",
        "/fr/instituts-regionaux/",
        "/en/regional-institutes/",
        "/de/regionale-institute/",
        "/de/barrierefreiheit/",
    ):
        assert f"<loc>http://testserver{url}</loc>" in xml
    assert 'hreflang="fr" href="http://testserver/fr/instituts-regionaux/"' in xml
    assert "verborgen" not in xml


def test_security_headers_on_public_pages(client, content):
    response = client.get("/nl/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "http" not in csp
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "Strict-Transport-Security" not in response


def test_hsts_when_served_over_https(content):
    response = Client().get("/nl/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_admin_gets_a_strict_policy_too(client):
    response = client.get("/admin/login/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "http" not in csp
    assert "script-src 'self'" in csp


def test_admin_speaks_dutch_by_default(client):
    response = client.get("/admin/login/", headers={"accept-language": "en"})
    assert "Gebruikersnaam" in response.content.decode()


def test_server_error_page_in_visitors_language_and_size(content):
    client = Client(raise_request_exception=False)
    client.cookies["lettergrootte"] = "larger"
    with mock.patch(
        "pages.views.PageTree.for_request", side_effect=RuntimeError("boom")
    ):
        response = client.get("/de/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de" class="fs-larger">' in html
    assert "Etwas ist schiefgelaufen" in html


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def _production_env(**extra):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "samenleving.settings"}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _sep, value = line.partition("=")
            env[name] = value
    env["DJANGO_SECRET_KEY"] = "a-production-like-secret-" + "k" * 40
    env["DATABASE_URL"] = "sqlite:////tmp/unused.sqlite3"
    env.update(extra)
    return env


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env=_production_env(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_environment():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env=_production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_page_without_its_database_answers_503_in_its_language(content):
    visitor = Client(raise_request_exception=False)
    with mock.patch(
        "pages.views.PageTree.for_request",
        side_effect=OperationalError("connection refused"),
    ):
        response = visitor.get("/fr/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="fr"' in response.content.decode()
