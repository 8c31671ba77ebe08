"""python manage.py rebuild_resumption_curve [--on YYYY-MM-DD]: recount a day of the daily resumption curve
from the enterprises (today by default; the services keep it otherwise)."""

import datetime

from django.core.management.base import BaseCommand

from fupin.employment.services.resumption import rebuild_resumption_day


class Command(BaseCommand):
    help = "Recount one day (today by default) of the daily resumption curve of poverty-related enterprises."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=datetime.date.fromisoformat, default=None, help="the day, YYYY-MM-DD"
        )

    def handle(self, *args, on=None, **options):
        self.stdout.write(f"recounted {rebuild_resumption_day(on)} region codes")
