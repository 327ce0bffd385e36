"""Fixtures for the whole suite.

The test database is created once per session with the site's content in it
(`load_content`, as `make run` does). Every test runs in a transaction that
is rolled back, so each starts from that content; a test that needs other
data changes it inside its own transaction. The few tests that must commit
(an editor's round trip through the admin in a real browser) are marked
``django_db(transaction=True, serialized_rollback=True)``: the database is
emptied after them and the content restored from a copy taken after loading.

Browser tests share one Chromium and one live server for the session. A test
that uses either is marked ``browser`` automatically.
"""

import io
import os
import sqlite3
import threading

import pytest
from django.core.management import call_command

from core import fontsize
from tests.axe import AXE_SCRIPT
from tests.browsing import AdminSite, SitePage, launch_chromium, record_problems
from tests.markup import as_seen
from tests.services import postgres_scratch, redis_url  # noqa: F401 - fixtures

# Sync Playwright runs an event loop in the test thread; Django's ORM checks
# for one and would refuse to run inside browser tests otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        # The live site serves browsers; on PostgreSQL it does not see what
        # a test adds inside its transaction.
        if {"browser", "live_site"} & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)
        marker = item.get_closest_marker("django_db")
        commits = (marker and marker.kwargs.get("transaction")) or (
            "transactional_db" in item.fixturenames
        )
        if commits and not (marker and marker.kwargs.get("serialized_rollback")):
            raise pytest.UsageError(
                f"{item.nodeid}: a test that commits must restore the content "
                "afterwards: mark it django_db(transaction=True, "
                "serialized_rollback=True)."
            )


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files collected and hashed as in production, served by WhiteNoise."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)
    with pytest.MonkeyPatch.context() as patch:
        list_static_files_once(patch)
        yield settings.STATIC_ROOT


def list_static_files_once(patch):
    """WhiteNoise lists the static files when a handler loads its middleware:
    a server does that once, but every test client does it again, a
    thousand times a session. The files do not change during the session:
    each worker lists them once, for each set of WhiteNoise's settings."""
    from whitenoise.base import WhiteNoise

    listed = {}
    update = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        key = (root, prefix, self.max_age, self.allow_all_origins, self.charset)
        key += (self.add_headers_function, self.index_file)
        if key not in listed:
            files, self.files = self.files, {}
            update(self, root, prefix)
            listed[key], self.files = self.files, files
        self.files.update(listed[key])

    patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the site's own pages and institutes, loaded once."""
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0, stdout=io.StringIO())
        # What tests with serialized_rollback get back after the flush.
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                keep_a_copy(connection)
            else:
                connection._test_serialized_contents = (
                    connection.creation.serialize_db_to_string()
                )


def keep_a_copy(connection):
    """An in-memory SQLite database comes back from a page-for-page copy
    (SQLite's backup API) instead of Django's serialized rows: milliseconds
    instead of seconds per committing test, and the same database, its
    sequences included."""
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)

    def restore(_serialized):
        connection.ensure_connection()
        copy.backup(connection.connection)

    # Django restores by calling deserialize_db_from_string when this is set.
    connection._test_serialized_contents = "copied with SQLite's backup API"
    connection.creation.deserialize_db_from_string = restore


@pytest.fixture
def client(client):
    """Django's test client, reading pages as a visitor sees them: without
    the soft hyphens and <wbr> break points that mark where long words and
    addresses may break (core.hyphenation; tests/test_hyphenation.py reads
    them as sent)."""
    send = client.request

    def request(**kwargs):
        response = send(**kwargs)
        if not response.streaming and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            response.content = as_seen(
                response.content.decode(response.charset)
            ).encode(response.charset)
        return response

    client.request = request
    return client


@pytest.fixture
def make_page(db):
    """Create a page under the home page, with a Dutch title and slug."""
    from django.utils.text import slugify

    from pages.models import Page

    def make(title="Pagina", parent=None, **fields):
        if parent is None:
            parent = Page.objects.get(parent__isnull=True)
        fields.setdefault("title_nl", title)
        fields.setdefault("slug_nl", slugify(title))
        return Page.objects.create(parent=parent, **fields)

    return make


