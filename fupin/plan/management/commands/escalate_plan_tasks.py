"""python manage.py escalate_plan_tasks: escalate every open plan task past its deadline (daily)."""

from django.core.management.base import BaseCommand

from fupin.plan.services import escalate_late_tasks


class Command(BaseCommand):
    help = "Escalate open plan tasks past their deadline to the unit's head and the city office."

    def handle(self, *args, **options):
        self.stdout.write(f"escalated {escalate_late_tasks()}")
