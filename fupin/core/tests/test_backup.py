"""Backups and restore: the drill (a backup while 8 writers commit, restored into a fresh database), the
manifest, the key and the checks that refuse a damaged archive or a non-empty target."""

import base64
import copy
import io
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from fupin.core.backup import archive, databases
from fupin.core.backup.sealing import CHUNK, BackupError, OpeningReader, SealingWriter

WRITERS = 8


@pytest.fixture
def backup_settings(settings, tmp_path):
    settings.FUPIN_BACKUP_KEY = base64.b64encode(os.urandom(32)).decode()
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.BACKUP_DIR = tmp_path / "backups"
    evidence = settings.MEDIA_ROOT / "ledgers" / "evidence" / "440703101201" / "1"
    evidence.mkdir(parents=True)
    (evidence / "现场照片.jpg").write_bytes(b"\xff\xd8" + os.urandom(3000))
    (evidence / "upload.part").write_bytes(b"half an upload")
    (settings.VAR_DIR / "jobs").mkdir()
    (settings.VAR_DIR / "jobs" / "7.progress.json").write_text("{}")
    return settings


def copy_schema(into):
    """The test database's tables and indexes, and its migration records, into another connection. (The
    test's own connection holds a write transaction, so the backup API cannot read it.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
        statements = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id, app, name, applied FROM django_migrations")
        migrations = cursor.fetchall()
    with into.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.executemany("INSERT INTO django_migrations VALUES (%s, %s, %s, %s)", migrations)


class LiveDatabase:
    """The database the writers and the backup use. On SQLite a file in WAL mode (the finding: a file copy
    of it lost rows still in the -wal file), made from the migrated test database; on PostgreSQL the test
    database itself. A thread calls open() before using the alias: the file's connection is set on the
    thread only, as Django's test case refuses threads a connection to a configured alias it did not name."""

    def __init__(self, tmp_path):
        self.settings_dict = None
        if connection.vendor != "sqlite":
            self.alias = "default"
            self.open()
            return
        self.alias = "live"
        path = tmp_path / "live.sqlite3"
        self.settings_dict = {**copy.deepcopy(connection.settings_dict), "NAME": str(path)}
        self.open()
        copy_schema(connections[self.alias])

    def open(self):
        if self.settings_dict:
            connections[self.alias] = type(connections["default"])(self.settings_dict, self.alias)

    def close(self):
        connections[self.alias].close()
        if self.settings_dict:
            del connections[self.alias]


@pytest.fixture
def live_database(tmp_path):
    live = LiveDatabase(tmp_path)
    yield live
    if live.settings_dict:  # the test's own PostgreSQL connection stays with pytest-django
        live.close()


