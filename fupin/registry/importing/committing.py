"""Writing a checked plan in ONE transaction with executemany: all or nothing.

Django's bulk_create builds a model instance per row and cannot return ids from SQLite's executemany;
at 1.2M members that costs more than the insert itself. So rows go in as plain tuples through
`cursor.executemany`, built batch by batch from the plan (never all at once), primary keys allocated up
front (SQLite: after MAX(id) while the transaction holds the write lock; PostgreSQL: from the sequence).
Audit entries carry source "import:<job id>". Updated records get an entry each (with the values before).
Created records do not: the import writes one `registry.import.created` entry per village and the runs of
ids it created there (ImportedRange), which the records' history pages look up
(`fupin.registry.queries.import_entry_for`). A province file creates 400,000 households; an entry each
cost as much as a third of writing the members themselves (docs/performance.md).
"""

from itertools import chain, islice, pairwise

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import build, record_many
from fupin.core.crypto import indexer
from fupin.regions.models import Region
from fupin.registry import tally
from fupin.registry.importing.auditing import AuditWriter
from fupin.registry.importing.copying import copy_rows
from fupin.registry.importing.parsing import M_NUMBER, M_SHEET
from fupin.registry.importing.planning import HH_FIELDS, MEM_DEFAULTS, MEM_FIELDS
from fupin.registry.models import Household, ImportedRange, Member, id_tail_indexer
from fupin.registry.services import MEMBER_FIELDS

BATCH = 20000
# The model fields of a parsed member's values (the start of its tuple, parsing.MEMBER_KEYS), in the
# INSERT's column order, then the blind index of its resident ID.
_MEMBER_COLUMNS = list(MEMBER_FIELDS)
_MEMBER_ID, _MEMBER_PHONE = _MEMBER_COLUMNS.index("id_number"), _MEMBER_COLUMNS.index("phone")
_HH_PHONE, _MEM_PHONE = HH_FIELDS.index("phone"), MEM_FIELDS.index("phone")
_INDEXES = ["id_index", "id_tail4_index", "id_tail6_index"]  # the ID's blind index and its tails' (search)


def _field_sealer(model, name):
    return model._meta.get_field(name).sealer()


def _sealed(values, position, seal):
    """values with the one at `position` sealed (fupin.core.crypto): IDs and phones are stored sealed."""
    if not values[position]:
        return values
    values = list(values)
    values[position] = seal(values[position])
    return values


def _column(model, name):
    return model._meta.get_field(name).column


def allocate_ids(model, count):
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",  # table name from model metadata  # nosec B608
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # table name from model metadata  # nosec B608
        start = cursor.fetchone()[0] + 1
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        if row and row[0] >= start:
            start = row[0] + 1
        return range(start, start + count)


def _insert_sql(model, names):
    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, n)) for n in names)
    marks = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # identifiers from model metadata, values bound  # nosec B608


def _batched(rows):
    """Rows (any iterable) in lists of BATCH: nothing holds all of a province's rows at once."""
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        yield batch


def _insert(model, names, rows, on_batch=None, *, streamed=False):
    """Insert plain tuples (dates, decimals and booleans as Python values: both backends' drivers
    adapt them, Django registers SQLite's adapters); `streamed`: see copying.copy_rows."""
    if connection.vendor == "postgresql":
        copy_rows(model._meta.db_table, [_column(model, n) for n in names], rows, on_batch, streamed=streamed)
        return
    sql = _insert_sql(model, names)
    with connection.cursor() as cursor:
        for batch in _batched(rows):
            cursor.executemany(sql, batch)
            if on_batch:
                on_batch(len(batch))


def _update(model, names, rows, on_batch=None):
    """rows: (values..., id); bumps version and updated_at."""
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(_column(model, n))} = %s" for n in names)
    sql = (
        f"UPDATE {qn(model._meta.db_table)} SET {sets}, {qn('version')} = {qn('version')} + 1 "  # identifiers from model metadata, values bound  # nosec B608
        f"WHERE {qn('id')} = %s"
    )
    with connection.cursor() as cursor:
        for batch in _batched(rows):
            cursor.executemany(sql, batch)
            if on_batch:
                on_batch(len(batch))


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

    # Created households in village order (file order within a village): each village's new households,
    # and then their members, get one run of ids, which ImportedRange records (see _record_created).
    created = sorted(plan.hh_create, key=_village)
    with transaction.atomic():
        audit = AuditWriter(by=by, source=source, now=now)
        targets, household_ids = _write_households(plan, created, audit, stamp, step)
        member_villages, member_ids = _write_members(plan, created, audit, stamp, targets, step)
        audit.flush()
        _record_created(created, household_ids, member_ids, by=by, source=source, note=note)
        tally.rebuild(region_prefixes=_touched_villages(plan) | member_villages)
        summary = build(
            "registry.import.committed",
            by=by,
            source=source,
            note=note,
            changes={k: [None, v] for k, v in plan.counts().items()},
        )
        record_many([summary], lane=source)
    return summary.pk


