"""Two editors press "save" on one page at the same moment: the race is made to
happen every time, not by luck.

Both open the change form at the same version. The first save is held inside
its check, after it has read the stored version and before it writes, until
the second save has asked for the same lock (or, were there no lock, has
finished). Only then does the first go on. The second must see the first
one's version: a field both changed comes back as a conflict with nothing of
the second saved, and fields each changed alone are both kept. Nothing waits
for a clock; the two threads move on events.

On SQLite the saves run on a file copy of the test database, as the site
runs (each thread its own connection, BEGIN IMMEDIATE and a busy wait); the
in-memory test database is one shared cache, whose locks fail at once instead
of waiting. tests/test_concurrent_edits.py (make test-long) sends the same
saves to gunicorn on both databases.
"""

import sqlite3
import threading
from collections import defaultdict
from contextlib import ExitStack

import pytest
from django.contrib.auth.models import Group, User
from django.db import connections
from django.test import Client

from core import merge
from pages.models import Page
from samenleving import settings as site_settings
from scripts.concurrent_edits import FormReader
from tests.test_hardening import database

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Only a ceiling for a test that would otherwise hang on a broken lock; no
# outcome depends on how long anything takes.
DEADLOCK = 60


@pytest.fixture
def site_database(tmp_path):
    """A connection configuration for each thread: on SQLite a file copy of
    the test database, elsewhere the test database itself."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    path = tmp_path / "site.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    config = site_settings.database_config(f"sqlite:///{path}")
    # A waiting save waits as long as it must here; the site's two seconds
    # are for a machine that is not running a test suite besides.
    config["OPTIONS"]["timeout"] = DEADLOCK
    return config


def on(config):
    """Inside a thread: its own connection to the site's database."""
    if config is None:
        return ExitStack()
    return database(config)


def editor(username, first_name):
    user = User.objects.create_user(
        username, password="een-lang-wachtwoord", is_staff=True, first_name=first_name
    )
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client = Client()
    client.force_login(user)
    return client


def opened(client, url):
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    data = defaultdict(list)
    for name, value in reader.fields:
        data[name].append(value)
    data["_continue"] = ["1"]
    return data


def asks_for_the_lock(sql, vendor):
    """The statement a save waits at while another save holds the item:
    BEGIN IMMEDIATE (or any write) on SQLite, SELECT ... FOR UPDATE elsewhere."""
    sql = sql.lstrip().upper()
    if vendor == "sqlite":
        return sql.startswith(("BEGIN", "INSERT", "UPDATE", "DELETE"))
    return "FOR UPDATE" in sql


@pytest.mark.parametrize(
    ("first_change", "second_change", "conflict"),
    [
        ({"title_nl": "Titel van Els"}, {"title_nl": "Titel van Jan"}, True),
        ({"intro_nl": "Intro van Els"}, {"intro_fr": "Intro de Jan"}, False),
    ],
    ids=["same field", "different fields"],
)
def test_two_saves_at_the_same_moment_lose_nothing(
    site_database, monkeypatch, first_change, second_change, conflict
):
    with on(site_database):
        page = Page.objects.get(key="regulation")
        url = f"/admin/pages/page/{page.pk}/change/"
        before = {name: getattr(page, name) for name in {*first_change, *second_change}}
        els, jan = editor("els", "Els"), editor("jan", "Jan")
        form_els, form_jan = opened(els, url), opened(jan, url)

    first_holds_the_item = threading.Event()
    second_waits_or_is_done = threading.Event()
    first_thread = []
    check = merge.plan

    def held_check(form, stored, loaded):
        # The first save, with the stored version read under the lock.
        if threading.current_thread() in first_thread:
            first_holds_the_item.set()
            if not second_waits_or_is_done.wait(DEADLOCK):
                raise RuntimeError("the second save neither waited nor finished")
        return check(form, stored, loaded)

    monkeypatch.setattr(merge, "plan", held_check)
    responses = {}

    def save(name, client, form, changes, watch):
        try:
            with on(site_database):
                connection = connections["default"]

                def signal(execute, sql, params, many, context):
                    if asks_for_the_lock(sql, connection.vendor):
                        second_waits_or_is_done.set()
                    return execute(sql, params, many, context)

                data = {key: list(values) for key, values in form.items()}
                data.update({key: [value] for key, value in changes.items()})
                with ExitStack() as stack:
                    if watch:
                        stack.enter_context(connection.execute_wrapper(signal))
                    responses[name] = client.post(url, data)
        finally:
            if watch:
                second_waits_or_is_done.set()
            connections.close_all()

    first = threading.Thread(
        target=save, args=("els", els, form_els, first_change, False)
    )
    second = threading.Thread(
        target=save, args=("jan", jan, form_jan, second_change, True)
    )
    first_thread.append(first)
    first.start()
    assert first_holds_the_item.wait(DEADLOCK), "the first save never reached its check"
    second.start()
    first.join()
    second.join()

    assert responses["els"].status_code == 302
    with on(site_database):
        page = Page.objects.get(key="regulation")
        stored = {name: getattr(page, name) for name in before}
    if conflict:
        # The second save saw the first one's version: the form comes back
        # with both versions side by side, and nothing of it is saved.
        assert responses["jan"].status_code == 200
        text = responses["jan"].content.decode()
        assert 'name="merge_title_nl"' in text
        assert "Titel van Els" in text and "Titel van Jan" in text
        assert stored == {"title_nl": "Titel van Els"}
    else:
        # Merged per field: each editor's change is kept.
        assert responses["jan"].status_code == 302
        assert stored == {**before, **first_change, **second_change}
