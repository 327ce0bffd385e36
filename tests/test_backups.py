"""Backups that restore: back up, change and delete pages, restore into a
fresh database, and the site shows exactly what was backed up."""

import io
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from core import backups
from pages.models import Page
from pages.publishing import publish
from samenleving import settings as site_settings
from tests.site import sitemap_paths
from tests.test_hardening import database

ROOT = site_settings.BASE_DIR
commits = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# A migration that a backup made by an older version would lack.
OLDER = ("admin", "0003_logentry_add_action_flag_choices")


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
        # As if the backup was made before the code's last migration of the
        # admin's log: the restore applies it.
        older = sqlite3.connect(backup)
        older.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", OLDER)
        older.commit()
        older.close()
        # A fresh database file, in place of the test's in-memory database.
        fresh = tmp_path / "restored.sqlite3"
        fresh.write_bytes(b"the database it replaces")
        fresh.chmod(0o644)
        with database(site_settings.database_config(f"sqlite:///{fresh}")):
            call_command("restore", str(backup), stdout=io.StringIO())
            after = what_visitors_see(client)
            applied = MigrationRecorder(connections["default"]).applied_migrations()
            assert OLDER in applied
        # The database it replaced is kept, as private as a backup.
        (kept,) = tmp_path.glob("restored.sqlite3.before-restore-*")
        assert kept.read_bytes() == b"the database it replaces"
        assert kept.stat().st_mode & 0o777 == 0o600
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


# What is not a backup of the site is refused --------------------------------

MIGRATIONS_TABLE = (
    "CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT, "
    "app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL)"
)


def every_migration():
    from django.db.migrations.loader import MigrationLoader

    # As `migrate` records them: a squashed migration with each it replaces.
    disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    names = set(disk)
    for migration in disk.values():
        names.update(migration.replaces)
    return sorted(names)


def sqlite_file(path, statements=(), migrations=()):
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    if migrations:
        db.executemany(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES (?, ?, '2026-01-01 00:00:00')",
            migrations,
        )
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    ("statements", "migrations", "reason"),
    [
        (("PRAGMA user_version = 1",), (), "no record of migrations"),
        ((MIGRATIONS_TABLE,), (), "none of the site's content"),
        ((MIGRATIONS_TABLE,), "all", "is missing"),
        (
            (MIGRATIONS_TABLE,),
            [("pages", "0001_initial"), ("pages", "9999_from_a_newer_site")],
            "newer version of the site",
        ),
    ],
    ids=["empty", "only-migrations-table", "no-tables", "from-a-newer-version"],
)
@pytest.mark.django_db
def test_sqlite_refuses_what_the_code_cannot_run_on(
    tmp_path, statements, migrations, reason
):
    if migrations == "all":
        migrations = every_migration()
    backup = sqlite_file(tmp_path / "backup.sqlite3", statements, migrations)
    current = sqlite_file(
        tmp_path / "current.sqlite3", [MIGRATIONS_TABLE, "CREATE TABLE live (id int)"]
    )
    before = current.read_bytes()
    with (
        database(site_settings.database_config(f"sqlite:///{current}")),
        pytest.raises(CommandError, match=reason) as refusal,
    ):
        call_command("restore", str(backup), stdout=io.StringIO())
    assert "The database in use has not been changed." in str(refusal.value)
    assert current.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backup.sqlite3",
        "current.sqlite3",
    ]


@pytest.mark.django_db
def test_postgres_refuses_a_dump_of_an_empty_database(postgres_scratch, tmp_path):
    config = site_settings.database_config(
        f"postgresql://postgres@127.0.0.1:5432/{postgres_scratch}"
    )
    dump = tmp_path / "empty.dump"
    with database(config):
        backups.backup(dump)
        with connections["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE live (id int)")
        with pytest.raises(CommandError, match="no record of migrations"):
            call_command("restore", str(dump), stdout=io.StringIO())
        assert connections["default"].introspection.table_names() == ["live"]
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"{postgres_scratch}%"],
            )
            assert cursor.fetchall() == [(postgres_scratch,)]


# Backups are private ---------------------------------------------------------

SECRET_SESSION = "sessionkeythatmustnotleave"


def fill_left_out_tables(execute):
    execute("CREATE TABLE django_session (session_key varchar(40), session_data text)")
    execute("INSERT INTO django_session VALUES ('sessionkeythatmustnotleave', 'x')")
    execute("CREATE TABLE axes_accessattempt (username varchar(255))")
    execute("INSERT INTO axes_accessattempt VALUES ('attempted-editor-name')")
    execute("CREATE TABLE feedback_submissionwindow (sender varchar(64))")
    execute("INSERT INTO feedback_submissionwindow VALUES ('hashed-sender')")
    execute("CREATE TABLE kept (note text)")
    execute("INSERT INTO kept VALUES ('content stays')")


def assert_private(backup):
    assert backup.stat().st_mode & 0o777 == 0o600
    assert backup.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.django_db
def test_an_sqlite_backup_is_private_and_holds_no_session(tmp_path):
    live = tmp_path / "live.sqlite3"
    db = sqlite3.connect(live)
    fill_left_out_tables(db.execute)
    db.commit()
    db.close()
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with database(site_settings.database_config(f"sqlite:///{live}")):
        backup = backups.backup(folder / "site.sqlite3")
    assert_private(backup)
    assert SECRET_SESSION.encode() not in backup.read_bytes()
    assert b"attempted-editor-name" not in backup.read_bytes()
    assert b"hashed-sender" not in backup.read_bytes()
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
    assert copy.execute("SELECT note FROM kept").fetchall() == [("content stays",)]
    copy.close()


@pytest.mark.django_db
def test_a_postgres_backup_is_private_and_holds_no_session(postgres_scratch, tmp_path):
    config = site_settings.database_config(
        f"postgresql://postgres@127.0.0.1:5432/{postgres_scratch}"
    )
    with database(config):
        with connections["default"].cursor() as cursor:
            fill_left_out_tables(cursor.execute)
        backup = backups.backup(tmp_path / "new" / "folder" / "site.dump")
    assert_private(backup)
    data = subprocess.run(
        ["pg_restore", "--data-only", "--file", "-", str(backup)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "content stays" in data
    assert SECRET_SESSION not in data
    assert "attempted-editor-name" not in data
    assert "hashed-sender" not in data