def _village(created_household):
    return created_household[1][0]


def _write_households(plan, created, audit, stamp, step):
    """Created (in the order given) and updated households; returns ({number: (id, village)} of the
    created ones, their ids)."""
    ids = allocate_ids(Household, len(created))
    targets = {}
    seal = _field_sealer(Household, "phone")

    def created_rows():
        for new_id, (number, values, _sheet, _row, _indexes) in zip(ids, created, strict=True):
            targets[number] = (new_id, values[0])
            yield (new_id, number, *_sealed(values, _HH_PHONE, seal), 1, stamp, stamp)

    _insert(
        Household,
        ["id", "number", *HH_FIELDS, "version", "created_at", "updated_at"],
        created_rows(),
        step,
        streamed=True,  # building a row reads and writes nothing
    )
    rows = []
    for household_id, number, values, changes in plan.hh_update:
        rows.append((*_sealed(values, _HH_PHONE, seal), stamp, household_id))
        audit.add(
            "registry.household.updated",
            "registry.household",
            household_id,
            number,
            values[0],
            changes,
            note=_("导入更新"),
        )
    _update(Household, [*HH_FIELDS, "updated_at"], rows, step)
    if plan.moved_households:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Member._meta.db_table} SET region_code = %s WHERE household_id = %s",  # table name from model metadata  # nosec B608
                [(region, hid) for hid, region in plan.moved_households],
            )
    return targets, ids


def _existing_targets(numbers):
    """{number: (id, village)} of registered households."""
    found = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), 5000):
        rows = Household.objects.filter(number__in=numbers[start : start + 5000])
        found.update((n, (pk, region)) for n, pk, region in rows.values_list("number", "id", "region_id"))
    return found


def _write_members(plan, created, audit, stamp, targets, step):
    """Created members and updated ones (an entry each, with the values before).

    The members of created households come first, household by household in the order of `created`,
    and the import's per-village entry stands for them; a member created in a household already
    registered gets an entry of its own. Returns the villages of registered households that gained
    members, and the ids of the created households' members (in that order)."""
    members = plan.members
    with_households = [members[i] for household in created for i in household[4]]
    joining = [m for m in plan.mem_create if m[M_NUMBER] not in targets]
    if len(with_households) + len(joining) != len(plan.mem_create):  # a planning rule was skipped
        raise AssertionError("created members do not match the created households")
    existing = _existing_targets({m[M_NUMBER] for m in joining})
    ids = allocate_ids(Member, len(plan.mem_create))
    first_joining = len(with_households)

    seal_id, seal_phone = _field_sealer(Member, "id_number"), _field_sealer(Member, "phone")
    index, tails, known = indexer(), _remembered_tails(), plan.id_indexes

    def sealed(member):
        """The parsed values with the ID and the phone sealed, the ID's blind index (computed by the
        planning's registry lookup) and its tails'."""
        values = list(member[:M_SHEET])
        plain_id = values[_MEMBER_ID]
        values[_MEMBER_ID] = seal_id(plain_id)
        values[_MEMBER_PHONE] = seal_phone(values[_MEMBER_PHONE])
        values.append(known.get(plain_id) or index(plain_id))
        values.extend(tails(plain_id))
        return values

    def rows_of_new_households():
        for new_id, member in zip(ids, with_households, strict=False):
            target = targets[member[M_NUMBER]]
            yield (*sealed(member), target[0], target[1], new_id, stamp, stamp)

    def joining_rows():  # each audited: placing its entry in a chain may read the chain's head
        for new_id, member in zip(ids[first_joining:], joining, strict=True):
            target = existing[member[M_NUMBER]]
            audit.add("registry.member.imported", "registry.member", new_id, member[0], target[1])
            yield (*sealed(member), target[0], target[1], new_id, stamp, stamp)

    if connection.vendor == "postgresql":
        names = [*_MEMBER_COLUMNS, *_INDEXES, "household", "region_code", "id", "created_at", "updated_at"]
        names.append("version")
        table, columns = Member._meta.db_table, [_column(Member, n) for n in names]
        copy_rows(table, columns, _with_defaults_and_version(rows_of_new_households()), step, streamed=True)
        copy_rows(table, columns, _with_defaults_and_version(joining_rows()), step)
    else:
        sql = _member_insert_sql()
        with connection.cursor() as cursor:
            for batch in _batched(chain(rows_of_new_households(), joining_rows())):
                cursor.executemany(sql, batch)
                step(len(batch))
    rows = []
    for member_id, _id_number, values, changes, region in plan.mem_update:
        rows.append((*_sealed(values, _MEM_PHONE, seal_phone), region, stamp, member_id))
        audit.add(
            "registry.member.updated",
            "registry.member",
            member_id,
            values[0],
            region,
            changes,
            note=_("导入更新"),
        )
    _update(Member, [*MEM_FIELDS, "region_code", "updated_at"], rows, step)
    return {village for _id, village in existing.values()}, ids[:first_joining]


