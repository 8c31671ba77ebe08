from django.core.management.base import BaseCommand

from fupin.reports.models import ReportPeriod
from fupin.reports.rollup import rebuild_period


class Command(BaseCommand):
    help = "Recompute the weekly roll-up (RollupCell) from the raw assessments."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, help="only this period id")

    def handle(self, *args, period=None, **options):
        periods = ReportPeriod.objects.all()
        if period:
            periods = periods.filter(pk=period)
        total = sum(rebuild_period(p.pk) for p in periods)
        if options["verbosity"]:
            self.stdout.write(f"rebuilt {periods.count()} periods, {total} cells")
