"""manage.py load_cooperation_plan USERNAME [--file PATH]: load the agreement's pairings and indicators."""

from django.core.management.base import BaseCommand, CommandError

from fupin.accounts.models import User
from fupin.cooperation import plan, services
from fupin.core.errors import DomainError


class Command(BaseCommand):
    help = "载入东西部扶贫协作协议指标与结对关系（计划文件）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="执行载入的市扶贫办账号")
        parser.add_argument("--file", default=str(plan.PLAN_FILE), help="计划文件（JSON）")

    def handle(self, *args, username, file, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账号 {username}")
        try:
            made = services.load_plan(by=user, plan_data=plan.read_plan(file))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"结对 {made['pairings']}，指标 {made['indicators']}，退出指标 {made['criteria']}")
