"""FilterSets of the cooperation lists, shared by the pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.cooperation.choices import Area, EntryStatus, PairingKind, Rule
from fupin.cooperation.models import Indicator, IndicatorEntry, Pairing
from fupin.core.filtering import NumberFilter
from fupin.regions.filters import RegionFilterSet


class PairingFilter(RegionFilterSet):
    kind = django_filters.ChoiceFilter(label=_("结对类型"), choices=PairingKind.choices)
    helper_unit = django_filters.CharFilter(label=_("帮扶单位"), lookup_expr="contains")
    year = NumberFilter(label=_("年度"))

    class Meta:
        model = Pairing
        fields = ["region", "kind", "helper_unit", "year"]


class IndicatorFilter(RegionFilterSet):
    area = django_filters.ChoiceFilter(label=_("领域"), choices=Area.choices)
    rule = django_filters.ChoiceFilter(label=_("取数规则"), choices=Rule.choices)
    name = django_filters.CharFilter(label=_("指标"), lookup_expr="contains")
    year = NumberFilter(label=_("年度"))

    class Meta:
        model = Indicator
        fields = ["region", "area", "rule", "name", "year"]


class EntryFilter(RegionFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=EntryStatus.choices)
    indicator = NumberFilter(label=_("协议指标"), field_name="indicator_id")

    class Meta:
        model = IndicatorEntry
        fields = ["region", "status", "indicator"]
