"""python manage.py escalate_labour_requests: escalate every 24-hour labour request past its time without a
referral (hourly from cron; the task queue escalates each one at its due time, this sweep catches the rest)."""

from django.core.management.base import BaseCommand

from fupin.employment.services.labour_requests import escalate_late_requests


class Command(BaseCommand):
    help = "Escalate 24-hour labour requests that are past their time without a referral."

    def handle(self, *args, **options):
        self.stdout.write(f"escalated {escalate_late_requests()}")
