"""FilterSets shared by the list pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.employment import models
from fupin.employment.choices import (
    ApplicationStatus,
    Industry,
    LaborerStatus,
    PostKind,
    ProposalStatus,
    RecruitmentMode,
    ReferralStage,
    ResumptionStatus,
    VacancyStatus,
    WorkArea,
)
from fupin.regions.filters import RegionFilterSet


class LaborerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="startswith")
    work_status = django_filters.ChoiceFilter(label=_("就业状态"), choices=LaborerStatus.choices)
    work_area = django_filters.ChoiceFilter(label=_("务工区域"), choices=WorkArea.choices)
    industry = django_filters.ChoiceFilter(
        label=_("意向行业"), choices=Industry.choices, field_name="desired_industries", lookup_expr="contains"
    )

    class Meta:
        model = models.Laborer
        fields = ["region", "name", "work_status", "work_area", "industry"]


class SurveyRoundFilter(RegionFilterSet):
    class Meta:
        model = models.SurveyRound
        fields = ["region"]


class EnterpriseFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("名称"), lookup_expr="contains")
    industry = django_filters.ChoiceFilter(label=_("行业"), choices=Industry.choices)
    resumption = django_filters.ChoiceFilter(label=_("复工复产"), choices=ResumptionStatus.choices)
    poverty_related = django_filters.BooleanFilter(label=_("涉扶贫企业"))
    is_workshop = django_filters.BooleanFilter(label=_("扶贫车间"))
    is_base = django_filters.BooleanFilter(label=_("就业安置基地"))

    class Meta:
        model = models.Enterprise
        fields = ["region", "name", "industry", "resumption", "poverty_related", "is_workshop", "is_base"]


class VacancyFilter(RegionFilterSet):
    post = django_filters.CharFilter(label=_("岗位"), lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=VacancyStatus.choices)
    industry = django_filters.ChoiceFilter(label=_("行业"), choices=Industry.choices)
    urgent = django_filters.BooleanFilter(label=_("24小时用工调度"))

    class Meta:
        model = models.Vacancy
        fields = ["region", "post", "status", "industry", "urgent", "enterprise"]


class LabourRequestFilter(RegionFilterSet):
    """24-hour labour requests: urgent vacancies, by whether they were referred and escalated."""

    post = django_filters.CharFilter(label=_("岗位"), lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=VacancyStatus.choices)
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
    mode = django_filters.ChoiceFilter(label=_("形式"), choices=RecruitmentMode.choices)
    held_from = django_filters.DateFilter(label=_("举办日期起"), field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label=_("举办日期止"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = models.RecruitmentEvent
        fields = ["region", "name", "mode", "held_from", "held_to"]


class EnterpriseOfficerFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("就业服务专员"), lookup_expr="contains")
    current = django_filters.BooleanFilter(label=_("在任"), field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = models.EnterpriseOfficer
        fields = ["region", "name", "current", "enterprise"]


class MatchBatchFilter(RegionFilterSet):
    class Meta:
        model = models.MatchBatch
        fields = ["region"]


class MatchProposalFilter(RegionFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProposalStatus.choices)
    cross_region = django_filters.BooleanFilter(label=_("省际劳务对接"))

    class Meta:
        model = models.MatchProposal
        fields = ["region", "batch", "status", "cross_region"]


class ReferralFilter(RegionFilterSet):
    stage = django_filters.ChoiceFilter(label=_("进度"), choices=ReferralStage.choices)
    cross_region = django_filters.BooleanFilter(label=_("省际劳务对接"))
    placed_from = django_filters.DateFilter(label=_("上岗日期起"), field_name="placed_on", lookup_expr="gte")

    class Meta:
        model = models.Referral
        fields = ["region", "stage", "cross_region", "placed_from"]


class PublicWelfarePostFilter(RegionFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=PostKind.choices)
    temporary = django_filters.BooleanFilter(label=_("临时性岗位"))

    class Meta:
        model = models.PublicWelfarePost
        fields = ["region", "kind", "temporary"]


class PostOccupancyFilter(RegionFilterSet):
    poor = django_filters.BooleanFilter(
        label=_("建档立卡贫困劳动力"), field_name="laborer", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = models.PostOccupancy
        fields = ["region", "post", "poor"]


class SubsidyApplicationFilter(RegionFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ApplicationStatus.choices)
    period = django_filters.CharFilter(label=_("补贴期间"))

    class Meta:
        model = models.SubsidyApplication
        fields = ["region", "kind", "status", "period"]
