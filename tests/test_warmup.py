"""The gunicorn master loads, before it forks, what each worker's first
request would otherwise pay for: above all the 503 page, which must be fast
exactly when the database is gone."""

from django.template import engines

from core.hyphenation import dictionary
from core.warmup import site_templates, warm_up
from tests.site import LANGUAGES


def test_warm_up_needs_no_database_and_compiles_the_sites_templates(caplog):
    # No django_db mark: a query would fail, and the warm-up would say so.
    dictionary.cache_clear()
    warm_up()
    assert "did not render" not in caplog.text
    # Every language's hyphenation dictionary is loaded (German's alone takes
    # half a second, too long for a 503 page's first answer).
    assert dictionary.cache_info().currsize == len(LANGUAGES)
    names = list(site_templates())
    assert "503.html" in names and "base.html" in names
    assert not any(name.startswith("admin/") for name in names)
    loader = engines["django"].engine.template_loaders[0]
    if hasattr(loader, "get_template_cache"):
        assert any("503.html" in key for key in map(str, loader.get_template_cache))


def test_warm_up_reads_nothing_shared(monkeypatch):
    # The master forks its workers after the warm-up: a connection to the
    # shared cache or the database opened here would be shared by them all,
    # and their answers mixed up. The 503 page must not need them either.
    from core import pagecache

    asked = []
    monkeypatch.setattr(pagecache, "shared_cache", lambda: asked.append(1))
    monkeypatch.setattr(pagecache, "next_scheduled_change", lambda now: asked.append(2))
    warm_up()
    assert asked == []
