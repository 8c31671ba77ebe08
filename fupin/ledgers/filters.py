"""The ledger item FilterSet, shared by the list page, the export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.listing import sort_fields
from fupin.core.regioncodes import significant_prefix, subtree_q
from fupin.core.widgets import DateInput
from fupin.ledgers.choices import (
    Category,
    ItemStatus,
    LedgerKind,
    Priority,
    RectificationType,
    Source,
    SupervisionGroup,
)
from fupin.ledgers.models import LedgerItem, SupervisionTarget

OVERDUE_WIDGET = forms.Select(choices=[("", "---------"), ("true", _("逾期")), ("false", _("未逾期"))])
# The `?sort=` keys of the item list and the fields each orders by (`-key` reverses them).
SORTS = {
    "deadline": ("deadline", "id"),
    "region": ("region_code", "deadline"),
    "priority": ("priority", "deadline"),
    "status": ("status", "deadline"),
    "created": ("created_at", "id"),
}
# What a person reads for each sort key (never the raw key).
SORT_LABELS = {
    "deadline": _("时限由近到远"),
    "-deadline": _("时限由远到近"),
    "region": _("按区域"),
    "priority": _("按优先级"),
    "status": _("按状态"),
    "-created": _("最新登记在前"),
}


class LedgerItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("台账类型"), choices=LedgerKind.choices)
    status = django_filters.ChoiceFilter(label=_("整改状态"), choices=ItemStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    unit = django_filters.CharFilter(label=_("单位"), method="filter_unit")
    category = django_filters.ChoiceFilter(label=_("问题类别"), choices=Category.choices)
    source = django_filters.ChoiceFilter(label=_("问题来源"), choices=Source.choices)
    priority = django_filters.ChoiceFilter(label=_("轻重缓急"), choices=Priority.choices)
    rectification_type = django_filters.ChoiceFilter(label=_("整改类型"), choices=RectificationType.choices)
    deadline_from = django_filters.DateFilter(
        label=_("时限自"),
        field_name="deadline",
        lookup_expr="gte",
        widget=DateInput(),
    )
    deadline_to = django_filters.DateFilter(
        label=_("时限至"),
        field_name="deadline",
        lookup_expr="lte",
        widget=DateInput(),
    )
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__number")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    sort = django_filters.ChoiceFilter(
        label=_("排序"), method="filter_sort", empty_label=_("按时限"), choices=list(SORT_LABELS.items())
    )

    class Meta:
        model = LedgerItem
        fields = []

    def filter_overdue(self, qs, name, value):
        today = self.request_today()
        if value is True:
            return qs.overdue(today)
        if value is False:
            return qs.exclude(pk__in=qs.overdue(today).values("pk"))
        return qs

    def request_today(self):
        return getattr(self.request, "today", None) or timezone.localdate()

    def filter_region(self, qs, name, value):
        value = value.strip()
        if not value.isdigit():
            return qs.none()
        prefix = significant_prefix(value) if len(value) == 12 else value
        return qs.filter(subtree_q([prefix]))

    def filter_unit(self, qs, name, value):
        return qs.filter(Q(lead_unit=value) | Q(responsible_units__contains=value))

    def filter_text(self, qs, name, value):
        return qs.filter(Q(description__contains=value) | Q(household__number=value))

    def filter_sort(self, qs, name, value):
        return qs.order_by(*sort_fields(value, SORTS, SORTS["deadline"]))


class SupervisionTargetFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(label=_("督战类别"), choices=SupervisionGroup.choices)
    done = django_filters.BooleanFilter(label=_("已完成"))
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")

    class Meta:
        model = SupervisionTarget
        fields = []

    def filter_region(self, qs, name, value):
        value = value.strip()
        if not value.isdigit():
            return qs.none()
        return qs.filter(subtree_q([significant_prefix(value) if len(value) == 12 else value]))
