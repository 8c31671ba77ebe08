"""Filters of the plan's unit tasks, shared by the task list page, its export and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import NumberFilter
from fupin.plan.models import PlanTask, TaskStatus

OVERDUE_WIDGET = forms.Select(choices=[("", "---------"), ("true", _("是")), ("false", _("否"))])


class PlanTaskFilter(django_filters.FilterSet):
    measure = NumberFilter(label=_("措施序号"), field_name="measure__number")
    unit = django_filters.CharFilter(label=_("责任单位"), field_name="unit", lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="contains")

    class Meta:
        model = PlanTask
        fields = []

    def filter_overdue(self, qs, name, value):
        late = qs.overdue(timezone.localdate())
        if value is True:
            return late
        if value is False:
            return qs.exclude(pk__in=late.values("pk"))
        return qs
