import time

from django.core.management.base import BaseCommand

from fupin.ledgers import tally


class Command(BaseCommand):
    help = (
        "Recompute the ledger tally (LedgerTally: items per town, kind, lead unit and status) from the items."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = tally.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"rebuilt the ledger tally: {rows} rows in {time.monotonic() - started:.1f} s")
