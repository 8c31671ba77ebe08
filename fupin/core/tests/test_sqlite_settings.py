"""The SQLite settings must actually reach the connection: a misplaced OPTIONS block is silently ignored."""

import copy

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def test_sqlite_connection_runs_in_wal_with_immediate_transactions_and_busy_timeout(
    tmp_path, django_db_blocker
):
    config = copy.deepcopy(settings.DATABASES["default"])
    config["NAME"] = str(tmp_path / "pragma.sqlite3")
    wrapper = DatabaseWrapper(config, alias="pragma_check")
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] >= 5000
                cursor.execute("PRAGMA foreign_keys")
                assert cursor.fetchone()[0] == 1
            assert wrapper.transaction_mode == "IMMEDIATE"
        finally:
            wrapper.close()
