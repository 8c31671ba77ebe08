"""Walking the hash chains (`manage.py verify_audit`) and the anchors written outside the database
(`manage.py anchor_audit`). Problems are named by entry id: changed, deleted (after which entry) or inserted.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from fupin.audit.chain import GENESIS, entry_hash
from fupin.audit.models import AuditChainHead, AuditEntry

ANCHOR_FILE = "anchors.jsonl"


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def verify(*, since=None, anchor_path=None) -> tuple[int, list[str]]:
    """(entries checked, problems) over every chain of `since` (a date) and later."""
    heads = {h.chain_key: h for h in AuditChainHead.objects.all()}
    keys = set(heads) | set(AuditEntry.objects.order_by().values_list("chain_key", flat=True).distinct())
    if since is not None:
        keys = {k for k in keys if k[:10] >= since.isoformat()}
    checked, problems = 0, []
    for key in sorted(keys):
        count, found = verify_chain(key, heads.get(key))
        checked += count
        problems += found
    path = Path(anchor_path) if anchor_path else anchor_dir() / ANCHOR_FILE
    if anchor_path or path.exists():
        problems += verify_anchor(path, heads, since=since)
    return checked, problems


def verify_chain(key, head) -> tuple[int, list[str]]:
    """Walk one chain in seq order from its start (the archived head, or the beginning)."""
    start_seq, start_hash = (head.start_seq, head.start_hash) if head else (0, GENESIS)
    last_seq = head.last_seq if head else 0
    entries = AuditEntry.objects.filter(chain_key=key).order_by("seq")
    if head is None:
        ids = list(entries.values_list("pk", flat=True))
        return len(ids), [f"entry {pk} inserted (chain {key} has no head)" for pk in ids]
    problems = []
    seq, digest, entry_id, changed_id = start_seq, start_hash, None, None
    count = 0
    for entry in entries.iterator(chunk_size=2000):
        count += 1
        if entry.seq > last_seq:
            problems.append(f"entry {entry.pk} inserted")
            continue
        own_ok = entry_hash(entry) == entry.entry_hash
        if not own_ok:
            problems.append(f"entry {entry.pk} changed")
        if entry.seq <= start_seq:
            continue  # archived, kept in the table because a record's history points to it
        if entry.seq > seq + 1:
            problems.append(f"entry after {entry_id or 'the start of ' + key} deleted")
        elif entry.prev_hash != digest and entry_id != changed_id:
            # The link to the entry before breaks although its place follows on: that entry's hash was
            # rewritten with its content, or it stands in place of a deleted one (then its id is later).
            if entry_id is not None and entry_id > entry.pk:
                problems.append(f"entry {entry_id} inserted")
            else:
                problems.append(f"entry {entry_id or entry.pk} changed")
        seq, digest, entry_id = entry.seq, entry.entry_hash, entry.pk
        changed_id = None if own_ok else entry.pk
    if seq < head.last_seq:
        problems.append(f"entry after {entry_id or 'the start of ' + key} deleted")
    elif digest != head.last_hash and entry_id != changed_id:
        problems.append(f"entry {entry_id} changed")
    return count, problems


# Anchors ---------------------------------------------------------------------------------------------


def read_anchors(path) -> tuple[list[dict], list[str]]:
    """The anchor records of a file and the problems of the file itself (each line names the combined
    hash of the line before, so an edited or removed line shows)."""
    records, problems, previous = [], [], ""
    path = Path(path)
    if not path.exists():
        return [], [f"anchor file {path} missing"]
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        try:
            record = json.loads(line)
            expected = _combined(record["previous"], record["heads"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"anchor file line {number} unreadable")
            continue
        if record["previous"] != previous or record["combined"] != expected:
            problems.append(f"anchor file line {number} altered")
        previous = record.get("combined", "")
        records.append(record)
    return records, problems


def _combined(previous, heads) -> str:
    text = json.dumps([previous, heads], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def anchored_heads(records) -> dict:
    """{chain: [last_id, last_seq, last_hash, at]} from the latest record naming each chain."""
    latest = {}
    for record in records:
        for key, last_id, last_seq, last_hash in record["heads"]:
            latest[key] = [last_id, last_seq, last_hash, record["at"]]
    return latest


def write_anchor(path=None) -> dict:
    """Append the heads that moved since the last anchor (all of them the first time)."""
    path = Path(path) if path else anchor_dir() / ANCHOR_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    records, _problems = read_anchors(path) if path.exists() else ([], [])
    known = anchored_heads(records)
    heads = [
        [h.chain_key, h.last_id, h.last_seq, h.last_hash]
        for h in AuditChainHead.objects.order_by("chain_key")
        if known.get(h.chain_key, [None, None, None])[1:3] != [h.last_seq, h.last_hash]
    ]
    previous = records[-1]["combined"] if records else ""
    record = {
        "at": timezone.now().isoformat(timespec="seconds"),
        "previous": previous,
        "heads": heads,
        "combined": _combined(previous, heads),
    }
    with path.open("a") as anchor_file:
        anchor_file.write(json.dumps(record, sort_keys=True) + "\n")
    return record


def verify_anchor(path, heads, *, since=None) -> list[str]:
    """Every anchored head must still be in its chain with the same hash (a cut tail shows here)."""
    records, problems = read_anchors(path)
    for key, (last_id, last_seq, last_hash, at) in sorted(anchored_heads(records).items()):
        if since is not None and key[:10] < since.isoformat():
            continue
        head = heads.get(key)
        if head is not None and head.start_seq >= last_seq:
            continue  # archived since
        entry = AuditEntry.objects.filter(chain_key=key, seq=last_seq).first()
        if entry is None:
            problems.append(f"entry {last_id} deleted (the head of {key} anchored at {at})")
        elif entry.entry_hash != last_hash or entry.pk != last_id:
            problems.append(f"entry {entry.pk} changed (differs from the anchor of {at})")
    return problems


def parse_day(text) -> datetime.date:
    return datetime.date.fromisoformat(text)
