"""manage.py open_funds: open a fund for every budget line of the active plan (again: nothing changes)."""

from django.core.management.base import BaseCommand, CommandError

from fupin.funds import services
from fupin.plan.queries import active_plan


class Command(BaseCommand):
    help = "Open a fund for every budget line of the active plan; lines that already have one are left as they are."

    def handle(self, *args, **options):
        plan = active_plan()
        if plan is None:
            raise CommandError("No active plan: run manage.py load_plan first.")
        opened, existing = services.open_plan_funds(plan)
        self.stdout.write(f"{plan.code}: {opened} funds opened, {existing} already open")
