"""The ledger item FilterSet, shared by the list page, the export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import date_range
from fupin.core.listing import sort_fields
from fupin.core.widgets import DateInput
from fupin.ledgers.models import (
    LedgerItem,
    ScreeningCheck,
    ScreeningResult,
    SupervisionTarget,
    VillageProfile,
)
from fupin.regions.filters import RegionFilterSet

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


class LedgerItemFilter(RegionFilterSet):
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)
    unit = django_filters.CharFilter(label=_("单位"), method="filter_unit")
    deadline_from, deadline_to = date_range("deadline", _("时限自"), _("时限至"), widget=DateInput)
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__number")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    sort = django_filters.ChoiceFilter(
        label=_("排序"), method="filter_sort", empty_label=_("按时限"), choices=list(SORT_LABELS.items())
    )

    class Meta:
        model = LedgerItem
        fields = [
            "kind",
            "status",
            "overdue",
            "region",
            "unit",
            "category",
            "source",
            "priority",
            "rectification_type",
            "deadline_from",
            "deadline_to",
            "household",
            "q",
            "sort",
        ]

    def filter_overdue(self, qs, name, value):
        today = self.request_today()
        if value is True:
            return qs.overdue(today)
        if value is False:
            return qs.exclude(pk__in=qs.overdue(today).values("pk"))
        return qs

    def request_today(self):
        return getattr(self.request, "today", None) or timezone.localdate()

    def filter_unit(self, qs, name, value):
        return qs.filter(Q(lead_unit=value) | Q(responsible_units__contains=value))

    def filter_text(self, qs, name, value):
        return qs.filter(Q(description__contains=value) | Q(household__number=value))

    def filter_sort(self, qs, name, value):
        return qs.order_by(*sort_fields(value, SORTS, SORTS["deadline"]))


class SupervisionTargetFilter(RegionFilterSet):
    awaiting_review = django_filters.BooleanFilter(label=_("待镇(街)审核"), method="filter_awaiting_review")

    class Meta:
        model = SupervisionTarget
        fields = ["group", "kind", "done", "awaiting_review", "region"]

    def filter_awaiting_review(self, qs, name, value):
        waiting = Q(done=False, done_requested_on__isnull=False)
        return qs.filter(waiting) if value else qs.exclude(waiting)


class ScreeningFilter(RegionFilterSet):
    checked_from, checked_to = date_range("checked_on", _("排查日期自"), _("排查日期至"), widget=DateInput)
    failed = django_filters.BooleanFilter(label=_("有未通过项"), method="filter_failed")

    class Meta:
        model = ScreeningCheck
        fields = ["scope", "region", "checked_from", "checked_to", "failed"]

    def filter_failed(self, qs, name, value):
        failing = ScreeningResult.objects.filter(passed=False).values("screening_id")
        return qs.filter(pk__in=failing) if value else qs.exclude(pk__in=failing)


class VillageFilter(RegionFilterSet):
    class Meta:
        model = VillageProfile
        fields = ["old_revolutionary", "region"]