@pytest.fixture
def editor_client(client, db):
    """The test client, logged in as an editor (staff, in the editors' group)."""
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user(
        "redacteur", password="een-lang-wachtwoord", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(editor)
    return client


# The browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(live_site):
    """Chromium for the session. It needs the live site, so that it closes,
    and its open connections to the site with it, before the site stops."""
    from django.db import connections

    sync_api = pytest.importorskip("playwright.sync_api")
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_api.sync_playwright() as playwright:
        # Playwright leaves its event loop running in this thread, and Django
        # then looks connections up per async context, making new ones. Keep
        # the thread's own: one connection per database, as in every test.
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


class LiveSite:
    """The site served on a free port for the whole session.

    Static files come from WhiteNoise, as in production, so the browser keeps
    the hashed files instead of asking for them on every page. An in-memory
    SQLite database is one connection, shared with the server's threads: the
    server then sees what a test adds inside its transaction. Other databases
    are reached over a connection of the server's own, which sees the content
    and what transactional tests commit.
    """

    def __init__(self):
        from django.db import connections
        from django.test.testcases import LiveServerThread

        shared = {
            connection.alias: connection
            for connection in connections.all()
            if connection.vendor == "sqlite" and connection.is_in_memory_db()
        }
        self.thread = LiveServerThread(
            "localhost",
            static_handler=lambda application: application,
            connections_override=shared,
        )
        self.thread.daemon = True

    def __enter__(self):
        for connection in self.thread.connections_override.values():
            connection.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            self.__exit__()
            raise self.thread.error
        self.url = f"http://{self.thread.host}:{self.thread.port}"
        return self

    def __exit__(self, *exc):
        self.thread.terminate()
        # A thread that served a connection the browser kept open ends when
        # the browser closes it, and then lets go of the shared connection:
        # wait for it before sharing ends.
        for thread in threading.enumerate():
            if thread.name.endswith("(process_request_thread)"):
                thread.join(timeout=10)
        for connection in self.thread.connections_override.values():
            connection.dec_thread_sharing()


@pytest.fixture(scope="session")
def live_site(django_db_setup, collected_static):
    with LiveSite() as running:
        yield running


@pytest.fixture
def site(db, live_site):
    """The live site with the content, for a test with database access."""
    return live_site


@pytest.fixture
def open_page(browser, site):
    """Open an address in a fresh browser context (own cookies) on the live site.

    `font_size` stores a size choice first; `axe` loads axe-core into every
    document the context opens; other options go to Playwright's new_context.
    """
    contexts = []

    def open_page(
        path=None,
        *,
        javascript=True,
        width=1280,
        height=900,
        font_size=None,
        axe=False,
        **options,
    ):
        context = browser.new_context(
            base_url=site.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            **options,
        )
        contexts.append(context)
        if font_size:
            context.add_cookies(
                [{"name": fontsize.COOKIE_NAME, "value": font_size, "url": site.url}]
            )
        if axe:
            context.add_init_script(AXE_SCRIPT)
        page = SitePage(context.new_page())
        if path is not None:
            page.open(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def open_admin(open_page, site):
    """The admin in a fresh browser context, logged in as a superuser.

    With `log_in=False` it waits on the login page. `problems` collects
    script errors, failed files and off-site requests from then on.
    """
    from django.contrib.auth.models import User

    username, password = "beheer", "een-lang-wachtwoord-voor-tests"
    User.objects.create_superuser(username, "beheer@example.org", password)

    def open_admin(*, log_in=True, **options):
        admin = AdminSite(open_page(**options).page, username, password)
        admin.problems = record_problems(admin.page, site.url)
        if log_in:
            admin.log_in()
        else:
            admin.open("/admin/login/")
        return admin

    return open_admin


@pytest.fixture
def content(db):
    """The site's content: loaded once for the session (see django_db_setup);
    asking for it says that a test reads it."""


@pytest.fixture
def new_page(open_page):
    """A bare Playwright page in a fresh browser context on the live site."""

    def new(**options):
        return open_page(**options).page

    return new
