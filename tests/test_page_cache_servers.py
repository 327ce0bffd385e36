"""Two servers, one Redis and one PostgreSQL: a change published through one
is what the other serves on its very next request.

Both run as in production (gunicorn, DJANGO_DEBUG off) on loopback ports. The
test makes its own PostgreSQL database and uses one empty Redis database,
which it flushes afterwards; it skips when either is not running locally,
and fails instead when the CI environment variable is set.
"""

import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
import redis

from scripts.concurrent_edits import FormReader
from scripts.production_server import ROOT, ProductionServer
from tests.services import reachable, unavailable

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
USERNAME, PASSWORD = "beheer", "een-lang-wachtwoord-voor-twee-servers"


@pytest.fixture
def postgres_database():
    psycopg = pytest.importorskip("psycopg")
    if not reachable(5432):
        unavailable("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"samenleving_two_servers_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.Error as error:
        unavailable(f"PostgreSQL refused the connection: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """An editor's browser: cookies, and forms sent back as filled in."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
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


def visit(server, path):
    """An anonymous visitor's request, as a cache would see it."""
    with urllib.request.urlopen(server.url + path, timeout=10) as response:
        return response.read().decode()


def run_manage(server, *args, extra_env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**server.environment(), **(extra_env or {})},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def test_a_change_published_on_one_server_is_served_by_the_other_at_once(
    postgres_database, redis_url
):
    env = {"REDIS_URL": redis_url, "DJANGO_SECURE_COOKIES": "false"}
    first = ProductionServer(workers=1, database_url=postgres_database, env=env)
    second = ProductionServer(
        workers=1, database_url=postgres_database, env=env, load_content=False
    )
    with first as one, second as other:
        run_manage(
            one,
            "createsuperuser",
            "--no-input",
            "--username",
            USERNAME,
            "--email",
            "beheer@example.org",
            extra_env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        )
        page_id = run_manage(
            one,
            "shell",
            "-v",
            "0",
            "-c",
            "from pages.models import Page; "
            "print(Page.objects.get(key='regulation').pk)",
        ).strip()
        path = "/nl/regelgeving/"
        # Both servers have the page in the shared cache, and each worker
        # its own copy (core.pagewatch) once it has found it there.
        for server in (one, one, one, other, other, other):
            assert "Vanaf vandaag" not in visit(server, path)
            time.sleep(0.1)
        shared = redis.Redis.from_url(redis_url)
        shared.delete(*shared.keys("*page:*"))
        for server in (one, other):
            with urllib.request.urlopen(server.url + path, timeout=10) as response:
                assert response.headers["X-Cache"] == "hit"

        editor = Browser(one.url)
        editor.log_in()
        change = f"/admin/pages/page/{page_id}/change/"
        form = FormReader("page_form")
        form.feed(editor.get(change))
        names = {name for name, _value in form.fields}
        assert {"csrfmiddlewaretoken", "title_nl", "intro_nl"} <= names
        fields = [
            (
                name,
                "Vanaf vandaag geldt het nieuwe decreet."
                if name == "intro_nl"
                else value,
            )
            for name, value in form.fields
        ]
        answer = editor.post(change, [*fields, ("_publish", "Publiceren")])
        assert "errorlist" not in answer
        assert "Vanaf vandaag geldt het nieuwe decreet." in visit(other, path)
        assert "Vanaf vandaag geldt het nieuwe decreet." in visit(one, path)
