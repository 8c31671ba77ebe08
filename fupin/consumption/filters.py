import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.consumption.choices import (
    BuyerKind,
    BuyerStatus,
    Channel,
    DemandStatus,
    OrderStatus,
    ProductCategory,
    SupplierKind,
)
from fupin.consumption.models import Base, Buyer, Demand, Listing, Order, Supplier
from fupin.regions.filters import RegionFilterSet


class ListingFilter(RegionFilterSet):
    product = django_filters.CharFilter(label=_("产品名称"), lookup_expr="contains")
    category = django_filters.ChoiceFilter(label=_("产品类别"), choices=ProductCategory.choices)
    unsold = django_filters.BooleanFilter(label=_("滞销"), method="filter_unsold")

    class Meta:
        model = Listing
        fields = ["region", "product", "category", "unsold"]

    def filter_unsold(self, queryset, name, value):
        return queryset.exclude(unsold="") if value else queryset.filter(unsold="")


class MarketFilter(django_filters.FilterSet):
    """The buyers' market: no region filter of the registry, an origin by name instead."""

    product = django_filters.CharFilter(label=_("产品名称"), lookup_expr="contains")
    category = django_filters.ChoiceFilter(label=_("产品类别"), choices=ProductCategory.choices)
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
    kind = django_filters.ChoiceFilter(label=_("供应主体类型"), choices=SupplierKind.choices)

    class Meta:
        model = Supplier
        fields = ["region", "name", "kind"]


class BuyerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("单位名称"), lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("采购方类型"), choices=BuyerKind.choices)
    status = django_filters.ChoiceFilter(label=_("审核状态"), choices=BuyerStatus.choices)

    class Meta:
        model = Buyer
        fields = ["region", "name", "kind", "status"]


class DemandFilter(RegionFilterSet):
    category = django_filters.ChoiceFilter(label=_("产品类别"), choices=ProductCategory.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DemandStatus.choices)

    class Meta:
        model = Demand
        fields = ["region", "category", "status"]


class OrderFilter(RegionFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=OrderStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("销售方式"), choices=Channel.choices)
    placed_from = django_filters.DateFilter(label=_("下单日期起"), field_name="placed_on", lookup_expr="gte")

    class Meta:
        model = Order
        fields = ["region", "status", "channel", "placed_from"]


class OwnOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=OrderStatus.choices)

    class Meta:
        model = Order
        fields = ["status"]


class OwnDemandFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DemandStatus.choices)

    class Meta:
        model = Demand
        fields = ["status"]


class BaseFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("基地名称"), lookup_expr="contains")

    class Meta:
        model = Base
        fields = ["region", "name"]
