import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import YearFilter
from fupin.industry.choices import BusinessModel, IndustryKind, LinkMode, ProjectStatus
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project
from fupin.regions.filters import RegionFilterSet
from fupin.registry.models import Household


class ProjectFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("项目名称"), lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("产业类别"), choices=IndustryKind.choices)
    business_model = django_filters.ChoiceFilter(label=_("经营模式"), choices=BusinessModel.choices)
    link_mode = django_filters.ChoiceFilter(label=_("带贫模式"), choices=LinkMode.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectStatus.choices)

    class Meta:
        model = Project
        fields = ["region", "name", "kind", "business_model", "link_mode", "status"]


class HouseholdIndustryFilter(RegionFilterSet):
    kind = django_filters.ChoiceFilter(label=_("产业类别"), choices=IndustryKind.choices)
    year = YearFilter(label=_("年度"))

    class Meta:
        model = HouseholdIndustry
        fields = ["region", "kind", "year"]


class LeadingIndustryFilter(RegionFilterSet):
    kind = django_filters.ChoiceFilter(label=_("产业类别"), choices=IndustryKind.choices)

    class Meta:
        model = LeadingIndustry
        fields = ["region", "kind"]


class TodoFilter(RegionFilterSet):
    """The households with labour and no industry (a registry queryset: its region column is `region`)."""

    region_field = "region_id"

    class Meta:
        model = Household
        fields = ["region"]
