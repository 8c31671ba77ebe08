"""manage.py demo_logins: print the demo accounts (usernames starting with demo_) and their password."""

import unicodedata

from django.core.management.base import BaseCommand

from fupin.registry.demo.users import demo_logins

HEADERS = ("用户名", "姓名/单位", "角色", "区域", "密码")


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
