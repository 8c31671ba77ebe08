"""Retention: entries of days older than AUDIT_RETENTION_DAYS (never under 180) leave the table for a
compressed JSON Lines file, only after that file has been written, read back and checked.

Whole chains are archived (a chain is one day of one district). The file's manifest holds its SHA-256 and
each chain's head at the cut; the chain's row in AuditChainHead then starts at that head, so
`verify_audit` walks what stays in the table from there. An entry that a record's history still points to
(a foreign key such as registry.ImportedRange) is archived but kept in the table.
"""

import datetime
import gzip
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fupin.audit.chain import entry_hash, fields_of
from fupin.audit.models import AuditChainHead, AuditEntry
from fupin.core.backup.archive import sha256_of

MIN_RETENTION_DAYS = 180  # 等保 2.0 level 3 (and the Cybersecurity Law, art. 21): at least six months


class ArchiveError(Exception):
    pass


def retention_days() -> int:
    days = settings.AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        raise ArchiveError(f"AUDIT_RETENTION_DAYS is {days}; it may not be under {MIN_RETENTION_DAYS}")
    return days


def cut_day(today=None) -> datetime.date:
    """Chains of days before this one are archived."""
    return (today or timezone.localdate()) - datetime.timedelta(days=retention_days())


def _row(entry) -> dict:
    row = fields_of(entry)
    row.update(id=entry.pk, entry_hash=entry.entry_hash, created_at=entry.created_at.isoformat())
    return row


def archive(*, today=None, directory=None) -> dict | None:
    """Archive, verify, then delete; returns the manifest (None when nothing is old enough)."""
    cut = cut_day(today)
    heads = list(
        AuditChainHead.objects.filter(chain_key__lt=cut.isoformat()).order_by("chain_key").iterator()
    )
    heads = [h for h in heads if h.last_seq > h.start_seq]
    if not heads:
        return None
    directory = Path(directory or settings.AUDIT_ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    path = directory / f"audit-before-{cut.isoformat()}-{stamp}.jsonl.gz"
    chains = _write(path, heads)
    manifest = {
        "file": path.name,
        "sha256": sha256_of(path),
        "cut": cut.isoformat(),
        "count": sum(c["count"] for c in chains.values()),
        "chains": chains,
    }
    _check(path, manifest, heads)
    path.with_suffix("").with_suffix(".manifest.json").write_text(json.dumps(manifest, indent=1))
    _delete(heads, chains, path.name)
    return manifest


def _entries(head):
    return (
        AuditEntry.objects.filter(chain_key=head.chain_key, seq__gt=head.start_seq, seq__lte=head.last_seq)
        .order_by("seq")
        .iterator(chunk_size=2000)
    )


def _write(path, heads) -> dict:
    chains = {}
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for head in heads:
            count = 0
            for entry in _entries(head):
                out.write(json.dumps(_row(entry), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
            chains[head.chain_key] = {
                "start_seq": head.start_seq,
                "start_hash": head.start_hash,
                "last_seq": head.last_seq,
                "last_id": head.last_id,
                "last_hash": head.last_hash,
                "count": count,
            }
    return chains


def _check(path, manifest, heads):
    """Read the file back: its hash, and every chain complete and intact from its start to its head."""
    if sha256_of(path) != manifest["sha256"]:
        raise ArchiveError(f"{path}: SHA-256 differs after writing")
    position = {key: (c["start_seq"], c["start_hash"]) for key, c in manifest["chains"].items()}
    with gzip.open(path, "rt", encoding="utf-8") as archived:
        for line in archived:
            row = json.loads(line)
            entry = AuditEntry(**row)
            seq, digest = position[row["chain_key"]]
            if row["seq"] != seq + 1 or row["prev_hash"] != digest or entry_hash(entry) != row["entry_hash"]:
                raise ArchiveError(f"{path}: entry {row['id']} does not verify; nothing was deleted")
            position[row["chain_key"]] = (row["seq"], row["entry_hash"])
    for head in heads:
        if position[head.chain_key] != (head.last_seq, head.last_hash):
            raise ArchiveError(f"{path}: chain {head.chain_key} incomplete; nothing was deleted")


def _delete(heads, chains, filename):
    with transaction.atomic():
        for head in heads:
            kept = AuditEntry.objects.filter(chain_key=head.chain_key, seq__gt=head.start_seq)
            kept = kept.filter(seq__lte=chains[head.chain_key]["last_seq"])
            for relation in AuditEntry._meta.related_objects:
                referenced = relation.related_model._base_manager.values(relation.field.attname)
                kept = kept.exclude(pk__in=referenced)
            kept._raw_delete(kept.db)
            AuditChainHead.objects.filter(chain_key=head.chain_key).update(
                start_seq=head.last_seq, start_hash=head.last_hash, archived_to=filename
            )
