"""A consistent copy of the database while writers run, its row counts, and putting it back.

SQLite: the online backup API copies every page in one step under one read transaction, so the copy is
the database as of one instant even in WAL mode with writers committing (a file copy of db.sqlite3 misses
what still sits in db.sqlite3-wal). PostgreSQL: a REPEATABLE READ transaction exports its snapshot; the
row counts are taken in it and `pg_dump --snapshot` dumps exactly it, so the counts match the dump.
"""

import os
import sqlite3
import subprocess  # nosec B404: runs pg_dump / pg_restore only
from contextlib import closing, contextmanager
from pathlib import Path

import dj_database_url
from django.db import connections
from django.utils.translation import gettext as _

from fupin.core.backup.sealing import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def engine_of(settings_dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise BackupError(_("不支持备份此数据库引擎：%(engine)s。") % {"engine": engine})


def target_from_url(url):
    """The settings dict of a DATABASE_URL (`--into`)."""
    try:
        return dj_database_url.parse(url)
    except Exception as exc:  # the library raises several kinds for a malformed URL
        raise BackupError(_("数据库地址无效：%(url)s") % {"url": url}) from exc


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def count_rows(cursor, tables) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # nosec B608: quoted names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def migration_state(cursor, tables) -> dict:
    """Per app, the last applied migration and how many are applied."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    state = {}
    for app, name in cursor.fetchall():
        state[app] = {"latest": name, "applied": state.get(app, {}).get("applied", 0) + 1}
    return dict(sorted(state.items()))


# SQLite ---------------------------------------------------------------------------------------------


def sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def describe_sqlite(path) -> dict:
    with closing(sqlite3.connect(path)) as db:
        cursor = db.cursor()
        tables = sqlite_tables(cursor)
        return {"tables": count_rows(cursor, tables), "migrations": migration_state(cursor, tables)}


def snapshot_sqlite(alias, target: Path, on_snapshot) -> dict:
    """Copy the live database into `target` with the backup API; the description of the copy."""
    source = connections[alias]
    source.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        source.connection.backup(copy)  # pages=-1: one step, one read transaction, one instant
    on_snapshot()
    return describe_sqlite(target)


def sqlite_has_tables(path) -> bool:
    if not Path(path).exists():
        return False
    with closing(sqlite3.connect(path)) as db:
        return bool(sqlite_tables(db.cursor()))


def restore_sqlite(dump: Path, settings_dict):
    """Write the copy into the target file through the backup API (the target's own WAL stays coherent)."""
    target = settings_dict["NAME"]
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target, timeout=30)) as into:
        source.backup(into)
    return describe_sqlite(target)


# PostgreSQL -----------------------------------------------------------------------------------------


def pg_environment(settings_dict) -> dict:
    """libpq variables for pg_dump / pg_restore: the password never appears on a command line."""
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = settings_dict["NAME"]
    return environment


@contextmanager
def pg_connect(settings_dict, dbname=None, **options):
    import psycopg

    params = {"dbname": dbname or settings_dict["NAME"]}
    for param, key in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")):
        if settings_dict.get(key):
            params[param] = settings_dict[key]
    try:
        db = psycopg.connect(**params, **options)
    except psycopg.OperationalError as exc:
        raise BackupError(
            _("无法连接数据库 %(name)s：%(error)s") % {"name": params["dbname"], "error": exc}
        ) from exc
    with db:
        yield db


def pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def describe_pg(settings_dict) -> dict:
    with pg_connect(settings_dict) as db, db.cursor() as cursor:
        tables = pg_tables(cursor)
        return {"tables": count_rows(cursor, tables), "migrations": migration_state(cursor, tables)}


def run(command, environment, what):
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        raise BackupError(
            _("%(what)s 失败（退出码 %(code)s）：%(error)s")
            % {"what": what, "code": done.returncode, "error": done.stderr.strip()[-2000:]}
        )


def snapshot_pg(alias, target: Path, on_snapshot) -> dict:
    import psycopg

    settings_dict = connections[alias].settings_dict
    with pg_connect(settings_dict) as db:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")  # the transaction's snapshot is fixed here
            snapshot = cursor.fetchone()[0]
            on_snapshot()
            tables = pg_tables(cursor)
            description = {
                "tables": count_rows(cursor, tables),
                "migrations": migration_state(cursor, tables),
            }
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
            run(command, pg_environment(settings_dict), "pg_dump")
        db.rollback()
    return description


def pg_has_tables(settings_dict) -> bool:
    with pg_connect(settings_dict) as db, db.cursor() as cursor:
        return bool(pg_tables(cursor))


def restore_pg(dump: Path, settings_dict):
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
    ]
    run(
        [*command, f"--dbname={settings_dict['NAME']}", str(dump)],
        pg_environment(settings_dict),
        "pg_restore",
    )
    return describe_pg(settings_dict)


# Either ---------------------------------------------------------------------------------------------

DUMP_NAMES = {SQLITE: "database/sqlite3.db", POSTGRESQL: "database/postgresql.dump"}


def snapshot(alias, target: Path, on_snapshot=lambda: None) -> dict:
    engine = engine_of(connections[alias].settings_dict)
    take = snapshot_sqlite if engine == SQLITE else snapshot_pg
    return {"engine": engine, **take(alias, target, on_snapshot)}


def has_tables(settings_dict) -> bool:
    if engine_of(settings_dict) == SQLITE:
        return sqlite_has_tables(settings_dict["NAME"])
    return pg_has_tables(settings_dict)


def restore(engine, dump: Path, settings_dict) -> dict:
    if engine_of(settings_dict) != engine:
        raise BackupError(
            _("备份来自 %(source)s，目标数据库是 %(target)s：只能恢复到同类数据库。")
            % {"source": engine, "target": engine_of(settings_dict)}
        )
    put = restore_sqlite if engine == SQLITE else restore_pg
    return put(dump, settings_dict)
