"""python manage.py run_monitoring_rules [--prefix CODE]: every active risk rule over the households."""

from django.core.management.base import BaseCommand

from fupin.monitoring.services.signals import run_rules


class Command(BaseCommand):
    help = "Run every active risk rule over the households (under a region prefix) and record signals."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="", help="region prefix, e.g. 440703 (default: all)")

    def handle(self, *args, prefix="", **options):
        result = run_rules(by=None, prefix=prefix)
        self.stdout.write(
            f"households {result['households']}; signals {result['signals']} in {result['villages']} villages"
        )
