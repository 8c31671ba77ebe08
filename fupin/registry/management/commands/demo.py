"""manage.py demo --households N [--seed S] [--if-empty] [--city 4407]: build the demo data set."""

from django.core.management.base import BaseCommand

from fupin.registry.demo import DEFAULT_SEED, build_demo_dataset
from fupin.registry.models import Household


class Command(BaseCommand):
    help = "生成演示数据：村(居)、贫困户、家庭成员、各角色演示账号，以及各模块的演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=5000, help="贫困户数量（默认 5000）")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--if-empty", action="store_true", help="已有贫困户时什么也不做")
        parser.add_argument("--city", default="4407", help="主城市区划代码前缀（默认 4407 江门市）")
        parser.add_argument("--paired", default="4514", help="协作地区区划代码前缀（默认 4514 崇左市）")

    def handle(self, *args, households, seed, if_empty, city, paired, **options):
        if if_empty and Household.objects.exists():
            self.stdout.write("已有贫困户数据，跳过演示数据生成（--if-empty）。")
            return
        if households < 0:
            self.stderr.write("--households 不能为负数。")
            return

        def log(message):
            self.stdout.write(message)
            self.stdout.flush()

        build_demo_dataset(households=households, seed=seed, city=city, paired=paired, log=log)
