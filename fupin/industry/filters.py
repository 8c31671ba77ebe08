import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import YearFilter
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project
from fupin.regions.filters import RegionFilterSet
from fupin.registry.models import Household


class ProjectFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("项目名称"), lookup_expr="contains")

    class Meta:
        model = Project
        fields = ["region", "name", "kind", "business_model", "link_mode", "status"]


class HouseholdIndustryFilter(RegionFilterSet):
    year = YearFilter(label=_("年度"))

    class Meta:
        model = HouseholdIndustry
        fields = ["region", "kind", "year"]


class LeadingIndustryFilter(RegionFilterSet):
    class Meta:
        model = LeadingIndustry
        fields = ["region", "kind"]


class TodoFilter(RegionFilterSet):
    """The households with labour and no industry (a registry queryset: its region column is `region`)."""

    region_field = "region_id"

    class Meta:
        model = Household
        fields = ["region"]
