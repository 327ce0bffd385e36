"""Two editors save the same item at the same moment: exactly one must win.

Runs the site under gunicorn (two workers, so both saves are handled at
once), signs in two editors, and for each try has both open the change form
of one page, one region and one theme, then send their saves together from
two threads. The winner's save is stored; the other gets the form back with
the "someone else saved" message; nothing answers 500.

    python scripts/concurrent_edits.py                  # a SQLite file
    python scripts/concurrent_edits.py --postgres postgres://postgres@127.0.0.1:5432
    python scripts/concurrent_edits.py --tries 50

With --postgres, a scratch database is created on that server for the run
and dropped afterwards.

Prints one line per model with the counts, and exits non-zero on any
other outcome.
"""

import argparse
import contextlib
import http.cookiejar
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.production_server import ROOT, ProductionServer  # noqa: E402

STALE = "Iemand anders heeft dit item bewaard"
PASSWORD = "gelijktijdig-bewaren-" + "x" * 12  # noqa: S105 - a throwaway test user
TARGETS = {
    # model admin path, the object's lookup, the field both editors change
    "page": (
        "pages/page",
        "from pages.models import Page as M",
        "key='regulation'",
        "title_nl",
    ),
    "region": (
        "institutes/region",
        "from institutes.models import Region as M",
        "key='gent'",
        "name_nl",
    ),
    "theme": (
        "institutes/theme",
        "from institutes.models import Theme as M",
        "pk__gt=0",
        "name_nl",
    ),
}


class FormReader(HTMLParser):
    """The values a browser would send for a form: the one with `form_id`, or
    else the page's POST forms (the admin's change form)."""

    def __init__(self, form_id=None):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None
        self.form_id = form_id
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.form_id is None:
                self.in_form = attrs.get("method", "").lower() == "post"
            else:
                self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append(
                [name, attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Editor:
    def __init__(self, base_url, username):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        form = self.get("/admin/login/")
        csrf = dict(form.fields)["csrfmiddlewaretoken"]
        status, _body = self.post(
            "/admin/login/?next=/admin/",
            [
                ("csrfmiddlewaretoken", csrf),
                ("username", username),
                ("password", PASSWORD),
            ],
        )
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=30) as response:
            reader = FormReader()
            reader.feed(response.read().decode())
            return reader

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, headers={"Referer": self.base_url + path}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class EditingServer(ProductionServer):
    def environment(self):
        # Plain HTTP on localhost: the session cookie must travel without TLS.
        return {**super().environment(), "DJANGO_SECURE_COOKIES": "false"}


def object_id(server, target):
    _path, import_line, lookup, _field = TARGETS[target]
    output = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"{import_line}; print(M.objects.filter({lookup}).order_by('pk').first().pk)",
        ],
        cwd=ROOT,
        env=server.environment(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


def one_try(editors, url, field, form, tokens, number):
    """Both editors opened `form`; both save at once. The outcomes, and the
    form as it stands afterwards (the next try opens that one)."""
    barrier = threading.Barrier(len(editors))
    results = [None] * len(editors)

    def save(index):
        values = [
            (name, f"Versie {number}-{index}" if name == field else value)
            for name, value in form
            if name != "csrfmiddlewaretoken"
        ]
        values += [("csrfmiddlewaretoken", tokens[index]), ("_continue", "1")]
        barrier.wait()
        results[index] = editors[index].post(url, values)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(editors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = []
    for status, body in results:
        if status == 302:
            outcomes.append("saved")
        elif status == 200 and STALE in body:
            outcomes.append("conflict")
        else:
            outcomes.append(f"HTTP {status}")
    # What is stored is the winner's version.
    after = editors[0].get(url).fields
    stored = dict(after).get(field)
    winners = [i for i, outcome in enumerate(outcomes) if outcome == "saved"]
    if len(winners) == 1 and stored != f"Versie {number}-{winners[0]}":
        outcomes.append("lost")
    return outcomes, after


@contextlib.contextmanager
def scratch_postgres(server_url):
    """A fresh database on a PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"samenleving_concurrency_{os.getpid()}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(database_url=None, tries=50):
    summary = {}
    with EditingServer(workers=2, database_url=database_url) as server:
        for name in ("redacteur-a", "redacteur-b"):
            server.manage(
                "shell",
                "-c",
                "from django.contrib.auth.models import User; "
                f"User.objects.create_superuser({name!r}, '', {PASSWORD!r})",
            )
        editors = [Editor(server.url, "redacteur-a"), Editor(server.url, "redacteur-b")]
        for target, (path, _import, _lookup, field) in TARGETS.items():
            url = f"/admin/{path}/{object_id(server, target)}/change/"
            forms = [editor.get(url).fields for editor in editors]
            tokens = [dict(form)["csrfmiddlewaretoken"] for form in forms]
            form = forms[0]
            counts = Counter()
            started = time.monotonic()
            for number in range(tries):
                outcomes, form = one_try(editors, url, field, form, tokens, number)
                ok = sorted(outcomes) == ["conflict", "saved"]
                counts[
                    "one won, one saw the conflict" if ok else " / ".join(outcomes)
                ] += 1
            summary[target] = (counts, time.monotonic() - started)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL, without a database name"
    )
    parser.add_argument("--tries", type=int, default=50)
    args = parser.parse_args()
    if args.postgres:
        with scratch_postgres(args.postgres.rstrip("/")) as database_url:
            summary = run(database_url, args.tries)
    else:
        summary = run(None, args.tries)
    failed = False
    for target, (counts, seconds) in summary.items():
        details = ", ".join(f"{count}× {outcome}" for outcome, count in counts.items())
        print(f"{target}: {details} ({seconds:.1f} s)")
        failed |= set(counts) != {"one won, one saw the conflict"}
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
