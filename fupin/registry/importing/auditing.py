"""The import's audit entries, built from fupin.audit.recorder.build prototypes and inserted with
executemany in batches (a province import writes hundreds of thousands of them). Each row is placed in its
hash chain by fupin.audit.chain.ChainAppender, exactly as recorder.record_many would place it.

Updated records get an entry each with `{field: [before, after]}`; a member created in a household already
registered gets one too. Created households and their members get none of their own: see
fupin.registry.importing.committing._record_created.
"""

import datetime

from django.db import connection

from fupin.audit.chain import HASHED, ChainAppender
from fupin.audit.models import AuditEntry
from fupin.audit.recorder import build, diff
from fupin.registry.importing.copying import copy_rows

BATCH = 20000
# Written per entry, after the columns every entry of one action shares (actor, time, source, ...).
VARYING = ["target_type", "target_id", "target_label", "region_code", "note", "changes"]
CHAINED = ["chain_key", "seq", "prev_hash", "entry_hash"]


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


class AuditWriter:
    def __init__(self, *, by, source, now):
        fields = [f for f in AuditEntry._meta.concrete_fields if f.name != "id"]
        self.constant = [f for f in fields if f.name not in VARYING + CHAINED]
        names = [f.name for f in self.constant] + VARYING + CHAINED
        qn = connection.ops.quote_name
        columns = ", ".join(qn(AuditEntry._meta.get_field(n).column) for n in names)
        self.table = AuditEntry._meta.db_table
        self.columns = [AuditEntry._meta.get_field(n).column for n in names]
        self.sql = f"INSERT INTO {qn(AuditEntry._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # identifiers from model metadata, values bound  # nosec B608
        self.by, self.source, self.now = by, source, now
        self.stamp = connection.ops.adapt_datetimefield_value(now)
        self.prototypes = {}
        self.hashed = {}  # action -> the hashed fields every entry of that action shares
        self.chains = ChainAppender(lane=source)  # chains of its own: see fupin.audit.chain.chain_key
        self.rows = []
        self.adapt_json = connection.ops.adapt_json_value
        self.empty = self.adapt_json({}, None)

    def prototype(self, action):
        proto = self.prototypes.get(action)
        if proto is None:
            entry = build(action, by=self.by, source=self.source)
            values = {f.name: getattr(entry, f.attname) for f in self.constant}
            values["created_at"] = self.stamp
            proto = self.prototypes[action] = tuple(values[f.name] for f in self.constant)
            entry.created_at = self.now
            self.hashed[action] = {name: getattr(entry, attr) for name, attr in HASHED}
        return proto

    def add(self, action, target_type, target_id, label, region_code, changes=None, note=""):
        """`changes`: {field: [before, after]} with Python values; personal values are masked here."""
        if changes:
            plain = {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}
            changes = diff({k: v[0] for k, v in plain.items()}, {k: v[1] for k, v in plain.items()})
        encoded = self.adapt_json(changes, None) if changes else self.empty
        varying = (target_type, str(target_id), label[:255], region_code, note, encoded)
        proto = self.prototype(action)
        fields = dict(
            self.hashed[action],
            target_type=target_type,
            target_id=str(target_id),
            target_label=label[:255],
            region_code=region_code,
            note=note,
            changes=changes or {},
        )
        placed = self.chains.place(fields)
        chained = (placed["chain_key"], placed["seq"], placed["prev_hash"], placed["entry_hash"])
        self._append(proto + varying + chained)

    def _append(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            copy_rows(self.table, self.columns, self.rows)
        else:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
        self.rows = []
        self.chains.save_heads()