def _remembered_tails():
    """id_tail_indexer with its answers remembered by the ID's last six characters, on which they alone
    depend for an ID already in normal form (ASCII letters and digits). An ID ends in one of at most
    341,000 "DDSSSC" tails (day of birth, sequence, check character), so among a province's 1.2M IDs about
    seven in ten tails have been seen before and cost no HMAC (6.5 µs a pair)."""
    tails, memo = id_tail_indexer(), {}

    def remembered(plain):
        if not (plain and len(plain) >= 6 and plain.isascii() and plain.isalnum()):
            return tails(plain)
        key = plain[-6:]
        found = memo.get(key)
        if found is None:
            found = memo[key] = tails(plain)
        return found

    return remembered


def _runs(ids, start, count):
    """(first, last) of the runs of consecutive ids in ids[start:start + count] (one run unless another
    transaction drew from the same PostgreSQL sequence meanwhile)."""
    if count == 0:
        return []
    chunk = ids[start : start + count]
    if chunk[-1] - chunk[0] == count - 1:
        return [(chunk[0], chunk[-1])]
    runs, first = [], chunk[0]
    for previous, current in pairwise(chunk):
        if current != previous + 1:
            runs.append((first, previous))
            first = current
    runs.append((first, chunk[-1]))
    return runs


def _record_created(created, household_ids, member_ids, *, by, source, note):
    """One `registry.import.created` entry per village with the households and members the import
    created there (counts, the file and its hash in the note), and the runs of their ids
    (ImportedRange), through which each created record's history shows that entry."""
    if not created:
        return
    groups = []  # [village, households, members]
    for _number, values, _sheet, _row, indexes in created:
        if not groups or groups[-1][0] != values[0]:
            groups.append([values[0], 0, 0])
        groups[-1][1] += 1
        groups[-1][2] += len(indexes)
    names = dict(Region.objects.filter(code__in=[g[0] for g in groups]).values_list("code", "name"))
    entries = []
    for village, households, members in groups:
        entry = build(
            "registry.import.created",
            by=by,
            source=source,
            note=note,
            target_label=names.get(village, village),
            region_code=village,
            changes={"households": [None, households], "members": [None, members]},
        )
        entry.target_type, entry.target_id = "regions.region", village
        entries.append(entry)
    record_many(entries, lane=source)
    ranges = []
    household_at = member_at = 0
    for entry, (village, households, members) in zip(entries, groups, strict=True):
        for model, ids, at, count in (
            (ImportedRange.HOUSEHOLD, household_ids, household_at, households),
            (ImportedRange.MEMBER, member_ids, member_at, members),
        ):
            ranges.extend(
                ImportedRange(entry=entry, region_code=village, model=model, first_id=first, last_id=last)
                for first, last in _runs(ids, at, count)
            )
        household_at += households
        member_at += members
    ImportedRange.objects.bulk_create(ranges, batch_size=2000)


def _member_insert_sql():
    """INSERT of a created member from its sealed parsed values + (blind indexes, household, village, id,
    created, updated).
    A value the file left blank takes the model's default in the statement itself (COALESCE in SQL
    costs nothing next to filling the tuple in Python, 1.2M times)."""
    qn = connection.ops.quote_name
    names = [*_MEMBER_COLUMNS, *_INDEXES, "household", "region_code", "id", "created_at", "updated_at"]
    names.append("version")
    values = [
        *(_with_default(MEM_DEFAULTS.get(f)) for f in _MEMBER_COLUMNS),
        *["%s"] * (len(_INDEXES) + 5),
        "1",
    ]
    columns = ", ".join(qn(_column(Member, n)) for n in names)
    return f"INSERT INTO {qn(Member._meta.db_table)} ({columns}) VALUES ({', '.join(values)})"  # identifiers from model metadata, values bound  # nosec B608


def _with_defaults_and_version(rows):
    """The member rows for COPY, which has no COALESCE: blank values take the model default here."""
    defaults = [
        (i, MEM_DEFAULTS[f]) for i, f in enumerate(_MEMBER_COLUMNS) if MEM_DEFAULTS.get(f) is not None
    ]
    for row in rows:
        row = list(row)
        for i, default in defaults:
            if row[i] is None:
                row[i] = default
        row.append(1)
        yield row


def _with_default(default):
    if default is None:
        return "%s"
    if isinstance(default, bool):  # TRUE/FALSE: PostgreSQL, and SQLite since 3.23
        return f"COALESCE(%s, {'TRUE' if default else 'FALSE'})"
    if isinstance(default, int):
        return f"COALESCE(%s, {default})"
    if "'" in default:
        raise ValueError(f"a column default must not hold a quote: {default!r}")
    return f"COALESCE(%s, '{default}')"


def _touched_villages(plan):
    """Villages whose household tally the import changes, including those households moved out of."""
    touched = {values[0] for _number, values, *_rest in plan.hh_create}
    for _id, _number, values, changes in plan.hh_update:
        touched.add(values[0])
        if "region_id" in changes:
            touched.add(changes["region_id"][0])
    return touched
