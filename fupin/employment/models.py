"""Employment support (R2): laborers, surveys, enterprises, vacancies, matching, referrals,
public-welfare posts and subsidies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.crypto import EncryptedCharField
from fupin.core.fields import check_rule, money_field, optional_link, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.employment.choices import (
    AmountBasis,
    ApplicationStatus,
    Beneficiary,
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

VIEW = "employment.view_laborer"


def split_codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace("，", ",").split(",") if c.strip()]


class LaborerQuerySet(ScopedQuerySet):
    def seeking(self):
        from fupin.employment.choices import SEEKING

        return self.filter(work_status__in=SEEKING)


class Laborer(RegionScopedModel, TimeStampedModel, VersionedModel):
    """The employment profile of a registered poor member with labor ability (劳动力)."""

    view_permission = VIEW

    member = models.OneToOneField(
        "registry.Member", verbose_name=_("家庭成员"), on_delete=models.CASCADE, related_name="laborer"
    )
    name = models.CharField(_("姓名"), max_length=64)
    work_status = models.CharField(
        _("就业状态"),
        max_length=12,
        choices=LaborerStatus.choices,
        default=LaborerStatus.WAITING,
        db_index=True,
    )
    work_area = models.CharField(_("务工区域"), max_length=1, choices=WorkArea.choices, blank=True)
    employer = models.CharField(_("务工单位"), max_length=128, blank=True)
    max_area = models.CharField(
        _("可接受最远区域"), max_length=1, choices=WorkArea.choices, default=WorkArea.PROVINCE
    )
    preferred_region_code = models.CharField(_("意向务工地区划"), max_length=12, blank=True)
    desired_industries = models.CharField(
        _("意向行业"), max_length=64, blank=True, help_text=_("行业门类代码，逗号分隔，如 C,H")
    )
    desired_post = models.CharField(_("意向岗位"), max_length=64, blank=True)
    expected_wage = models.PositiveIntegerField(_("期望月薪(元)"), default=0)
    skills = models.CharField(_("技能"), max_length=255, blank=True, help_text=_("逗号分隔"))
    certificates = models.CharField(_("证书"), max_length=255, blank=True)
    available_from = models.DateField(_("可上岗日期"), null=True, blank=True)
    phone = EncryptedCharField(_("联系电话"), max_length=32, blank=True)  # sealed (fupin.core.crypto)

    objects = LaborerQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳动力")
        ordering = ["region_code", "name"]
        indexes = [models.Index(fields=["region_code", "work_status"], name="laborer_region_status")]

    def __str__(self):
        return self.name

    @property
    def industry_list(self):
        return split_codes(self.desired_industries)

    @property
    def skill_list(self):
        return split_codes(self.skills)


class SurveyRound(TimeStampedModel):
    """A survey round (摸查) of the laborers' work status at a date."""

    view_permission = VIEW

    name = models.CharField(_("名称"), max_length=128)
    surveyed_on = models.DateField(_("摸查日期"))
    region_code = models.CharField(_("摸查范围"), max_length=12, db_index=True)
    created_by = user_field(blank=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("摸查轮次")
        ordering = ["-surveyed_on", "-id"]

    def __str__(self):
        return f"{self.name} ({self.surveyed_on})"


class SurveyRecord(RegionScopedModel):
    """A laborer's status as found by one survey round."""

    view_permission = VIEW

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="records")
    laborer = models.ForeignKey(Laborer, on_delete=models.CASCADE, related_name="survey_records")
    work_status = models.CharField(_("就业状态"), max_length=12, choices=LaborerStatus.choices)
    work_area = models.CharField(_("务工区域"), max_length=1, choices=WorkArea.choices, blank=True)
    employer = models.CharField(_("务工单位"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("摸查记录")
        constraints = [
            unique_rule(
                ["round", "laborer"],
                "survey_record_once_per_round",
                _("同一轮摸查中每名劳动力只能有一条记录。"),
            ),
        ]

    def __str__(self):
        return f"{self.round_id}:{self.laborer_id}"


class Enterprise(TimeStampedModel, VersionedModel):
    """An employer: enterprise, cooperative or village collective (统一社会信用代码)."""

    view_permission = VIEW

    name = models.CharField(_("名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region_code = models.CharField(_("所在区划"), max_length=12, db_index=True)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    poverty_related = models.BooleanField(_("涉扶贫企业"), default=False)
    is_workshop = models.BooleanField(_("扶贫车间"), default=False)
    is_studio = models.BooleanField(_("扶贫工作坊"), default=False)
    is_base = models.BooleanField(_("就业安置基地"), default=False)
    is_leading = models.BooleanField(_("龙头企业"), default=False)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    resumption = models.CharField(
        _("复工复产"), max_length=8, choices=ResumptionStatus.choices, default=ResumptionStatus.NOT_RESUMED
    )
    resumed_on = models.DateField(_("复工日期"), null=True, blank=True)
    poor_employed = models.PositiveIntegerField(
        _("吸纳贫困人口就业(人)"), default=0, help_text=_("企业报告的人数；系统另计经推荐上岗的人数")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        ordering = ["region_code", "name"]
        constraints = [
            check_rule(
                models.Q(resumption="no") | models.Q(resumed_on__isnull=False),
                "enterprise_resumed_has_date",
                _("已复工（含部分复工）的企业须填写复工日期。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_poverty_point(self):
        return self.is_workshop or self.is_studio or self.is_base


class Vacancy(TimeStampedModel, VersionedModel):
    """Posts an enterprise needs filled (缺工岗位); urgent ones are 24-hour dispatch requests."""

    view_permission = VIEW

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="vacancies"
    )
    region_code = models.CharField(_("工作地区划"), max_length=12, db_index=True)
    post = models.CharField(_("岗位"), max_length=64)
    seats = models.PositiveIntegerField(_("人数"), default=1)
    wage_min = models.PositiveIntegerField(_("月薪下限(元)"), default=0)
    wage_max = models.PositiveIntegerField(_("月薪上限(元)"), default=0)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    skills = models.CharField(_("技能要求"), max_length=255, blank=True, help_text=_("逗号分隔"))
    start_date = models.DateField(_("到岗日期"), null=True, blank=True)
    housing = models.BooleanField(_("提供住宿"), default=False)
    transport = models.BooleanField(_("提供交通"), default=False)
    urgent = models.BooleanField(_("24小时用工调度"), default=False)
    deadline_hours = models.PositiveSmallIntegerField(_("调度时限(小时)"), null=True, blank=True)
    # A 24-hour request is timed from the request to the first referral; late ones escalate (R2.9).
    requested_at = models.DateTimeField(_("用工请求时间"), null=True, blank=True)
    first_referral_at = models.DateTimeField(_("首次推荐时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超时上报时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=VacancyStatus.choices, default=VacancyStatus.OPEN, db_index=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("岗位需求")
        ordering = ["-urgent", "region_code", "id"]
        constraints = [
            check_rule(models.Q(seats__gte=1), "vacancy_at_least_one_seat", _("岗位人数至少为1。")),
            check_rule(
                models.Q(wage_max=0) | models.Q(wage_max__gte=models.F("wage_min")),
                "vacancy_wage_range_ordered",
                _("月薪上限不能低于下限。"),
            ),
            check_rule(
                models.Q(urgent=False) | models.Q(deadline_hours__gte=1),
                "vacancy_urgent_has_deadline",
                _("24小时用工调度须填写时限（小时）。"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.post}"

    @property
    def skill_list(self):
        return split_codes(self.skills)


class MatchBatch(models.Model):
    """One run of the matching over a region scope, with its figures."""

    view_permission = VIEW

    region_code = models.CharField(_("匹配范围"), max_length=12, db_index=True)
    run_by = user_field(blank=False)
    run_at = models.DateTimeField(_("运行时间"), auto_now_add=True)
    laborers = models.PositiveIntegerField(_("求职劳动力"), default=0)
    vacancies = models.PositiveIntegerField(_("岗位"), default=0)
    seats = models.PositiveIntegerField(_("岗位人数"), default=0)
    edges = models.PositiveIntegerField(_("可匹配组合"), default=0)
    objective = models.BigIntegerField(_("总得分"), default=0)
    proposals = models.PositiveIntegerField(_("推荐对数"), default=0)
    seconds = models.FloatField(_("用时(秒)"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("匹配批次")
        ordering = ["-run_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.region_code}"


class MatchProposal(RegionScopedModel):
    """A laborer–vacancy pair proposed by the matching, with its score and reasons."""

    view_permission = VIEW

    batch = models.ForeignKey(MatchBatch, on_delete=models.CASCADE, related_name="items")
    laborer = models.ForeignKey(Laborer, verbose_name=_("劳动力"), on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("得分"))
    reasons = models.TextField(_("推荐理由"))
    cross_region = models.BooleanField(_("省际劳务对接"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )

    class Meta:
        verbose_name = _("匹配推荐")
        ordering = ["-score", "id"]

    def __str__(self):
        return f"{self.laborer_id} → {self.vacancy_id}"

    @property
    def reason_list(self):
        return [r for r in self.reasons.split("；") if r]


class Referral(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A confirmed pair followed through referral → interview → placement → months on post."""

    view_permission = VIEW

    proposal = models.OneToOneField(
        MatchProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral"
    )
    laborer = models.ForeignKey(
        Laborer, verbose_name=_("劳动力"), on_delete=models.CASCADE, related_name="referrals"
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="referrals"
    )
    stage = models.CharField(
        _("进度"), max_length=12, choices=ReferralStage.choices, default=ReferralStage.REFERRED, db_index=True
    )
    cross_region = models.BooleanField(_("省际劳务对接"), default=False)
    referred_on = models.DateField(_("推荐日期"))
    interviewed_on = models.DateField(_("面试日期"), null=True, blank=True)
    placed_on = models.DateField(_("上岗日期"), null=True, blank=True, db_index=True)
    month1_on = models.DateField(_("满1个月确认日期"), null=True, blank=True)
    month3_on = models.DateField(_("满3个月确认日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("推荐就业")
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"{self.laborer} → {self.vacancy}"


class PublicWelfarePost(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A public-welfare post (公益性岗位) in a village or town."""

    view_permission = VIEW

    kind = models.CharField(_("类别"), max_length=16, choices=PostKind.choices)
    name = models.CharField(_("岗位名称"), max_length=64)
    temporary = models.BooleanField(_("临时性岗位"), default=False)
    seats = models.PositiveIntegerField(_("岗位数"), default=1)
    monthly_pay = models.PositiveIntegerField(_("月报酬(元)"), default=0)
    opened_on = models.DateField(_("设岗日期"))
    closed_on = models.DateField(_("撤岗日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("公益性岗位")
        ordering = ["region_code", "kind", "id"]

    def __str__(self):
        return self.name


class PostOccupancy(RegionScopedModel):
    """Who holds a public-welfare post, from when to when; registered poor laborers are linked."""

    view_permission = VIEW

    post = models.ForeignKey(PublicWelfarePost, on_delete=models.CASCADE, related_name="occupancies")
    laborer = optional_link(Laborer, on_delete=models.SET_NULL, related_name="posts")
    name = models.CharField(_("在岗人员"), max_length=64)
    started_on = models.DateField(_("上岗日期"))
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)
    reason = models.CharField(
        _("未安排贫困劳动力的理由"),
        max_length=255,
        blank=True,
        help_text=_("本镇仍有待岗的建档立卡贫困劳动力时安排其他人员，须说明理由"),
    )
    end_note = models.CharField(_("离岗原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("公益性岗位在岗人员")
        ordering = ["-started_on"]

    def __str__(self):
        return self.name

    @property
    def is_poor(self):
        return self.laborer_id is not None


class SubsidyKind(models.Model):
    """A subsidy and its rules as data (amount, who is eligible, how long, what proof)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    beneficiary = models.CharField(_("发放对象"), max_length=12, choices=Beneficiary.choices)
    amount = models.DecimalField(_("标准(元)"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("计发方式"), max_length=12, choices=AmountBasis.choices)
    max_months = models.PositiveSmallIntegerField(_("最长期限(月)"), null=True, blank=True)
    rule = models.JSONField(_("资格条件参数"), default=dict, blank=True)
    proof_required = models.CharField(_("所需材料"), max_length=255, blank=True)
    legal_basis = models.CharField(_("政策依据"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("补贴类别")
        ordering = ["id"]

    def __str__(self):
        return self.name


class SubsidyApplication(RegionScopedModel, TimeStampedModel, VersionedModel):
    """An application for one subsidy kind, for one person or enterprise, for one period."""

    view_permission = VIEW

    kind = models.ForeignKey(
        SubsidyKind, verbose_name=_("补贴类别"), on_delete=models.PROTECT, related_name="applications"
    )
    laborer = optional_link(Laborer, _("劳动力"), related_name="subsidies")
    enterprise = optional_link(Enterprise, _("企业"), related_name="subsidies")
    # "L<id>" or "E<id>": one column so one constraint forbids paying anybody twice.
    beneficiary_key = models.CharField(max_length=24, editable=False)
    period = models.CharField(_("补贴期间"), max_length=7, help_text=_("如 2020 或 2020-03"))
    months = models.PositiveSmallIntegerField(_("月数"), default=1)
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        db_index=True,
    )
    eligibility = models.TextField(_("资格说明"), blank=True)
    proof = models.CharField(_("材料"), max_length=255, blank=True)
    applied_on = models.DateField(_("申请日期"))
    reviewed_by = user_field()
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_ref = models.CharField(_("发放凭证号"), max_length=64, blank=True)
    # The funds' payment (资金支出) it was paid by: one per application, so nothing is paid twice.
    disbursement = models.OneToOneField(
        "funds.Disbursement",
        verbose_name=_("资金支出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("补贴申请")
        ordering = ["-applied_on", "-id"]
        constraints = [
            unique_rule(
                ["kind", "beneficiary_key", "period"],
                "subsidy_once_per_kind_and_period",
                _("同一对象同一期间已申请或领取过该项补贴。"),
                condition=~models.Q(status="rejected"),
            ),
            check_rule(
                models.Q(laborer__isnull=False) | models.Q(enterprise__isnull=False),
                "subsidy_has_beneficiary",
                _("补贴须有发放对象。"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.period}"


class FallbackTarget(models.Model):
    """A plan target this app needs until the plan app provides it (fupin.plan.queries.target)."""

    code = models.CharField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    value = money_field(_("目标值"))
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    deadline = models.DateField(_("期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("目标(备用)")

    def __str__(self):
        return self.name


class RecruitmentEvent(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A recruitment event (招聘会), online or on site, with the vacancies offered and the people placed."""

    view_permission = VIEW

    name = models.CharField(_("名称"), max_length=128)
    mode = models.CharField(_("形式"), max_length=8, choices=RecruitmentMode.choices)
    held_on = models.DateField(_("举办日期"))
    place = models.CharField(_("地点或平台"), max_length=128, blank=True)
    vacancies = models.ManyToManyField(
        Vacancy, verbose_name=_("提供岗位"), blank=True, related_name="recruitment_events"
    )
    attendees = models.PositiveIntegerField(_("参会(求职)人数"), default=0)
    poor_attendees = models.PositiveIntegerField(_("其中建档立卡贫困劳动力"), default=0)
    placed = models.PositiveIntegerField(_("达成就业人数"), default=0)
    poor_placed = models.PositiveIntegerField(_("其中建档立卡贫困劳动力就业"), default=0)

    class Meta:
        verbose_name = _("招聘活动")
        ordering = ["-held_on", "-id"]
        constraints = [
            check_rule(
                models.Q(poor_placed__lte=models.F("placed")),
                "recruitment_poor_placed_within_placed",
                _("贫困劳动力就业人数不能超过达成就业人数。"),
            ),
        ]

    def __str__(self):
        return self.name


class EnterpriseOfficer(RegionScopedModel, TimeStampedModel):
    """An employment service officer (就业服务专员) assigned to an enterprise, from a date to a date."""

    view_permission = VIEW

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="officers"
    )
    officer = user_field(_("系统账号"))
    name = models.CharField(_("就业服务专员"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    assigned_on = models.DateField(_("派驻日期"))
    ended_on = models.DateField(_("撤回日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("就业服务专员")
        ordering = ["enterprise_id", "-assigned_on"]
        constraints = [
            unique_rule(
                ["enterprise"],
                "enterprise_one_current_officer",
                _("该企业已有在任的就业服务专员。"),
                condition=models.Q(ended_on__isnull=True),
            ),
        ]

    def __str__(self):
        return self.name


class ResumptionDay(models.Model):
    """The daily resumption curve: poverty-related enterprises and those resumed, per region code and day,
    maintained by the enterprise services (a row is the state at the end of that day)."""

    view_permission = VIEW

    on = models.DateField(_("日期"))
    region_code = models.CharField(_("区划代码"), max_length=12)
    total = models.PositiveIntegerField(_("涉扶贫企业"), default=0)
    resumed = models.PositiveIntegerField(_("已复工"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("复工复产日数据")
        ordering = ["on", "region_code"]
        constraints = [
            unique_rule(
                ["region_code", "on"],
                "resumption_day_once_per_region",
                _("每个地区每天只有一条复工复产数据。"),
            ),
        ]

    def __str__(self):
        return f"{self.on} {self.region_code}"
