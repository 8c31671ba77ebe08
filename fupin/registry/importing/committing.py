"""Writing a checked plan in ONE transaction with executemany: all or nothing.

Django's bulk_create builds a model instance per row and cannot return ids from SQLite's executemany;
at 1.2M members that costs more than the insert itself. So rows go in as plain tuples through
`cursor.executemany`, values adapted once by the backend's `ops`, primary keys allocated up front
(SQLite: after MAX(id) while the transaction holds the write lock; PostgreSQL: from the sequence).
Audit entries are built with fupin.audit.recorder.build (one prototype per action) and inserted the
same way, with source "import:<job id>".
"""

import datetime
import json

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditEntry
from fupin.audit.recorder import build, diff
from fupin.registry import tally
from fupin.registry.importing.planning import HH_FIELDS, MEM_FIELDS
from fupin.registry.models import Household, Member

BATCH = 20000


def _column(model, name):
    return model._meta.get_field(name).column


def _adapter(model, name):
    """A fast per-value adapter for raw executemany (dates and decimals need the backend's form)."""
    field = model._meta.get_field(name)
    internal = field.get_internal_type()
    ops = connection.ops
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    return None


def _adapt_rows(model, names, rows):
    adapters = [(i, a) for i, a in enumerate(_adapter(model, n) for n in names) if a is not None]
    if not adapters:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, adapt in adapters:
            if row[i] is not None:
                row[i] = adapt(row[i])
        out.append(row)
    return out


def allocate_ids(model, count):
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        if row and row[0] >= start:
            start = row[0] + 1
        return list(range(start, start + count))


def _insert(model, names, rows, on_batch=None):
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, n)) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, _adapt_rows(model, names, rows[start : start + BATCH]))
            if on_batch:
                on_batch(min(start + BATCH, len(rows)))


def _update(model, names, rows, on_batch=None):
    """rows: (values..., id); bumps version and updated_at."""
    if not rows:
        return
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(_column(model, n))} = %s" for n in names)
    sql = (
        f"UPDATE {qn(model._meta.db_table)} SET {sets}, {qn('version')} = {qn('version')} + 1 "
        f"WHERE {qn('id')} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, _adapt_rows(model, names, rows[start : start + BATCH]))
            if on_batch:
                on_batch(min(start + BATCH, len(rows)))


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


class AuditWriter:
    """Audit rows from recorder.build prototypes, inserted with executemany."""

    names = [f.name for f in AuditEntry._meta.concrete_fields if f.name != "id"]

    def __init__(self, *, by, source, now):
        self.by, self.source, self.now = by, source, now
        self.rows = []
        self.prototypes = {}
        self.empty = connection.ops.adapt_json_value({}, None)

    def add(self, action, target_type, target_id, label, region_code, changes=None, note=""):
        proto = self.prototypes.get(action)
        if proto is None:
            entry = build(action, by=self.by, source=self.source, note=note)
            proto = self.prototypes[action] = [getattr(entry, _attname(n)) for n in self.names]
            self.index = {n: i for i, n in enumerate(self.names)}
        row = list(proto)
        ix = self.index
        row[ix["created_at"]] = self.now
        row[ix["target_type"]] = target_type
        row[ix["target_id"]] = str(target_id)
        row[ix["target_label"]] = label[:255]
        row[ix["region_code"]] = region_code
        row[ix["note"]] = note
        if changes:
            plain = {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}
            plain = diff({k: v[0] for k, v in plain.items()}, {k: v[1] for k, v in plain.items()})
            row[ix["changes"]] = connection.ops.adapt_json_value(plain, None)
        else:
            row[ix["changes"]] = self.empty
        self.rows.append(row)
        if len(self.rows) >= BATCH:  # bounded memory: a province import makes 1.6M entries
            self.flush()

    def flush(self):
        ix = self.index if self.rows else {}
        if not self.rows:
            return
        created = ix["created_at"]
        stamp = connection.ops.adapt_datetimefield_value(self.now)
        for row in self.rows:
            row[created] = stamp
        names = [_attname(n) for n in self.names]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(AuditEntry._meta.get_field(n).column) for n in self.names)
        sql = (
            f"INSERT INTO {qn(AuditEntry._meta.db_table)} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), BATCH):
                cursor.executemany(sql, self.rows[start : start + BATCH])
        self.rows = []


def _attname(name):
    return AuditEntry._meta.get_field(name).attname


def commit_plan(plan, *, by, source, note, on_progress=None):
    """Write everything or nothing; returns the summary audit entry's id."""
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    total = len(plan.hh_create) + len(plan.hh_update) + len(plan.mem_create) + len(plan.mem_update)
    done = [0]

    def step(n):
        done[0] += n
        if on_progress:
            on_progress(done[0], total)

    with transaction.atomic():
        audit = AuditWriter(by=by, source=source, now=now)
        household_ids = _write_households(plan, audit, stamp, step)
        member_villages = _write_members(plan, audit, stamp, household_ids, step)
        tally.rebuild(region_prefixes=_touched_villages(plan) | member_villages)
        summary = build(
            "registry.import.committed",
            by=by,
            source=source,
            note=note,
            changes={k: [None, v] for k, v in plan.counts().items()},
        )
        summary.save()
        audit.flush()
    return summary.pk


def _write_households(plan, audit, stamp, step):
    ids = allocate_ids(Household, len(plan.hh_create))
    household_ids = {}
    rows = []
    for new_id, (number, values, _sheet, _row) in zip(ids, plan.hh_create, strict=True):
        household_ids[number] = new_id
        rows.append((new_id, number, *values, 1, stamp, stamp))
        audit.add("registry.household.imported", "registry.household", new_id, number, values[0])
    _insert(Household, ["id", "number", *HH_FIELDS, "version", "created_at", "updated_at"], rows)
    step(len(rows))
    rows = []
    for household_id, number, values, changes in plan.hh_update:
        rows.append((*values, stamp, household_id))
        audit.add(
            "registry.household.updated",
            "registry.household",
            household_id,
            number,
            values[0],
            changes,
            note=_("导入更新"),
        )
    _update(Household, [*HH_FIELDS, "updated_at"], rows)
    step(len(rows))
    if plan.moved_households:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Member._meta.db_table} SET region_code = %s WHERE household_id = %s",
                [(region, hid) for hid, region in plan.moved_households],
            )
    return household_ids


