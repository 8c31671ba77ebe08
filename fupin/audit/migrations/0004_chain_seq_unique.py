"""Unique (chain, seq): apart from the data migration before it (PostgreSQL alters no table with pending
trigger events in the transaction that updated its rows)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]

    operations = [
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("chain_key", "seq"), name="audit_chain_seq"),
        ),
    ]
