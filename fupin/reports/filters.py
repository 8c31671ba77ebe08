"""FilterSets shared by the API and lists."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import FilterSet
from fupin.regions.filters import RegionFilterSet
from fupin.reports.choices import Timeliness
from fupin.reports.models import (
    Assessment,
    ReportPeriod,
    SubmissionReminder,
    SupplyAllocation,
    VillageReport,
)
from fupin.reports.queries import timeliness_q


class AssessmentFilter(RegionFilterSet):
    class Meta:
        model = Assessment
        fields = ["period", "household", "at_risk_return"]


class AssessmentListFilter(FilterSet):
    """The filters of the lists behind a report's numbers (their region and week come from the page's scope)."""

    number = django_filters.CharFilter(label=_("户编号"), field_name="household__number")
    at_risk_return = django_filters.BooleanFilter(label=_("返贫风险"))

    class Meta:
        model = Assessment
        fields = ["number", "at_risk_return"]


class VillageReportFilter(RegionFilterSet):
    timeliness = django_filters.ChoiceFilter(
        label=_("及时性"), choices=Timeliness.choices, method="filter_timeliness"
    )

    class Meta:
        model = VillageReport
        fields = ["period", "status", "timeliness"]

    def filter_timeliness(self, queryset, name, value):
        return queryset.filter(timeliness_q(value, timezone.now()))


class SupplyAllocationFilter(RegionFilterSet):
    class Meta:
        model = SupplyAllocation
        fields = ["item", "recipient_kind"]


class VillageWeekFilter(VillageReportFilter):
    """The reporting-discipline list: village weeks by week, region, status and on time / late / missing."""

    period = django_filters.ModelChoiceFilter(
        label=_("周期"), queryset=ReportPeriod.objects.order_by("-starts_on")
    )

    class Meta:
        model = VillageReport
        fields = ["period", "region", "status", "timeliness"]


class ReminderFilter(FilterSet):
    period = django_filters.ModelChoiceFilter(
        label=_("周期"), queryset=ReportPeriod.objects.order_by("-starts_on")
    )

    class Meta:
        model = SubmissionReminder
        fields = ["period", "kind"]
