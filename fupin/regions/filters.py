import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import filterset_factory

from fupin.core.filtering import FilterSet
from fupin.core.filtering import RegionFilter as RegionSubtreeFilter  # the FilterSet below has the name
from fupin.core.regioncodes import code_range
from fupin.regions.models import Region


class RegionFilterSet(FilterSet):
    """Base of the domain apps' FilterSets: `region` takes a region's name, code or code prefix (the region
    picker) and keeps the rows in that subtree (of `region_field`). Filters named in Meta.fields and not
    declared are made from their model fields (`fupin.core.filtering.FilterSet`)."""

    region = RegionSubtreeFilter(method="filter_region")
    region_field = "region_code"

    def filter_region(self, queryset, name, value):
        return RegionSubtreeFilter.keep(queryset, value, self.region_field)


class RegionFilter(FilterSet):
    parent = django_filters.CharFilter(label=_("上级区划代码"), field_name="parent_id")
    prefix = django_filters.CharFilter(
        label=_("代码前缀"),
        method="with_prefix",
        help_text=_("区划代码的开头，例如 440703 表示蓬江区及其下级"),
    )
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")

    class Meta:
        model = Region
        fields = ["parent", "level", "prefix", "name"]

    def with_prefix(self, queryset, name, value):
        value = value.strip()
        if not value.isdigit() or len(value) > 12:
            return queryset.none()
        return queryset.filter(code__range=code_range(value))


def region_filter(model, *fields):
    """The FilterSet of `model`'s records by region and by the model fields named (none declared)."""
    return filterset_factory(model, filterset=RegionFilterSet, fields=["region", *fields])
