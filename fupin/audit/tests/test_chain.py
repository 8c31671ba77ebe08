"""The hash chain: every change, deletion or insertion made behind the recorder's back is named by
verify_audit; anchors outside the database catch a cut tail; archiving keeps the chain verifiable."""

import datetime
import gzip
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from fupin.audit import archiving, chain
from fupin.audit.models import AuditChainHead, AuditEntry
from fupin.audit.recorder import build, record, record_many
from fupin.registry.importing.auditing import AuditWriter

PENGJIANG = "440703101201"


@pytest.fixture(autouse=True)
def audit_dirs(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    return tmp_path


def _entries(n, user=None, region=PENGJIANG):
    return [record("registry.household.updated", by=user, region_code=region, note=f"n{i}") for i in range(n)]


def _verify(**options):
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out, **options)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_entries_of_one_day_and_district_link_each_to_the_one_before(villages, village_user):
    first, second, third = _entries(3, village_user)

    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
    assert first.chain_key == f"{timezone.localdate().isoformat()}/440703"
    head = AuditChainHead.objects.get(chain_key=first.chain_key)
    assert (head.last_id, head.last_seq, head.last_hash) == (third.pk, 3, third.entry_hash)


def test_entries_of_another_district_start_their_own_chain(villages):
    here = record("x.y.z", region_code=PENGJIANG)
    there = record("x.y.z", region_code="440704001001")
    nowhere = record("x.y.z")

    assert len({here.chain_key, there.chain_key, nowhere.chain_key}) == 3
    assert here.seq == there.seq == nowhere.seq == 1


def test_an_entry_cannot_be_saved_outside_the_chain(villages):
    with pytest.raises(RuntimeError):
        AuditEntry(action="x.y.z").save()


def test_an_untouched_trail_verifies(villages, village_user):
    _entries(4, village_user)
    record("x.y.z", region_code="440704001001", changes={"n": [1, 2.5], "when": [None, "2020-01-01"]})

    ok, out = _verify()

    assert ok, out
    assert "intact: 5 entries" in out


def test_verify_audit_names_a_changed_a_deleted_and_an_inserted_entry(villages, village_user):
    entries = _entries(6, village_user)
    changed, before_deleted, deleted = entries[1], entries[2], entries[3]
    last = entries[-1]
    table = AuditEntry._meta.db_table
    _sql(f"UPDATE {table} SET note = 'nothing happened' WHERE id = %s", [changed.pk])
    _sql(f"DELETE FROM {table} WHERE id = %s", [deleted.pk])
    _sql(
        f"INSERT INTO {table} (created_at, actor_name, action, request_id, target_type, target_id, "
        "target_label, region_code, changes, note, source, chain_key, seq, prev_hash, entry_hash) "
        "VALUES (%s, 'someone', 'registry.household.updated', '', '', '', '', %s, '{}', '', '', %s, %s, %s, %s)",
        [last.created_at, PENGJIANG, last.chain_key, last.seq + 1, last.entry_hash, "f" * 64],
    )
    inserted = AuditEntry.objects.get(chain_key=last.chain_key, seq=last.seq + 1)

    ok, out = _verify()

    assert not ok
    assert f"entry {changed.pk} changed" in out
    assert f"entry after {before_deleted.pk} deleted" in out
    assert f"entry {inserted.pk} inserted" in out
    assert len(out.strip().splitlines()) == 3


def test_a_changed_entry_whose_hash_was_recomputed_is_still_named(villages, village_user):
    entries = _entries(3, village_user)
    victim = AuditEntry.objects.get(pk=entries[1].pk)
    victim.note = "rewritten"
    _sql(
        f"UPDATE {AuditEntry._meta.db_table} SET note = %s, entry_hash = %s WHERE id = %s",
        ["rewritten", chain.entry_hash(victim), victim.pk],
    )

    ok, out = _verify()

    assert not ok
    assert f"entry {victim.pk} changed" in out


def test_a_deleted_last_entry_is_named_through_the_head(villages, village_user):
    entries = _entries(3, village_user)
    _sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[2].pk])

    ok, out = _verify()

    assert not ok
    assert f"entry after {entries[1].pk} deleted" in out


