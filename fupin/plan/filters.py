"""Filters of the plan's unit tasks, shared by the task list page, its export and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import FilterSet, NumberFilter
from fupin.plan.models import PlanTask, Posting
from fupin.regions.filters import RegionFilterSet

OVERDUE_WIDGET = forms.Select(choices=[("", "---------"), ("true", _("是")), ("false", _("否"))])


class PlanTaskFilter(FilterSet):
    measure = NumberFilter(label=_("措施序号"), field_name="measure__number")
    unit = django_filters.CharFilter(label=_("责任单位"), field_name="unit", lookup_expr="contains")
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)
    escalated = django_filters.BooleanFilter(
        label=_("已逾期上报"),
        field_name="escalated_on",
        lookup_expr="isnull",
        exclude=True,
        widget=OVERDUE_WIDGET,
    )
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="contains")

    class Meta:
        model = PlanTask
        fields = ["measure", "unit", "status", "overdue", "escalated", "q"]

    def filter_overdue(self, qs, name, value):
        late = qs.overdue(timezone.localdate())
        if value is True:
            return late
        if value is False:
            return qs.exclude(pk__in=late.values("pk"))
        return qs


class PostingFilter(RegionFilterSet):
    """The roster's filters (page, export, API)."""

    on_post = django_filters.BooleanFilter(label=_("在岗"), widget=OVERDUE_WIDGET)
    sending_unit = django_filters.CharFilter(label=_("派出单位"), lookup_expr="contains")
    q = django_filters.CharFilter(label=_("姓名"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Posting
        fields = ["kind", "region", "on_post", "sending_unit", "q"]
