"""python manage.py escalate_monitoring_steps: escalate every procedure step past its time limit (daily)."""

from django.core.management.base import BaseCommand

from fupin.monitoring.services.cases import escalate_late_steps


class Command(BaseCommand):
    help = "Escalate monitoring procedure steps that are past their time limit to the level above."

    def handle(self, *args, **options):
        self.stdout.write(f"escalated {escalate_late_steps()}")
