"""FilterSets of the cooperation lists, shared by the pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.cooperation.models import Indicator, IndicatorEntry, Pairing
from fupin.core.filtering import NumberFilter
from fupin.regions.filters import RegionFilterSet


class PairingFilter(RegionFilterSet):
    helper_unit = django_filters.CharFilter(label=_("帮扶单位"), lookup_expr="contains")

    class Meta:
        model = Pairing
        fields = ["region", "kind", "helper_unit", "year"]


class IndicatorFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("指标"), lookup_expr="contains")

    class Meta:
        model = Indicator
        fields = ["region", "area", "rule", "name", "year"]


class EntryFilter(RegionFilterSet):
    indicator = NumberFilter(label=_("协议指标"), field_name="indicator_id")

    class Meta:
        model = IndicatorEntry
        fields = ["region", "status", "indicator"]
