"""Create the first system administrator: `create_admin USERNAME --region CODE [--password-from-env VAR]`."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from fupin.accounts.services import create_first_admin
from fupin.core.errors import DomainError


class Command(BaseCommand):
    help = "创建系统管理员账号（没有默认账号：第一个管理员由此命令创建）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--region", required=True, help="12-digit region code, e.g. 440700000000")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="read the password from this environment variable instead of prompting",
        )

    def handle(self, *args, username, region, password_from_env=None, **options):
        password = self._password(password_from_env)
        try:
            user = create_first_admin(username=username, password=password, region_code=region)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created sysadmin {user.username} on {region}")

    def _password(self, variable):
        if variable:
            value = os.environ.get(variable)
            if not value:
                raise CommandError(f"environment variable {variable} is empty or not set")
            return value
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("passwords do not match")
        return first
