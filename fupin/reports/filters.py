"""FilterSets shared by the API and lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

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


class AssessmentListFilter(django_filters.FilterSet):
    """The filters of the lists behind a report's numbers (their region and week come from the page's scope)."""

    number = django_filters.CharFilter(label=_("户编号"), field_name="household__number")
    at_risk_return = django_filters.BooleanFilter(label=_("返贫风险"))

    class Meta:
        model = Assessment
        fields = ["number", "at_risk_return"]


class VillageReportFilter(RegionPrefixFilter):
    class Meta:
        model = VillageReport
        fields = ["period", "status"]


class SupplyAllocationFilter(RegionPrefixFilter):
    class Meta:
        model = SupplyAllocation
        fields = ["item"]
