"""manage.py rebuild_sales_tally: recount the maintained sales figures from the orders."""

from django.core.management.base import BaseCommand

from fupin.consumption.services import tallies


class Command(BaseCommand):
    help = "从订单重新统计消费扶贫销售汇总。"

    def handle(self, *args, **options):
        rows = tallies.rebuild()
        self.stdout.write(f"销售汇总已重建：{rows} 行。")
