"""python manage.py send_report_reminders [--inline]: remind villages that have not submitted their week,
a day before the due time and at it (cron, every 15 minutes; the run itself is a job on the task queue)."""

from django.core.management.base import BaseCommand

from fupin.reports.reminders import schedule_reminders


class Command(BaseCommand):
    help = (
        "Queue a run that reminds the villages that have not submitted their week (a day before and at due)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inline", action="store_true", help="send now in this process, not on the queue"
        )

    def handle(self, *args, inline, **options):
        job = schedule_reminders(inline=inline)
        if job is None:
            self.stdout.write("a reminder run is already queued")
        else:
            self.stdout.write(f"job {job.pk} {job.status}: sent {job.result.get('sent', 0)}")
