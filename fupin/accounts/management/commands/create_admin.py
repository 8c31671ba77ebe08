"""Create a system account on the server:
`create_admin USERNAME --region CODE [--role security_admin|sysadmin|auditor] [--password-from-env VAR]`.

The first security administrator comes from here (there are no default accounts), and so does every
further security administrator: one security administrator may not create another (三权分立)."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from fupin.accounts.roles import Role
from fupin.accounts.services import create_first_admin
from fupin.core.errors import DomainError


class Command(BaseCommand):
    help = "创建安全管理员（默认）、系统管理员或审计员账号（没有默认账号：第一个安全管理员由此命令创建）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--region", required=True, help="12-digit region code, e.g. 440700000000")
        parser.add_argument(
            "--role",
            default=Role.SECURITY_ADMIN,
            choices=[Role.SECURITY_ADMIN, Role.SYSADMIN, Role.AUDITOR],
            help="system role of the new account (default: security_admin)",
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="read the password from this environment variable instead of prompting",
        )

    def handle(self, *args, username, region, role, password_from_env=None, **options):
        password = self._password(password_from_env)
        try:
            user = create_first_admin(username=username, password=password, region_code=region, role=role)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {role} {user.username} on {region}")

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