def fresh_database_url(tmp_path):
    """A new empty database of the suite's engine, as a DATABASE_URL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    with databases.pg_connect(source, dbname="postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {databases.quote(name)} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {databases.quote(name)}")
    user = source["USER"] + (f":{source['PASSWORD']}" if source.get("PASSWORD") else "")
    return f"postgres://{user}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{name}"


def drop_database(url):
    target = databases.target_from_url(url)
    if databases.engine_of(target) == databases.POSTGRESQL:
        with databases.pg_connect(target, dbname="postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {databases.quote(target['NAME'])} WITH (FORCE)")


def add_a_table(url):
    target = databases.target_from_url(url)
    if databases.engine_of(target) == databases.SQLITE:
        with closing(sqlite3.connect(target["NAME"])) as db:
            db.execute("CREATE TABLE existing (id integer)")
    else:
        with databases.pg_connect(target, autocommit=True) as db:
            db.execute("CREATE TABLE existing (id integer)")


def group_ids(url) -> set[int]:
    target = databases.target_from_url(url)
    if databases.engine_of(target) == databases.SQLITE:
        with closing(sqlite3.connect(target["NAME"])) as db:
            return {row[0] for row in db.execute("SELECT id FROM auth_group")}
    with databases.pg_connect(target) as db:
        return {row[0] for row in db.execute("SELECT id FROM auth_group")}


def remove_drill_rows(live):
    """On PostgreSQL the writers committed into the test database itself: take their rows out again."""
    if live.settings_dict is None:
        with databases.pg_connect(connection.settings_dict) as db:
            db.execute("DELETE FROM auth_group WHERE name LIKE 'drill-%'")


class Writers:
    """8 threads, each committing one row per transaction and noting each id once its commit returned."""

    def __init__(self, live):
        self.live, self.alias = live, live.alias
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.committed, self.errors = [], []
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)]

    def write(self, writer):
        self.live.open()
        try:
            for n in range(100_000):
                if self.stop.is_set():
                    break
                with transaction.atomic(using=self.alias):
                    group = Group.objects.using(self.alias).create(name=f"drill-{writer}-{n}")
                with self.lock:
                    self.committed.append(group.pk)
        except Exception as exc:  # reported by the test, not lost in the thread
            self.errors.append(exc)
        finally:
            self.live.close()

    def ids(self) -> set[int]:
        with self.lock:
            return set(self.committed)

    def wait_for(self, count, timeout=20):
        deadline = time.monotonic() + timeout
        while len(self.ids()) < count:
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, "the writers stopped committing"
            time.sleep(0.005)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.django_db
def test_manifest_holds_versions_migrations_row_counts_and_files_with_sha256(backup_settings, live_database):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        applied = cursor.fetchone()[0]
    out = io.StringIO()
    call_command("backup", database=live_database.alias, stdout=out)
    path = next(Path(backup_settings.BACKUP_DIR).glob("fupin-*.tar.gz.enc"))
    assert str(path) in out.getvalue()
    manifest = archive.verify_archive(path, archive.backup_key()[0])

    assert manifest["encrypted"] is True
    assert manifest["django_version"] and manifest["app_version"] and manifest["created_at"]
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"]["django_migrations"] == applied
    migrations = manifest["database"]["migrations"]
    assert sum(app["applied"] for app in migrations.values()) == applied
    assert migrations["auth"]["latest"] == "0012_alter_user_first_name_max_length"
    names = [f["path"] for f in manifest["files"]]
    assert names == ["files/media/ledgers/evidence/440703101201/1/现场照片.jpg"]  # no .part, no job files
    assert len(manifest["files"][0]["sha256"]) == 64
    assert manifest["files"][0]["size"] == 3002
    assert Path(f"{path}.sha256").read_text().split() == [archive.sha256_of(path), path.name]
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_backup_verify_reports_a_sound_archive(backup_settings, live_database):
    result = archive.make_backup(
        output_dir=backup_settings.BACKUP_DIR, key=archive.backup_key()[0], database=live_database.alias
    )
    out = io.StringIO()
    call_command("backup", verify=str(result.path), stdout=out)
    assert "备份完好" in out.getvalue() or "is sound" in out.getvalue()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_tables_without_force(backup_settings, live_database, tmp_path):
    result = archive.make_backup(
        output_dir=backup_settings.BACKUP_DIR, key=archive.backup_key()[0], database=live_database.alias
    )
    url = fresh_database_url(tmp_path)
    try:
        add_a_table(url)
        with pytest.raises(CommandError, match="--force"):
            call_command("restore", str(result.path), into=url, files_into=str(tmp_path / "f"))
        assert not (tmp_path / "f").exists()
        call_command("restore", str(result.path), into=url, files_into=str(tmp_path / "f"), force=True)
        assert group_ids(url) == set()
    finally:
        drop_database(url)


@pytest.mark.django_db
def test_a_changed_archive_is_refused_by_its_checksum_and_by_decryption(
    backup_settings, live_database, tmp_path
):
    result = archive.make_backup(
        output_dir=backup_settings.BACKUP_DIR, key=archive.backup_key()[0], database=live_database.alias
    )
    data = bytearray(result.path.read_bytes())
    data[len(data) // 2] ^= 1
    result.path.write_bytes(data)
    url = f"sqlite:///{tmp_path / 'never.sqlite3'}"
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(result.path), into=url)
    Path(f"{result.path}.sha256").write_text(f"{archive.sha256_of(result.path)}  {result.path.name}\n")
    with pytest.raises(CommandError):
        call_command("backup", verify=str(result.path))


@pytest.mark.django_db
def test_an_archive_sealed_with_another_key_does_not_open(backup_settings, live_database):
    result = archive.make_backup(
        output_dir=backup_settings.BACKUP_DIR, key=archive.backup_key()[0], database=live_database.alias
    )
    backup_settings.FUPIN_BACKUP_KEY = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(CommandError, match="FUPIN_BACKUP_KEY"):
        call_command("backup", verify=str(result.path))


def test_backup_refuses_to_run_without_a_key_when_debug_is_off(backup_settings):
    backup_settings.DEBUG = False
    backup_settings.FUPIN_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="FUPIN_BACKUP_KEY"):
        call_command("backup")
    assert not Path(backup_settings.BACKUP_DIR).exists()


@pytest.mark.django_db
def test_unencrypted_backup_only_when_asked_and_it_still_restores(backup_settings, live_database, tmp_path):
    backup_settings.DEBUG = False
    backup_settings.FUPIN_BACKUP_KEY = ""
    call_command("backup", unencrypted=True, database=live_database.alias, stdout=io.StringIO())
    path = next(Path(backup_settings.BACKUP_DIR).glob("fupin-*.tar.gz"))
    assert archive.verify_archive(path, None)["encrypted"] is False


def test_a_sealed_stream_cut_at_a_chunk_boundary_or_reordered_does_not_open():
    key = os.urandom(32)
    sink = io.BytesIO()
    writer = SealingWriter(sink, key)
    plain = os.urandom(2 * CHUNK + 100)
    writer.write(plain)
    writer.close()
    sealed = sink.getvalue()
    assert OpeningReader(io.BytesIO(sealed), key).read() == plain

    header, block = 19, CHUNK + 16
    cut = sealed[: header + 2 * block]
    with pytest.raises(BackupError):
        OpeningReader(io.BytesIO(cut), key).read()
    swapped = sealed[:header] + sealed[header + block : header + 2 * block] + sealed[header : header + block]
    swapped += sealed[header + 2 * block :]
    with pytest.raises(BackupError):
        OpeningReader(io.BytesIO(swapped), key).read()


# The writers' connections are their own threads', outside the test's transaction: their rows are really
# committed (on PostgreSQL into the test database, removed at the end), without a transactional test.
@pytest.mark.django_db
def test_backup_taken_while_eight_writers_commit_restores_every_row_committed_before_it(
    backup_settings, live_database, tmp_path
):
    url = fresh_database_url(tmp_path)
    try:
        with Writers(live_database) as writers:
            writers.wait_for(WRITERS * 5)
            before = writers.ids()

            def keep_writing_through_the_backup():
                writers.wait_for(len(writers.ids()) + 2 * WRITERS)

            result = archive.make_backup(
                output_dir=backup_settings.BACKUP_DIR,
                key=archive.backup_key()[0],
                database=live_database.alias,
                on_snapshot=keep_writing_through_the_backup,
            )
            writers.wait_for(len(writers.ids()) + WRITERS)
        assert not writers.errors, writers.errors
        committed = writers.ids()

        call_command("restore", str(result.path), into=url, files_into=str(tmp_path / "restored-files"))

        restored = group_ids(url)
        assert before <= restored
        assert restored <= committed
        assert len(committed) > len(restored)  # the writers went on committing while the backup ran
        manifest = result.manifest
        assert manifest["database"]["tables"]["auth_group"] == len(restored)
        described = (
            databases.describe_sqlite(databases.target_from_url(url)["NAME"])
            if (connection.vendor == "sqlite")
            else databases.describe_pg(databases.target_from_url(url))
        )
        assert {t: described["tables"][t] for t in manifest["database"]["tables"]} == manifest["database"][
            "tables"
        ]
        photo = "ledgers/evidence/440703101201/1/现场照片.jpg"
        assert (tmp_path / "restored-files" / "media" / photo).read_bytes() == (
            backup_settings.MEDIA_ROOT / photo
        ).read_bytes()
    finally:
        drop_database(url)
        remove_drill_rows(live_database)
