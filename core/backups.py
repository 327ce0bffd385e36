"""Backups of the whole database, and restoring one into a fresh database.

PostgreSQL: pg_dump's custom format; a restore goes into a new database,
which then takes the place of the current one (kept under another name).
SQLite: the online backup API, so that a backup is consistent while the site
runs; a restore goes into a new file, which then replaces the current one.
Both check the restored database before it takes the place of the old one.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

SUFFIX = {"postgresql": ".dump", "sqlite": ".sqlite3"}


def backup_dir():
    return Path(os.environ.get("DJANGO_BACKUP_DIR", settings.BASE_DIR / "backups"))


def default_backup_path(connection):
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup_dir() / f"samenleving-{stamp}{SUFFIX[connection.vendor]}"


def backup(path=None, alias="default"):
    connection = connections[alias]
    if connection.vendor not in SUFFIX:
        raise CommandError(f"No backup for {connection.vendor} databases.")
    path = Path(path or default_backup_path(connection))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _pg_run(
            connection,
            ["pg_dump", "--format=custom", "--file", str(partial)],
            connection.settings_dict["NAME"],
        )
    # Only a complete backup gets its name.
    os.replace(partial, path)
    return path


def restore(path, alias="default", keep_old=True):
    """Restore the backup at `path` into a fresh database that then takes
    the current one's place. Returns what became of the old one."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return _restore_sqlite(connection, path, keep_old)
    if connection.vendor == "postgresql":
        return _restore_postgres(connection, path, keep_old)
    raise CommandError(f"No restore for {connection.vendor} databases.")


# SQLite ---------------------------------------------------------------------


def _restore_sqlite(connection, path, keep_old):
    name = connection.settings_dict["NAME"]
    if connection.is_in_memory_db():
        raise CommandError("The database is in memory: there is no file to restore.")
    database = Path(name)
    fresh = database.with_name(database.name + ".restoring")
    fresh.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(fresh)
    try:
        source.backup(target)
        _check_sqlite(target)
    except sqlite3.DatabaseError as error:
        target.close()
        fresh.unlink(missing_ok=True)
        raise CommandError(f"{path} is not a usable backup: {error}") from error
    finally:
        source.close()
        target.close()
    connection.close()
    old = None
    if keep_old and database.exists():
        old = database.with_name(
            f"{database.name}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}"
        )
        shutil.copy2(database, old)
    os.replace(fresh, database)
    return old


def _check_sqlite(db):
    (result,) = db.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise sqlite3.DatabaseError(result)
    db.execute("SELECT count(*) FROM django_migrations").fetchone()


# PostgreSQL -----------------------------------------------------------------


def _pg_environment(connection):
    environment = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return environment


def _pg_target(connection):
    params = connection.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    return arguments


def _pg_run(connection, command, database):
    # pg_dump or pg_restore with the settings' own connection parameters.
    result = subprocess.run(  # noqa: S603
        [*command, *_pg_target(connection), "--no-password", "--dbname", database],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def _pg_admin(connection):
    """A connection to the maintenance database, to create and rename (with
    no statement timeout: creating a database may take longer)."""
    import psycopg

    settings_dict = connection.settings_dict
    params = {
        "dbname": "postgres",
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "connect_timeout": 10,
    }
    return psycopg.connect(
        **{key: value for key, value in params.items() if value}, autocommit=True
    )


def _restore_postgres(connection, path, keep_old):
    from psycopg import sql

    name = connection.settings_dict["NAME"]
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    fresh, old = f"{name}_restoring", f"{name}_before_{stamp}"
    with _pg_admin(connection) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(fresh))
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                sql.Identifier(fresh)
            )
        )
    try:
        _pg_run(
            connection,
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(path),
            ],
            fresh,
        )
    except CommandError:
        with _pg_admin(connection) as admin:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(fresh)))
        raise
    # The fresh database takes the current one's place; every connection
    # to the current one ends (the app servers reconnect on their next
    # request).
    connection.close()
    with _pg_admin(connection) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(name), sql.Identifier(old)
            )
        )
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(fresh), sql.Identifier(name)
            )
        )
        if not keep_old:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))
            return None
    return old
