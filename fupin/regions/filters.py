import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import code_range, significant_prefix, subtree_q
from fupin.regions.models import Region, RegionLevel


class RegionFilterSet(django_filters.FilterSet):
    """Base of the domain apps' FilterSets: `region` takes a prefix or a full code and keeps the rows in that
    subtree (of `region_field`)."""

    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    region_field = "region_code"

    def filter_region(self, queryset, name, value):
        value = (value or "").strip()
        if len(value) == 12 and value.isdigit():
            value = significant_prefix(value)
        if not value.isdigit():
            return queryset
        return queryset.filter(subtree_q([value], self.region_field))


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(label=_("上级区划代码"), field_name="parent_id")
    level = django_filters.ChoiceFilter(label=_("级别"), choices=RegionLevel.choices)
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
