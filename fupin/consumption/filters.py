import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.consumption.models import Base, Buyer, Demand, Listing, Order, Supplier
from fupin.core.filtering import FilterSet
from fupin.regions.filters import RegionFilterSet


class ListingFilter(RegionFilterSet):
    product = django_filters.CharFilter(label=_("产品名称"), lookup_expr="contains")
    unsold = django_filters.BooleanFilter(label=_("滞销"), method="filter_unsold")

    class Meta:
        model = Listing
        fields = ["region", "product", "category", "unsold"]

    def filter_unsold(self, queryset, name, value):
        return queryset.exclude(unsold="") if value else queryset.filter(unsold="")


class MarketFilter(FilterSet):
    """The buyers' market: no region filter of the registry, an origin by name instead."""

    product = django_filters.CharFilter(label=_("产品名称"), lookup_expr="contains")
    unsold = django_filters.BooleanFilter(label=_("只看滞销"), method="filter_unsold")
    paired = django_filters.BooleanFilter(label=_("协作地区(崇左)产品"), method="filter_paired")

    class Meta:
        model = Listing
        fields = ["product", "category", "unsold", "paired"]

    def filter_unsold(self, queryset, name, value):
        return queryset.exclude(unsold="") if value else queryset

    def filter_paired(self, queryset, name, value):
        paired = {"region_code__gte": "451400000000", "region_code__lte": "451499999999"}
        return queryset.filter(**paired) if value else queryset


class SupplierFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("公开名称"), lookup_expr="contains")

    class Meta:
        model = Supplier
        fields = ["region", "name", "kind"]


class BuyerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("单位名称"), lookup_expr="contains")

    class Meta:
        model = Buyer
        fields = ["region", "name", "kind", "status"]


class DemandFilter(RegionFilterSet):
    class Meta:
        model = Demand
        fields = ["region", "category", "status"]


class OrderFilter(RegionFilterSet):
    placed_from = django_filters.DateFilter(label=_("下单日期起"), field_name="placed_on", lookup_expr="gte")

    class Meta:
        model = Order
        fields = ["region", "status", "channel", "placed_from"]


class OwnOrderFilter(FilterSet):
    class Meta:
        model = Order
        fields = ["status"]


class OwnDemandFilter(FilterSet):
    class Meta:
        model = Demand
        fields = ["status"]


class BaseFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("基地名称"), lookup_expr="contains")

    class Meta:
        model = Base
        fields = ["region", "name"]
