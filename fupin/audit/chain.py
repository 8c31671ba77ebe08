"""The hash chain that makes the audit trail tamper-evident.

Entries are chained per day and district (`2026-12-03/440703`; `-` for entries tied to no region), so a
province import or two busy districts never wait on one another. Each entry stores its place in its chain
(`seq`), the hash of the entry before it (`prev_hash`) and its own hash: SHA-256 over a canonical JSON of
every field that says what happened (actor, time, action, target, region, changes, note, ...) together
with its chain, place and `prev_hash`. Changing, deleting or inserting a row by SQL breaks the chain, and
`manage.py verify_audit` names the row. Writers to one chain serialise: on PostgreSQL a transaction-level
advisory lock per chain, on SQLite the IMMEDIATE transaction already holds the only write lock. The head of
each chain (`AuditChainHead`) is updated in the same transaction, so appending never scans the table.
"""

import datetime
import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from fupin.audit.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
LANE_LENGTH = 20
# (name in the hashed document, attribute of the entry)
HASHED = (
    ("chain_key", "chain_key"),
    ("seq", "seq"),
    ("prev_hash", "prev_hash"),
    ("created_at", "created_at"),
    ("actor_id", "actor_id"),
    ("actor_name", "actor_name"),
    ("action", "action"),
    ("request_id", "request_id"),
    ("ip_address", "ip_address"),
    ("target_type", "target_type"),
    ("target_id", "target_id"),
    ("target_label", "target_label"),
    ("region_code", "region_code"),
    ("changes", "changes"),
    ("note", "note"),
    ("source", "source"),
)


def chain_key(created_at, region_code, lane="") -> str:
    """The chain of an entry: its local day and its district (the first six digits of its region), and
    for a long bulk write its own lane (`import:42`), so that a transaction holding its chains for
    minutes never makes the district's other writers wait on PostgreSQL."""
    key = f"{timezone.localdate(created_at).isoformat()}/{(region_code or '')[:6] or '-'}"
    return f"{key}/{lane[:LANE_LENGTH]}" if lane else key


def plain_json(value):
    """The value as it comes back from a JSON column (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value or {}))


def _time(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _ip(value):
    if not value:
        return None
    value = str(value)
    return clean_ipv6_address(value) if ":" in value else value


def fields_of(entry) -> dict:
    return {name: getattr(entry, attname) for name, attname in HASHED}


def hash_fields(fields: dict) -> str:
    document = dict(fields)
    document["created_at"] = _time(document["created_at"])
    document["ip_address"] = _ip(document["ip_address"])
    document["changes"] = document["changes"] or {}
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def entry_hash(entry) -> str:
    return hash_fields(fields_of(entry))


def _lock_key(key):
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


class ChainAppender:
    """Places entries in their chains for one transaction: locks and reads each chain's head on first
    use, hands out seq, prev_hash and hash, and writes the heads back (`save_heads`, after the insert)."""

    def __init__(self, lane=""):
        self.lane = lane
        self.heads = {}
        self.touched = set()

    def load(self, keys):
        keys = sorted(set(keys) - set(self.heads))
        if not keys:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for key in keys:  # sorted: two writers take shared chains in the same order
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(key)])
        found = {h.chain_key: h for h in AuditChainHead.objects.filter(chain_key__in=keys)}
        for key in keys:
            self.heads[key] = found.get(key) or AuditChainHead(
                chain_key=key, last_hash=GENESIS, start_hash=GENESIS
            )

    def place(self, fields: dict) -> dict:
        """Fill chain_key, seq, prev_hash of `fields` (hashed names) and return it with its entry_hash."""
        key = fields["chain_key"] = chain_key(fields["created_at"], fields["region_code"], self.lane)
        if key not in self.heads:
            self.load([key])
        head = self.heads[key]
        fields["seq"], fields["prev_hash"] = head.last_seq + 1, head.last_hash
        fields["entry_hash"] = hash_fields({name: fields[name] for name, _attr in HASHED})
        head.last_seq, head.last_hash = fields["seq"], fields["entry_hash"]
        self.touched.add(key)
        return fields

    def save_heads(self, last_ids=None):
        """Write the touched heads; `last_ids` {chain: id of its last entry}, else looked up."""
        if not self.touched:
            return
        last_ids = last_ids or {}
        heads = [self.heads[key] for key in sorted(self.touched)]
        for head in heads:
            head.last_id = last_ids.get(head.chain_key) or (
                AuditEntry.objects.filter(chain_key=head.chain_key, seq=head.last_seq)
                .values_list("id", flat=True)
                .first()
            )
        AuditChainHead.objects.bulk_create(
            heads,
            update_conflicts=True,
            unique_fields=["chain_key"],
            update_fields=["last_id", "last_seq", "last_hash"],
        )
        self.touched = set()


def append(entries, lane=""):
    """Chain and insert unsaved entries (one or many) in one transaction; returns them with their ids."""
    with transaction.atomic():
        appender = ChainAppender(lane)
        for entry in entries:
            entry.changes = plain_json(entry.changes)
            entry.chain_key = chain_key(entry.created_at, entry.region_code, lane)
        appender.load(entry.chain_key for entry in entries)
        for entry in entries:
            placed = appender.place(fields_of(entry))
            entry.seq, entry.prev_hash, entry.entry_hash = (
                placed["seq"],
                placed["prev_hash"],
                placed["entry_hash"],
            )
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        appender.save_heads({entry.chain_key: entry.pk for entry in entries})
    return entries
