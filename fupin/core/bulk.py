"""Rows written in bulk below the ORM, for services that store tens of thousands of rows in one go (a
matching run's proposals): COPY on PostgreSQL, `executemany` in chunks on SQLite. Django's bulk_create builds
a model object and prepares every field of every row, which costs more than the database's own work there.
The caller gives plain tuples already in the database's form (strings, numbers, booleans, dates, JSON as
text); the table's constraints still apply."""

from django.db import connection

CHUNK = 5000


def insert_rows(model, columns, rows, *, chunk=CHUNK) -> int:
    """Insert the rows (tuples in the order of `columns`, database column names) into the model's table;
    returns how many. Run it inside the caller's transaction."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = (
            f"INSERT INTO {table} ({names}) VALUES ({marks})"  # identifiers from model metadata, values bound  # nosec B608
        )
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
