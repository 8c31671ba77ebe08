import time

from django.core.management.base import BaseCommand

from fupin.monitoring import tally


class Command(BaseCommand):
    help = "Recompute the monitoring tally (MonitoringTally: signals, cases and exits per village and key)."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = tally.rebuild()
        if options["verbosity"]:
            self.stdout.write(
                f"rebuilt the monitoring tally: {rows} rows in {time.monotonic() - started:.1f} s"
            )
