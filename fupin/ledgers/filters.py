"""The ledger item FilterSet, shared by the list page, the export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import RegionFilter
from fupin.core.listing import sort_fields
from fupin.core.widgets import DateInput
from fupin.ledgers import choices
from fupin.ledgers.models import (
    LedgerItem,
    ScreeningCheck,
    ScreeningResult,
    SupervisionTarget,
    VillageProfile,
)

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
    kind = django_filters.ChoiceFilter(label=_("台账类型"), choices=choices.LedgerKind.choices)
    status = django_filters.ChoiceFilter(label=_("整改状态"), choices=choices.ItemStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue", widget=OVERDUE_WIDGET)
    region = RegionFilter(field_name="region_code")
    unit = django_filters.CharFilter(label=_("单位"), method="filter_unit")
    category = django_filters.ChoiceFilter(label=_("问题类别"), choices=choices.Category.choices)
    source = django_filters.ChoiceFilter(label=_("问题来源"), choices=choices.Source.choices)
    priority = django_filters.ChoiceFilter(label=_("轻重缓急"), choices=choices.Priority.choices)
    rectification_type = django_filters.ChoiceFilter(
        label=_("整改类型"), choices=choices.RectificationType.choices
    )
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

    def filter_unit(self, qs, name, value):
        return qs.filter(Q(lead_unit=value) | Q(responsible_units__contains=value))

    def filter_text(self, qs, name, value):
        return qs.filter(Q(description__contains=value) | Q(household__number=value))

    def filter_sort(self, qs, name, value):
        return qs.order_by(*sort_fields(value, SORTS, SORTS["deadline"]))


class SupervisionTargetFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(label=_("督战类别"), choices=choices.SupervisionGroup.choices)
    kind = django_filters.ChoiceFilter(label=_("对象类型"), choices=choices.TargetKind.choices)
    done = django_filters.BooleanFilter(label=_("已完成"))
    awaiting_review = django_filters.BooleanFilter(label=_("待镇(街)审核"), method="filter_awaiting_review")
    region = RegionFilter(field_name="region_code")

    class Meta:
        model = SupervisionTarget
        fields = []

    def filter_awaiting_review(self, qs, name, value):
        waiting = Q(done=False, done_requested_on__isnull=False)
        return qs.filter(waiting) if value else qs.exclude(waiting)


class ScreeningFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(label=_("排查对象"), choices=choices.ScreeningScope.choices)
    region = RegionFilter(field_name="region_code")
    checked_from = django_filters.DateFilter(
        label=_("排查日期自"), field_name="checked_on", lookup_expr="gte", widget=DateInput()
    )
    checked_to = django_filters.DateFilter(
        label=_("排查日期至"), field_name="checked_on", lookup_expr="lte", widget=DateInput()
    )
    failed = django_filters.BooleanFilter(label=_("有未通过项"), method="filter_failed")

    class Meta:
        model = ScreeningCheck
        fields = []

    def filter_failed(self, qs, name, value):
        failing = ScreeningResult.objects.filter(passed=False).values("screening_id")
        return qs.filter(pk__in=failing) if value else qs.exclude(pk__in=failing)


class VillageFilter(django_filters.FilterSet):
    old_revolutionary = django_filters.BooleanFilter(label=_("革命老区村"))
    region = RegionFilter(field_name="region_code")

    class Meta:
        model = VillageProfile
        fields = []
