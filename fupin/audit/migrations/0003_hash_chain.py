"""The hash chain: chain fields on every entry (existing entries chained in id order), chain heads, and the
per-user counter of refused requests."""

import datetime
import hashlib
import json

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django import db
from django.db import migrations, models
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

GENESIS = "0" * 64


def _hash(entry):
    # A frozen copy of fupin.audit.chain.hash_fields (migrations must not follow later code changes).
    created = entry.created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    ip = str(entry.ip_address) if entry.ip_address else None
    document = {
        "chain_key": entry.chain_key,
        "seq": entry.seq,
        "prev_hash": entry.prev_hash,
        "created_at": created,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "request_id": entry.request_id,
        "ip_address": clean_ipv6_address(ip) if ip and ":" in ip else ip,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "region_code": entry.region_code,
        "changes": entry.changes or {},
        "note": entry.note,
        "source": entry.source,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    heads = {}
    rows = []
    # The suite re-runs data steps after a flush without a schema editor (conftest.py).
    connection = schema_editor.connection if schema_editor is not None else db.connection
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    sql = f"UPDATE {table} SET chain_key = %s, seq = %s, prev_hash = %s, entry_hash = %s WHERE id = %s"
    with connection.cursor() as cursor:
        for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=5000):
            key = f"{timezone.localdate(entry.created_at).isoformat()}/{(entry.region_code or '')[:6] or '-'}"
            seq, prev, _last_id = heads.get(key, (0, GENESIS, None))
            entry.chain_key, entry.seq, entry.prev_hash = key, seq + 1, prev
            entry.entry_hash = _hash(entry)
            heads[key] = (entry.seq, entry.entry_hash, entry.id)
            rows.append((key, entry.seq, prev, entry.entry_hash, entry.id))
            if len(rows) >= 5000:
                cursor.executemany(sql, rows)
                rows = []
        cursor.executemany(sql, rows)
    AuditChainHead.objects.bulk_create(
        AuditChainHead(
            chain_key=key, last_id=last_id, last_seq=seq, last_hash=digest, start_seq=0, start_hash=GENESIS
        )
        for key, (seq, digest, last_id) in heads.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_drop_region_code_single_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain_key",
            field=models.CharField(default="", max_length=40, verbose_name="链"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(default=0, verbose_name="链内序号"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一条的哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(default="", max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "chain_key",
                    models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name="链"),
                ),
                ("last_id", models.BigIntegerField(blank=True, null=True, verbose_name="最后一条")),
                ("last_seq", models.PositiveBigIntegerField(default=0, verbose_name="最后序号")),
                ("last_hash", models.CharField(max_length=64, verbose_name="最后哈希")),
                ("start_seq", models.PositiveBigIntegerField(default=0, verbose_name="起始序号")),
                ("start_hash", models.CharField(max_length=64, verbose_name="起始哈希")),
                ("archived_to", models.CharField(blank=True, max_length=255, verbose_name="归档文件")),
            ],
            options={"verbose_name": "审计链头", "verbose_name_plural": "审计链头"},
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
        migrations.CreateModel(
            name="RefusalCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="日期")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="次数")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "拒绝计数",
                "verbose_name_plural": "拒绝计数",
                "constraints": [
                    models.UniqueConstraint(fields=("user", "day"), name="audit_refusal_user_day")
                ],
            },
        ),
    ]
