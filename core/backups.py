"""Backups of the whole database, and restoring one into a fresh database.

PostgreSQL: pg_dump's custom format; a restore goes into a new database,
which then takes the place of the current one (kept under another name).
SQLite: the online backup API, so that a backup is consistent while the site
runs; a restore goes into a new file, which then replaces the current one.
Both check the restored database before it takes the place of the old one:
it must hold the site's tables at a state of its migrations that the code
knows, and is brought up to the code's state before it is put in place;
anything else is refused, and the database in use stays as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

SUFFIX = {"postgresql": ".dump", "sqlite": ".sqlite3"}


def backup_dir():
    return Path(os.environ.get("DJANGO_BACKUP_DIR", settings.BASE_DIR / "backups"))


def default_backup_path(connection):
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup_dir() / f"samenleving-{stamp}{SUFFIX[connection.vendor]}"


LEFT_OUT = "left_out_of_backups"


def left_out():
    """Tables whose rows stay out of every backup: the editors' sessions
    (a session key from a backup would sign in as its editor), the login
    lockout's records of attempts (names and addresses) and the models
    marked `left_out_of_backups` (the feedback form's flood counts, hashed
    addresses). A restore thereby also ends every session."""
    from axes.models import (
        AccessAttempt,
        AccessAttemptExpiration,
        AccessFailureLog,
        AccessLog,
    )
    from django.apps import apps
    from django.contrib.sessions.models import Session

    marked = [model for model in apps.get_models() if getattr(model, LEFT_OUT, False)]
    models = [
        Session,
        AccessAttempt,
        AccessAttemptExpiration,
        AccessFailureLog,
        AccessLog,
        *marked,
    ]
    return [model._meta.db_table for model in models]


def private_folder(folder):
    """The folder, made if need be, readable by its owner alone: a backup
    holds the editors' password hashes."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_uid == os.getuid():
        folder.chmod(0o700)


def backup(path=None, alias="default"):
    connection = connections[alias]
    if connection.vendor not in SUFFIX:
        raise CommandError(f"No backup for {connection.vendor} databases.")
    path = Path(path or default_backup_path(connection))
    private_folder(path.parent)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # Readable by the owner alone from its first byte on.
    partial.touch(mode=0o600)
    partial.chmod(0o600)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
            existing = {
                name
                for (name,) in target.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            for table in left_out():
                if table in existing:
                    target.execute(f'DELETE FROM "{table}"')  # noqa: S608
            target.commit()
            # Deleted rows would otherwise stay in the file's free pages.
            target.execute("VACUUM")
        finally:
            target.close()
    else:
        _pg_run(
            connection,
            [
                "pg_dump",
                "--format=custom",
                *(f"--exclude-table-data={table}" for table in left_out()),
                "--file",
                str(partial),
            ],
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
        old = _restore_sqlite(connection, path, keep_old)
    elif connection.vendor == "postgresql":
        old = _restore_postgres(connection, path, keep_old)
    else:
        raise CommandError(f"No restore for {connection.vendor} databases.")
    migrate_if_behind(connection)
    return old


# Is it the site's? -----------------------------------------------------------

# Without these, a database holds none of the site's content.
CONTENT_APPS = ("pages", "institutes")


class Refused(CommandError):
    pass


RESTORING = "restoring"


@contextmanager
def _connection_to(connection, name):
    """A connection like `connection`, to the database `name`, under an alias
    of its own for as long as it is used (the migration recorder finds its
    connection by alias)."""
    restored = type(connection)({**connection.settings_dict, "NAME": name}, RESTORING)
    connections[RESTORING] = restored
    try:
        yield restored
    finally:
        restored.close()
        del connections[RESTORING]


def check(connection, name, path):
    """Refused, with what is wrong, unless the restored database `name` is
    one of the site's that the code can run on or migrate."""
    with _connection_to(connection, name) as restored:
        try:
            problem = schema_problem(restored)
        except DatabaseError as error:
            problem = f"its tables cannot be read ({error})"
    if problem:
        raise Refused(
            f"{path} was not restored: {problem}. "
            "The database in use has not been changed."
        )


def migrate_if_behind(connection):
    """A backup made before the code's last migrations gets them, as a
    deploy would give them (with what runs after every migrate)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command(
            "migrate", database=connection.alias, interactive=False, verbosity=0
        )


def schema_problem(restored):
    """Why the code cannot run on the database, or None."""
    if not MigrationRecorder(restored).has_table():
        return "it holds no record of migrations, so it is no backup of this site"
    executor = MigrationExecutor(restored)
    loader = executor.loader
    # A squashed migration stands for the ones it replaces, which a database
    # migrated before the squash has recorded one by one.
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    applied = set(loader.applied_migrations)
    unknown = sorted(applied - known)
    if unknown:
        app, name = unknown[0]
        return (
            f"it was made by a newer version of the site (migration {app}.{name} "
            "is unknown here): restore it with that version"
        )
    missing_apps = [
        app for app in CONTENT_APPS if not any(a == app for a, _ in applied)
    ]
    if missing_apps:
        return f"it holds none of the site's content ({', '.join(missing_apps)})"
    try:
        loader.check_consistent_history(restored)
    except InconsistentMigrationHistory as error:
        return f"its migrations are inconsistent ({error})"
    # The tables its migrations say it has must be there.
    nodes = sorted(applied & set(loader.graph.nodes))
    state = loader.project_state(nodes=nodes, at_end=True)
    tables = set(restored.introspection.table_names())
    for model in state.apps.get_models(include_auto_created=True):
        if model._meta.managed and model._meta.db_table not in tables:
            return f"the table {model._meta.db_table} is missing"
    return None


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
    try:
        check(connection, str(fresh), path)
    except Exception:
        fresh.unlink(missing_ok=True)
        raise
    connection.close()
    old = None
    if keep_old and database.exists():
        old = database.with_name(
            f"{database.name}.before-restore-{datetime.now(UTC):%Y%m%d-%H%M%S}"
        )
        shutil.copy2(database, old)
        old.chmod(0o600)
    os.replace(fresh, database)
    return old


def _check_sqlite(db):
    (result,) = db.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise sqlite3.DatabaseError(result)


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
        check(connection, fresh, path)
    except Exception:
        # Nothing of a refused or failed restore is left behind.
        with _pg_admin(connection) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(fresh))
            )
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
