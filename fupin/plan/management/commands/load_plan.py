from django.core.management.base import BaseCommand

from fupin.plan import services


class Command(BaseCommand):
    help = "Load (or reload) a plan from a JSON fixture; default: the 2020 Jiangmen plan."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(services.DEFAULT_FIXTURE))

    def handle(self, *args, path, **options):
        plan = services.load_plan(path)
        self.stdout.write(
            f"Loaded {plan.code}: {plan.measures.count()} measures, {plan.targets.count()} targets"
        )
