"""PostgreSQL declarative partitioning of the tables that grow with the registry, by region-code range.

An opt-in layout (docs/deploy.md, "Partitioned by region"): `manage.py partition_tables` converts a migrated
schema in one transaction. Each table in PARTITIONED becomes `PARTITION BY RANGE (region_code)` with one
partition per city (or per county) of the region tree, named `<table>_p<prefix>`, and a default partition for
every other code (an audit entry tied to no region, a region added later). A subtree is a range over the
fixed-length codes, so a query filtered by region reads only the partitions of that range (plan-time pruning).

PostgreSQL requires every unique constraint of a partitioned table to include the partition key:
  * the primary key becomes (id, region_code); Django still reads and writes rows by id;
  * the other unique constraints get region_code appended. That is the same rule where a row's region_code
    is its household's (one head per household, one assessment per household and week); the audit chain's
    (chain_key, seq) stays checked by the chain's hashes (`verify_audit`);
  * a resident ID must stay unique across every region, so GLOBAL_UNIQUE keeps it in an unpartitioned guard
    table (`<table>_<column>_guard`, primary key on the value) maintained by triggers in the same transaction.
Foreign keys from other tables to a partitioned table cannot name (id) alone, so they are dropped; Django
still cascades deletes itself. Everything else (indexes, checks, outgoing foreign keys, triggers, the id
sequence) is recreated under its original name, so the default schema and this one answer the same queries.
"""

import re

from django.apps import apps

KEY = "region_code"
PARTITIONED = ("registry.Member", "reports.Assessment", "audit.AuditEntry")
GLOBAL_UNIQUE = {"registry.Member": ("id_index",)}
LEVEL_DIGITS = {"city": 4, "county": 6}


def tables():
    """(model label, db table) of every table this layout partitions."""
    return [(label, apps.get_model(label)._meta.db_table) for label in PARTITIONED]


def region_prefixes(cursor, level):
    """The significant prefixes of every region of the level (4 digits a city, 6 a county)."""
    digits = LEVEL_DIGITS[level]
    cursor.execute(
        "SELECT DISTINCT substr(code, 1, %s) FROM regions_region WHERE level = %s ORDER BY 1",
        [digits, {"city": 2, "county": 3}[level]],
    )
    return [row[0] for row in cursor.fetchall()]


def bounds(prefix):
    """FROM / TO of the range holding every 12-digit code starting with the prefix."""
    return prefix, str(int(prefix) + 1).zfill(len(prefix))


def is_partitioned(cursor, table):
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partitions(cursor, table):
    """Names of the partitions of a table, in bound order (the default one last)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname LIKE '%%_default', c.relname",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def partition_all(connection, level="city"):
    """Partition every table of PARTITIONED not partitioned yet; {table: summary}. Call inside a transaction."""
    done = {}
    with connection.cursor() as cursor:
        prefixes = region_prefixes(cursor, level)
        for label, table in tables():
            if is_partitioned(cursor, table):
                done[table] = {"skipped": True, "partitions": partitions(cursor, table)}
                continue
            done[table] = partition_table(cursor, connection.ops.quote_name, table, prefixes)
            for column in GLOBAL_UNIQUE.get(label, ()):
                guard_unique(cursor, connection.ops.quote_name, table, column)
    return done


def _schema(cursor, table):
    """What must be rebuilt on the new table: constraints, plain indexes, triggers, incoming foreign keys."""
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid), condeferrable, condeferred, "
        "ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, o) "
        "      JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n ORDER BY k.o) "
        "FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f') ORDER BY contype",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_indexdef(x.indexrelid), x.indisunique FROM pg_index x "
        "WHERE x.indrelid = to_regclass(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
        [table],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, conrelid::regclass::text FROM pg_constraint WHERE confrelid = to_regclass(%s) "
        "AND contype = 'f'",
        [table],
    )
    incoming = cursor.fetchall()
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    return constraints, indexes, triggers, incoming, sequence


def with_key(index_sql):
    """A unique index's definition with the partition key appended to its columns (before any WHERE)."""
    start = index_sql.index(" USING ")
    opening = index_sql.index("(", start)
    depth = 0
    for position in range(opening, len(index_sql)):
        depth += {"(": 1, ")": -1}.get(index_sql[position], 0)
        if depth == 0:
            break
    columns = index_sql[opening + 1 : position]
    if re.search(rf"\b{KEY}\b", columns):
        return index_sql
    return f"{index_sql[:position]}, {KEY}{index_sql[position:]}"


