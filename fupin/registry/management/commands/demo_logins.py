"""manage.py demo_logins: print the demo accounts (usernames starting with demo_), their password and the
secret of their authenticator (TOTP, second factor)."""

import unicodedata

from django.core.management.base import BaseCommand

from fupin.registry.demo.users import demo_logins

HEADERS = ("用户名", "姓名/单位", "角色", "区域", "密码", "动态验证码密钥")


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


class Command(BaseCommand):
    help = "列出演示账号及其密码。"

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("没有演示账号。先运行：python manage.py demo --households 5000")
            return
        widths = [max(width(str(r[i])) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write("演示账号（登录 http://127.0.0.1:8000/ ）：")
        self.stdout.write("  ".join(pad(h, w) for h, w in zip(HEADERS, widths, strict=True)).rstrip())
        self.stdout.write(line)
        for row in rows:
            self.stdout.write("  ".join(pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write("")
        self.stdout.write(
            "第二重验证：把“动态验证码密钥”加入手机上的身份验证器应用（基于时间，6 位，30 秒），"
        )
        self.stdout.write("或运行 make otp U=用户名 查看当前验证码。")
        self.stdout.write("")