def test_entries_written_in_bulk_and_by_the_import_writer_verify(villages, village_user):
    record_many([build("x.bulk.made", by=village_user, region_code=PENGJIANG, note=str(i)) for i in range(5)])
    writer = AuditWriter(by=village_user, source="import:1", now=timezone.now())
    for i in range(3):
        writer.add("registry.household.imported", "registry.household", i, f"H{i}", PENGJIANG, {"a": [1, i]})
    writer.add("registry.household.imported", "registry.household", 9, "H9", "440704001001")
    writer.flush()
    record("x.after.import", by=village_user, region_code=PENGJIANG)

    ok, out = _verify()

    assert ok, out
    day = timezone.localdate().isoformat()
    # The import writes chains of its own, so a long import never holds the district's chain.
    assert AuditChainHead.objects.get(chain_key=f"{day}/440703").last_seq == 6
    assert AuditChainHead.objects.get(chain_key=f"{day}/440703/import:1").last_seq == 3
    assert AuditChainHead.objects.get(chain_key=f"{day}/440704/import:1").last_seq == 1


# Anchors ----------------------------------------------------------------------------------------------


def test_a_cut_tail_is_found_through_the_anchor(villages, village_user):
    entries = _entries(4, village_user)
    call_command("anchor_audit", stdout=io.StringIO())
    # Delete the last entry and move the head back, as someone covering their tracks would.
    _sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entries[3].pk])
    AuditChainHead.objects.filter(chain_key=entries[3].chain_key).update(
        last_id=entries[2].pk, last_seq=3, last_hash=entries[2].entry_hash
    )

    ok, out = _verify()

    assert not ok
    assert f"entry {entries[3].pk} deleted" in out


def test_the_anchor_file_appends_only_heads_that_moved_and_its_lines_are_chained(villages, audit_dirs):
    _entries(2)
    record("x.y.z", region_code="440704001001")
    call_command("anchor_audit", stdout=io.StringIO())
    _entries(1)
    call_command("anchor_audit", stdout=io.StringIO())
    path = audit_dirs / "anchors" / "anchors.jsonl"
    first, second = (json.loads(line) for line in path.read_text().splitlines())

    assert len(first["heads"]) == 2 and len(second["heads"]) == 1
    assert second["previous"] == first["combined"]
    assert _verify()[0]

    path.write_text(path.read_text().replace(first["heads"][0][3], "0" * 64))
    ok, out = _verify()
    assert not ok
    assert "anchor file line 1 altered" in out


# Retention and archiving -------------------------------------------------------------------------------


def _old_entries(n, days_ago=200):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    entries = [build("x.old.entry", region_code=PENGJIANG, note=str(i)) for i in range(n)]
    for entry in entries:
        entry.created_at = when
    return record_many(entries)


def test_archiving_refuses_a_retention_under_180_days(villages, settings):
    settings.AUDIT_RETENTION_DAYS = 179
    _old_entries(2)

    with pytest.raises(CommandError, match="180"):
        call_command("archive_audit", stdout=io.StringIO())

    assert AuditEntry.objects.count() == 2


def test_archiving_moves_days_older_than_the_retention_to_a_verified_file(villages, audit_dirs):
    old = _old_entries(3)
    recent_old = _old_entries(2, days_ago=170)
    today = _entries(2)

    call_command("archive_audit", stdout=io.StringIO())

    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in recent_old + today]).count() == 4
    (archived,) = (audit_dirs / "archive").glob("*.jsonl.gz")
    manifest = json.loads(next((audit_dirs / "archive").glob("*.manifest.json")).read_text())
    assert manifest["sha256"] == hashlib.sha256(archived.read_bytes()).hexdigest()
    with gzip.open(archived, "rt") as lines:
        assert [json.loads(line)["id"] for line in lines] == [e.pk for e in old]
    assert _verify()[0]
    # The chain in the table starts after the archived head: an entry added to that day still verifies.
    head = AuditChainHead.objects.get(chain_key=old[0].chain_key)
    assert (head.start_seq, head.start_hash) == (3, old[-1].entry_hash)


def test_nothing_is_deleted_when_the_archive_does_not_verify(villages, monkeypatch):
    old = _old_entries(3)
    real_row = archiving._row

    def altered(entry):
        row = real_row(entry)
        row["note"] = "altered on the way"
        return row

    monkeypatch.setattr(archiving, "_row", altered)

    with pytest.raises(CommandError, match="does not verify"):
        call_command("archive_audit", stdout=io.StringIO())

    assert AuditEntry.objects.filter(pk__in=[e.pk for e in old]).count() == 3
