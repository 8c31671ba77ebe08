"""FilterSets shared by the monitoring's list pages, their exports and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import NumberFilter
from fupin.monitoring.choices import (
    CaseStep,
)
from fupin.monitoring.models import ExitCase, MonitoringCase, Signal
from fupin.regions.filters import RegionFilterSet

OVERDUE_WIDGET = forms.Select(choices=[("", "---------"), ("true", _("逾期")), ("false", _("未逾期"))])


class SignalFilter(RegionFilterSet):
    since = django_filters.DateFilter(label=_("发现日期起"), field_name="detected_on", lookup_expr="gte")
    household = NumberFilter(label=_("农户"), field_name="household_id")

    class Meta:
        model = Signal
        fields = ["region", "channel", "department", "status", "colour", "risk_type", "since", "household"]


class CaseFilter(RegionFilterSet):
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)

    class Meta:
        model = MonitoringCase
        fields = [
            "region",
            "purpose",
            "kind",
            "risk_type",
            "colour",
            "step",
            "outcome",
            "monitored",
            "overdue",
        ]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = {"step__in": [CaseStep.VILLAGE, CaseStep.TOWN, CaseStep.COUNTY], "step_deadline__lt": today}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class ExitFilter(RegionFilterSet):
    year = NumberFilter(label=_("脱贫年度"), field_name="exit_year")

    class Meta:
        model = ExitCase
        fields = ["region", "step", "year"]
