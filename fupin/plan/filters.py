"""Filters of the plan's unit tasks, shared by the task list page, its export and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import NumberFilter, RegionFilter
from fupin.plan.models import PlanTask, Posting, PostingKind, TaskStatus

OVERDUE_WIDGET = forms.Select(choices=[("", "---------"), ("true", _("是")), ("false", _("否"))])


class PlanTaskFilter(django_filters.FilterSet):
    measure = NumberFilter(label=_("措施序号"), field_name="measure__number")
    unit = django_filters.CharFilter(label=_("责任单位"), field_name="unit", lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TaskStatus.choices)
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
        fields = []

    def filter_overdue(self, qs, name, value):
        late = qs.overdue(timezone.localdate())
        if value is True:
            return late
        if value is False:
            return qs.exclude(pk__in=late.values("pk"))
        return qs


class PostingFilter(django_filters.FilterSet):
    """The roster's filters (page, export, API)."""

    kind = django_filters.ChoiceFilter(label=_("类别"), choices=PostingKind.choices)
    region = RegionFilter(field_name="region_code")
    on_post = django_filters.BooleanFilter(label=_("在岗"), widget=OVERDUE_WIDGET)
    sending_unit = django_filters.CharFilter(label=_("派出单位"), lookup_expr="contains")
    q = django_filters.CharFilter(label=_("姓名"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Posting
        fields = []
