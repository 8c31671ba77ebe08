"""Audit entry filters shared by the page, its export and the API."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.models import AuditEntry
from fupin.core.filtering import FilterSet, RegionFilter
from fupin.core.widgets import DateInput


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEntryFilter(FilterSet):
    action = django_filters.CharFilter(
        label=_("事件"), method="filter_action", help_text=_("事件代码或其开头，例如 registry.household")
    )
    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    date_from = django_filters.DateFilter(label=_("起始日期"), method="filter_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("截止日期"), method="filter_to", widget=DateInput())
    region = RegionFilter(field_name="region_code")
    target = django_filters.CharFilter(
        label=_("对象"), method="filter_target", help_text=_("对象编号或名称，例如 户编号")
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "date_from", "date_to", "region", "target", "target_type"]

    def filter_action(self, queryset, name, value):
        value = value.strip()
        # A full code matches exactly; a namespace ("registry.household") matches every event under it.
        return queryset.filter(Q(action=value) | Q(action__startswith=value + ".")) if value else queryset

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor_name=value) | Q(actor__username=value) | Q(actor_name__startswith=value)
        )

    def filter_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_day_start(value + datetime.timedelta(days=1)))

    def filter_target(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(target_id=value) | Q(target_label=value)) if value else queryset
