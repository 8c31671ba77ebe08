"""FilterSets shared by the household list page, its export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from fupin.core.filtering import FilterSet, NumberFilter, RegionFilter
from fupin.core.widgets import RegionPicker
from fupin.registry.choices import (
    HouseholdCategory,
    HousingGrade,
    MonitoringMark,
    PovertyCause,
    PovertyStatus,
)
from fupin.registry.models import Household, Member

FULL_ID = "registry.view_full_id"

# The order of lists, exports and the API when none is chosen: the order of the index
# household_region_number (region_code, number; the row id last), so a page of a wide scope is read from
# the index instead of sorting the whole scope. Explicit `ordering=` choices replace it.
DEFAULT_ORDER = ("region_id", "number", "pk")
# `?sort=` / `?ordering=` keys served by an index of their own (household_status_sort, _income_sort,
# _year_sort): a page of them is read by walking that index (ScopedQuerySet.visible_to, `sorted_by_index`).
INDEX_SORTS = frozenset({"status", "income", "year_identified"})
WATER_CHOICES = [("true", _("安全")), ("false", _("不安全"))]


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"), method="filter_search", help_text=_("姓名、身份证号（或其后四位、后六位）或户编号")
    )
    # The one region filter (a name, a code or a prefix, in the picker); strict: `?region=44x7` is a 400.
    region = RegionFilter(
        field_name="region__code", strict=True, widget=RegionPicker(permission="registry.view_household")
    )
    status = django_filters.ChoiceFilter(
        label=_("脱贫状态"), choices=PovertyStatus.choices, empty_label=_("全部")
    )
    category = django_filters.ChoiceFilter(
        label=_("贫困户属性"), choices=HouseholdCategory.choices, empty_label=_("全部")
    )
    monitoring_mark = django_filters.ChoiceFilter(
        label=_("监测对象标识"), choices=MonitoringMark.choices, empty_label=_("全部")
    )
    cause = django_filters.ChoiceFilter(
        label=_("致贫原因"), choices=PovertyCause.choices, method="filter_cause", empty_label=_("全部")
    )
    housing_grade = django_filters.ChoiceFilter(
        label=_("住房安全等级"), choices=HousingGrade.choices, empty_label=_("全部")
    )
    water_safe = django_filters.ChoiceFilter(
        label=_("饮水安全"), choices=WATER_CHOICES, empty_label=_("全部"), method="filter_water_safe"
    )
    ordering = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("number", "number"),
            ("region", "region"),
            ("status", "status"),
            ("income_per_capita", "income"),
            ("year_identified", "year_identified"),
        ),
        field_labels={
            "number": _("户编号"),
            "region": _("区域"),
            "status": _("脱贫状态"),
            "income_per_capita": _("年人均纯收入"),
            "year_identified": _("识别年度"),
        },
    )

    class Meta:
        model = Household
        fields = ["q", "region", "status", "category", "cause", "housing_grade", "water_safe"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_search(self, queryset, name, value):
        user = self.user or getattr(self.request, "user", None)
        return queryset.search(value, id_prefixes=user.prefixes_for(FULL_ID) if user else [])

    def filter_water_safe(self, queryset, name, value):
        return queryset.filter(water_safe=value == "true")

    def filter_cause(self, queryset, name, value):
        return queryset.filter(Q(main_cause=value) | Q(other_cause_1=value) | Q(other_cause_2=value))


class MemberFilter(FilterSet):
    household = NumberFilter(label=_("所属户"), field_name="household_id")
    id_number = django_filters.CharFilter(label=_("公民身份号码"), method="filter_id_number")

    class Meta:
        model = Member
        fields = ["household", "name", "id_number"]

    def filter_id_number(self, queryset, name, value):
        """Exact, through the blind index; only for those who may see full IDs (else 400): the filter
        would otherwise confirm a full ID that the caller may not read."""
        user = getattr(self.request, "user", None)
        prefixes = user.prefixes_for(FULL_ID) if user else []
        if not prefixes:
            raise ValidationError({"id_number": [_("您无权按完整身份证号查询。")]})
        return queryset.with_id_number(value).in_prefixes(prefixes)
