"""Convert the migrated PostgreSQL schema to the partitioned layout (fupin/core/partitioning.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from fupin.core import partitioning


class Command(BaseCommand):
    help = (
        "PostgreSQL only: partition members, weekly assessments and audit entries by region-code range, "
        "one partition per city (or county) and a default one, in one transaction. Tables already "
        "partitioned are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--level", choices=sorted(partitioning.LEVEL_DIGITS), default="city")
        parser.add_argument("--database", default="default")

    def handle(self, *args, level, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("partition_tables needs PostgreSQL (DATABASE_URL=postgres://…).")
        with transaction.atomic(using=database):
            done = partitioning.partition_all(connection, level=level)
        for table, summary in done.items():
            if summary.get("skipped"):
                self.stdout.write(f"{table}: already partitioned ({len(summary['partitions'])} partitions)")
                continue
            dropped = ", ".join(summary["dropped_foreign_keys"]) or "none"
            self.stdout.write(
                f"{table}: {summary['rows']} rows into {len(summary['partitions'])} partitions; "
                f"foreign keys to it dropped: {dropped}"
            )
