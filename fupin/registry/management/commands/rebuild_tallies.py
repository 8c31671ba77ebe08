import time

from django.core.management.base import BaseCommand

from fupin.registry import tally


class Command(BaseCommand):
    help = "Recompute the household tally (HouseholdTally) from the registry, for everything or some regions."

    def add_arguments(self, parser):
        parser.add_argument(
            "prefixes", nargs="*", help="region prefixes or village codes (default: the whole registry)"
        )

    def handle(self, *args, prefixes=(), **options):
        started = time.monotonic()
        rows = tally.rebuild(region_prefixes=list(prefixes) or None)
        if options["verbosity"]:
            self.stdout.write(
                f"rebuilt the household tally: {rows} rows in {time.monotonic() - started:.1f} s"
            )
