"""Reload the shipped region tree (fupin/regions/data/regions.csv): adds missing regions, renames changed ones."""

from django.core.management.base import BaseCommand
from django.db import transaction

from fupin.regions.loading import DATA_FILE, load_regions
from fupin.regions.models import Region


class Command(BaseCommand):
    help = "重新载入内置的区划数据（省、市、县、镇），新增缺少的区域并更新改名的区域。"

    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = load_regions(Region)
        self.stdout.write(f"regions from {DATA_FILE.name}: {created} created, {updated} renamed")