def _write_members(plan, audit, stamp, household_ids, step):
    missing = {number for number, _id, _v in plan.mem_create if number not in household_ids}
    if missing:
        for chunk_start in range(0, len(missing), 5000):
            chunk = list(missing)[chunk_start : chunk_start + 5000]
            household_ids.update(Household.objects.filter(number__in=chunk).values_list("number", "id"))
    regions = {}
    for number, _values, *_rest in plan.hh_create:
        regions[number] = _values[0]
    missing_regions = {n for n, _i, _v in plan.mem_create if n not in regions}
    for chunk_start in range(0, len(missing_regions), 5000):
        chunk = list(missing_regions)[chunk_start : chunk_start + 5000]
        regions.update(Household.objects.filter(number__in=chunk).values_list("number", "region_id"))
    ids = allocate_ids(Member, len(plan.mem_create))
    rows = []
    add = audit.add
    for new_id, (number, id_number, values) in zip(ids, plan.mem_create, strict=True):
        region = regions[number]
        rows.append((new_id, household_ids[number], region, id_number, *values, 1, stamp, stamp))
        add("registry.member.imported", "registry.member", new_id, values[0], region)
    _insert(
        Member,
        ["id", "household", "region_code", "id_number", *MEM_FIELDS, "version", "created_at", "updated_at"],
        rows,
        on_batch=None,
    )
    step(len(rows))
    rows = []
    for member_id, _id_number, values, changes, region in plan.mem_update:
        rows.append((*values, region, stamp, member_id))
        add(
            "registry.member.updated",
            "registry.member",
            member_id,
            values[0],
            region,
            changes,
            note=_("导入更新"),
        )
    _update(Member, [*MEM_FIELDS, "region_code", "updated_at"], rows)
    step(len(rows))
    return set(regions.values())


def _touched_villages(plan):
    """Villages whose household tally the import changes, including those households moved out of."""
    touched = {values[0] for _number, values, _sheet, _row in plan.hh_create}
    for _id, _number, values, changes in plan.hh_update:
        touched.add(values[0])
        if "region_id" in changes:
            touched.add(changes["region_id"][0])
    return touched


def dumps(value):
    return json.dumps(value, ensure_ascii=False)
