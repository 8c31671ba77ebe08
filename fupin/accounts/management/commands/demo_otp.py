"""`demo_otp USERNAME`: print the current second-factor code of a demo account (its TOTP device was made
by the demo with a fixed secret). Accounts with a real, enrolled authenticator are refused."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from fupin.accounts.otp import current_code, demo_secret


class Command(BaseCommand):
    help = "显示演示账号当前的动态验证码。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True, name="demo", key=demo_secret(username)
        ).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator")
        self.stdout.write(current_code(device))
