"""FilterSets shared by the API and lists."""

import django_filters

from fupin.core.regioncodes import subtree_q
from fupin.reports.models import Assessment, SupplyAllocation, VillageReport


class RegionPrefixFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region", label="区域前缀")

    def filter_region(self, queryset, name, value):
        return queryset.filter(subtree_q([value]))


class AssessmentFilter(RegionPrefixFilter):
    class Meta:
        model = Assessment
        fields = ["period", "household", "at_risk_return"]


class VillageReportFilter(RegionPrefixFilter):
    class Meta:
        model = VillageReport
        fields = ["period", "status"]


class SupplyAllocationFilter(RegionPrefixFilter):
    class Meta:
        model = SupplyAllocation
        fields = ["item"]
