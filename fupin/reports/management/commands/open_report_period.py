from django.core.management.base import BaseCommand, CommandError

from fupin.accounts.models import User
from fupin.core.errors import DomainError
from fupin.reports.services import open_period


class Command(BaseCommand):
    help = "Open an ISO week for a region tree (e.g. from cron every Monday): open_report_period 2020 10 --by city"

    def add_arguments(self, parser):
        parser.add_argument("iso_year", type=int)
        parser.add_argument("iso_week", type=int)
        parser.add_argument("--region", default="4407", help="region prefix (default 4407)")
        parser.add_argument(
            "--by", required=True, help="username of the city-office account opening the week"
        )

    def handle(self, *args, iso_year, iso_week, region, by, **options):
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"no user {by}")
        try:
            period = open_period(by=user, iso_year=iso_year, iso_week=iso_week, region_prefix=region)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"opened {period.label} for {region}, due {period.due_at:%Y-%m-%d %H:%M}")
