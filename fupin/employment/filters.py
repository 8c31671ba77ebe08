"""FilterSets shared by the list pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import date_range
from fupin.employment import models
from fupin.employment.choices import Industry
from fupin.regions.filters import RegionFilterSet, region_filter


class LaborerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="startswith")
    industry = django_filters.ChoiceFilter(
        label=_("意向行业"), choices=Industry.choices, field_name="desired_industries", lookup_expr="contains"
    )

    class Meta:
        model = models.Laborer
        fields = ["region", "name", "work_status", "work_area", "industry"]


SurveyRoundFilter = region_filter(models.SurveyRound)


class EnterpriseFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")

    class Meta:
        model = models.Enterprise
        fields = ["region", "name", "industry", "resumption", "poverty_related", "is_workshop", "is_base"]


class VacancyFilter(RegionFilterSet):
    post = django_filters.CharFilter(label=_("岗位"), lookup_expr="contains")

    class Meta:
        model = models.Vacancy
        fields = ["region", "post", "status", "industry", "urgent", "enterprise"]


class LabourRequestFilter(RegionFilterSet):
    """24-hour labour requests: urgent vacancies, by whether they were referred and escalated."""

    post = django_filters.CharFilter(label=_("岗位"), lookup_expr="contains")
    referred = django_filters.BooleanFilter(
        label=_("已推荐人员"), field_name="first_referral_at", lookup_expr="isnull", exclude=True
    )
    escalated = django_filters.BooleanFilter(
        label=_("已超时上报"), field_name="escalated_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = models.Vacancy
        fields = ["region", "post", "status", "referred", "escalated"]


class RecruitmentEventFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")
    held_from, held_to = date_range("held_on", _("举办日期起"), _("举办日期止"))

    class Meta:
        model = models.RecruitmentEvent
        fields = ["region", "name", "mode", "held_from", "held_to"]


class EnterpriseOfficerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("就业服务专员"), lookup_expr="contains")
    current = django_filters.BooleanFilter(label=_("在任"), field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = models.EnterpriseOfficer
        fields = ["region", "name", "current", "enterprise"]


MatchBatchFilter = region_filter(models.MatchBatch)


MatchProposalFilter = region_filter(models.MatchProposal, "batch", "status", "cross_region")


class ReferralFilter(RegionFilterSet):
    placed_from = django_filters.DateFilter(label=_("上岗日期起"), field_name="placed_on", lookup_expr="gte")

    class Meta:
        model = models.Referral
        fields = ["region", "stage", "cross_region", "placed_from"]


PublicWelfarePostFilter = region_filter(models.PublicWelfarePost, "kind", "temporary")


class PostOccupancyFilter(RegionFilterSet):
    poor = django_filters.BooleanFilter(
        label=_("建档立卡贫困劳动力"), field_name="laborer", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = models.PostOccupancy
        fields = ["region", "post", "poor"]


SubsidyApplicationFilter = region_filter(models.SubsidyApplication, "kind", "status", "period")
