import io
import os

import pytest
from django.core.management import call_command

# Sync Playwright runs an event loop in the test thread; Django's ORM checks
# for one and would refuse to run inside live_server tests otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LANGUAGES = ["nl", "fr", "en", "de"]
FONT_SIZES = ["normal", "larger", "largest"]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files collected and hashed as in production, served by WhiteNoise."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture
def content(db):
    """The site's own pages (and institutes), as `make run` loads them."""
    call_command("load_content", verbosity=0, stdout=io.StringIO())


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, content):
    """A live server with the site's content loaded."""
    return live_server


@pytest.fixture
def new_page(browser, site):
    """Open a fresh browser context (own cookies) on the live site."""
    contexts = []

    def open_page(*, javascript=True, width=1280, height=900, **options):
        context = browser.new_context(
            base_url=site.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            **options,
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def make_page(db):
    """Create a page under the home page, with a Dutch title and slug."""
    from django.utils.text import slugify

    from pages.models import Page

    def make(title="Pagina", parent=None, **fields):
        if parent is None:
            parent = Page.objects.filter(parent__isnull=True).first()
            if parent is None:
                parent = Page.objects.create(title_nl="Start", key="home")
        fields.setdefault("title_nl", title)
        fields.setdefault("slug_nl", slugify(title))
        return Page.objects.create(parent=parent, **fields)

    return make