def partition_table(cursor, quote, table, prefixes):
    """Rebuild one table as PARTITION BY RANGE (region_code) with its rows, indexes and constraints."""
    constraints, indexes, triggers, incoming, sequence = _schema(cursor, table)
    old = f"{table}__unpartitioned"
    cursor.execute(f"LOCK TABLE {quote(table)} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(old)}")
    cursor.execute(
        f"CREATE TABLE {quote(table)} (LIKE {quote(old)} INCLUDING DEFAULTS INCLUDING IDENTITY "
        f"INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED) "
        f"PARTITION BY RANGE ({KEY})"
    )
    names = []
    for prefix in prefixes:
        low, high = bounds(prefix)
        names.append(f"{table}_p{prefix}")
        cursor.execute(
            f"CREATE TABLE {quote(names[-1])} PARTITION OF {quote(table)} FOR VALUES FROM (%s) TO (%s)",
            [low, high],
        )
    names.append(f"{table}_default")
    cursor.execute(f"CREATE TABLE {quote(names[-1])} PARTITION OF {quote(table)} DEFAULT")
    # Identifiers come from the catalogue and are quoted by the connection (no user input): nosec B608
    cursor.execute(f"INSERT INTO {quote(table)} OVERRIDING SYSTEM VALUE SELECT * FROM {quote(old)}")  # nosec B608
    rows = cursor.rowcount
    cursor.execute(f"DROP TABLE {quote(old)} CASCADE")
    if sequence:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        new_sequence = cursor.fetchone()[0]
        cursor.execute(
            f"ALTER SEQUENCE {new_sequence} RENAME TO {quote(sequence.split('.')[-1].strip(chr(34)))}"
        )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) + 1, false) "
            f"FROM {quote(table)}",  # nosec B608 - a quoted catalogue identifier
            [table],
        )
    _restore(cursor, quote, table, constraints, indexes, triggers)
    cursor.execute(f"ANALYZE {quote(table)}")
    return {"rows": rows, "partitions": names, "dropped_foreign_keys": [f"{t}.{n}" for n, t in incoming]}


def _restore(cursor, quote, table, constraints, indexes, triggers):
    for name, kind, definition, deferrable, deferred, columns in constraints:
        if kind == "f":
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
            continue
        keyed = [*columns, KEY] if KEY not in columns else list(columns)
        timing = (" DEFERRABLE" + (" INITIALLY DEFERRED" if deferred else "")) if deferrable else ""
        cursor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} "
            f"{'PRIMARY KEY' if kind == 'p' else 'UNIQUE'} ({', '.join(map(quote, keyed))}){timing}"
        )
    for definition, unique in indexes:
        cursor.execute(with_key(definition) if unique else definition)
    for definition in triggers:
        cursor.execute(definition)


def guard_unique(cursor, quote, table, column):
    """Keep `column` unique across every partition: its values in an unpartitioned table with a primary key,
    inserted, moved and deleted by triggers in the writing transaction (a duplicate fails as before)."""
    guard, function = f"{table}_{column}_guard", f"{table}_{column}_guarded"
    cursor.execute(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attname = %s",
        [table, column],
    )
    kind = cursor.fetchone()[0]
    cursor.execute(f"CREATE TABLE {quote(guard)} ({quote(column)} {kind} PRIMARY KEY)")
    cursor.execute(
        f"INSERT INTO {quote(guard)} SELECT {quote(column)} "  # nosec B608 - quoted catalogue identifiers
        f"FROM {quote(table)} WHERE {quote(column)} IS NOT NULL"
    )
    c = quote(column)
    cursor.execute(
        f"CREATE FUNCTION {quote(function)}() RETURNS trigger LANGUAGE plpgsql AS $$"  # nosec B608 - quoted names
        f"""
        BEGIN
          IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {quote(guard)};
            RETURN NULL;
          END IF;
          IF TG_OP <> 'INSERT' AND OLD.{c} IS NOT NULL
             AND (TG_OP = 'DELETE' OR NEW.{c} IS DISTINCT FROM OLD.{c}) THEN
            DELETE FROM {quote(guard)} WHERE {c} = OLD.{c};
          END IF;
          IF TG_OP <> 'DELETE' AND NEW.{c} IS NOT NULL
             AND (TG_OP = 'INSERT' OR NEW.{c} IS DISTINCT FROM OLD.{c}) THEN
            INSERT INTO {quote(guard)} VALUES (NEW.{c});
          END IF;
          RETURN NULL;
        END $$"""
    )
    cursor.execute(
        f"CREATE TRIGGER {quote(guard + '_rows')} AFTER INSERT OR UPDATE OF {c} OR DELETE ON {quote(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {quote(function)}()"
    )
    cursor.execute(
        f"CREATE TRIGGER {quote(guard + '_truncate')} AFTER TRUNCATE ON {quote(table)} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {quote(function)}()"
    )
