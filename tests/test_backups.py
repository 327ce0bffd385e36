"""Backups that restore: back up, change and delete pages, restore into a
fresh database, and the site shows exactly what was backed up."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import Client

from pages.models import Page
from pages.publishing import publish
from samenleving import settings as site_settings
from tests.site import sitemap_paths
from tests.test_hardening import database

ROOT = site_settings.BASE_DIR
commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def what_visitors_see(client):
    paths = sorted(set(sitemap_paths(client.get("/sitemap.xml").content.decode())))
    pages = {path: client.get(path) for path in [*paths, "/sitemap.xml"]}
    return {path: (r.status_code, r.content) for path, r in pages.items()}


def change_and_delete_pages():
    about = Page.objects.get(key="about")
    about.title_nl = "Helemaal anders"
    about.save()
    publish(about)
    Page.objects.get(key="links").delete()


@commits
def test_a_backup_restores_into_a_fresh_database(tmp_path):
    client = Client()
    before = what_visitors_see(client)
    assert len(before) > 30
    backup = (
        tmp_path
        / f"site{'.dump' if connections['default'].vendor == 'postgresql' else '.sqlite3'}"
    )
    call_command("backup", output=str(backup), stdout=io.StringIO())
    assert backup.stat().st_size > 0

    change_and_delete_pages()
    changed = what_visitors_see(client)
    assert changed != before

    if connections["default"].vendor == "sqlite":
        # A fresh database file, in place of the test's in-memory database.
        fresh = tmp_path / "restored.sqlite3"
        with database(site_settings.database_config(f"sqlite:///{fresh}")):
            call_command("restore", str(backup), "--drop-old", stdout=io.StringIO())
            after = what_visitors_see(client)
    else:
        call_command("restore", str(backup), "--drop-old", stdout=io.StringIO())
        after = what_visitors_see(client)
    assert after == before


@pytest.mark.django_db
def test_a_file_that_is_no_backup_changes_nothing(tmp_path):
    not_a_backup = tmp_path / "not-a-backup.sqlite3"
    not_a_backup.write_bytes(b"not a database at all" * 100)
    if connections["default"].vendor == "sqlite":
        current = tmp_path / "current.sqlite3"
        with database(
            site_settings.database_config(f"sqlite:///{tmp_path / 'seed.sqlite3'}")
        ):
            pass
        current.write_bytes(b"")
        with (
            database(site_settings.database_config(f"sqlite:///{current}")),
            pytest.raises(CommandError),
        ):
            call_command("restore", str(not_a_backup))
        assert current.read_bytes() == b""
    else:
        with pytest.raises(CommandError):
            call_command("restore", str(not_a_backup), "--drop-old")
        assert Page.objects.exists()


def test_make_restore_says_how_to_use_it():
    result = subprocess.run(
        ["make", "-s", "restore"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "make restore FILE=" in result.stdout + result.stderr
