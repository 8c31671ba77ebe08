"""Industry poverty alleviation (R3.2–R3.3): households' industries, projects with the households they
lift and the money they draw from the funds, and each town's and village's leading industry."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, money_field, unique_rule, user_field
from fupin.core.models import TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.employment.choices import ResumptionStatus
from fupin.industry.choices import BenefitKind, BusinessModel, IndustryKind, LinkMode, ProjectStatus
from fupin.registry.fields import household_field

VIEW = "industry.view_project"
ZERO = Decimal("0.00")


class HouseholdIndustry(RegionScopedModel, TimeStampedModel, VersionedModel):
    """An industry a household works in, recorded by its village, with its scale and income of the year."""

    view_permission = VIEW

    household = household_field(on_delete=models.CASCADE)
    kind = models.CharField(_("产业类别"), max_length=12, choices=IndustryKind.choices)
    product = models.CharField(_("品种/项目"), max_length=64, blank=True)
    scale = models.CharField(_("规模"), max_length=64, blank=True)
    income = money_field(_("年收入(元)"), default=ZERO)
    year = models.PositiveSmallIntegerField(_("年度"), default=2020)
    recorded_on = models.DateField(_("登记日期"))

    class Meta:
        verbose_name = _("户产业")
        ordering = ["region_code", "household_id", "kind"]
        constraints = [
            unique_rule(
                ["household", "kind", "year"], "household_industry_once_a_year", _("该户本年度已登记此产业。")
            ),
            check_rule(Q(income__gte=0), "household_industry_income_not_negative", _("收入不能为负数。")),
        ]

    def __str__(self):
        return f"{self.household_id} · {self.get_kind_display()}"


class Project(RegionScopedModel, TimeStampedModel, VersionedModel):
    """An industry project (产业项目): its operator, business model, the households it lifts, its money."""

    view_permission = VIEW

    name = models.CharField(_("项目名称"), max_length=128)
    kind = models.CharField(_("产业类别"), max_length=12, choices=IndustryKind.choices)
    business_model = models.CharField(_("经营模式"), max_length=12, choices=BusinessModel.choices)
    link_mode = models.CharField(_("带贫模式"), max_length=12, choices=LinkMode.choices)
    operator = models.ForeignKey(
        "employment.Enterprise",
        verbose_name=_("经营主体"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget = money_field(_("项目预算(元)"))
    funded = money_field(_("已拨付(元)"), default=ZERO)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DECLARED
    )
    declared_on = models.DateField(_("申报日期"))
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    operating_on = models.DateField(_("运营日期"), null=True, blank=True)
    resumption = models.CharField(
        _("复工复产"), max_length=8, choices=ResumptionStatus.choices, default=ResumptionStatus.NOT_RESUMED
    )
    resumed_on = models.DateField(_("复工日期"), null=True, blank=True)
    description = models.TextField(_("项目内容"), blank=True)
    created_by = user_field()

    class Meta:
        verbose_name = _("产业项目")
        ordering = ["-declared_on", "-id"]
        indexes = [models.Index(fields=["region_code", "status"], name="project_region_status")]
        constraints = [
            check_rule(Q(budget__gt=0), "project_budget_positive", _("项目预算必须大于零。")),
            check_rule(
                Q(funded__gte=0) & Q(funded__lte=F("budget")),
                "project_funded_within_budget",
                _("拨付金额不能超过项目预算。"),
            ),
            check_rule(
                Q(resumption=ResumptionStatus.NOT_RESUMED) | Q(resumed_on__isnull=False),
                "project_resumed_has_date",
                _("已复工（含部分复工）的项目须填写复工日期。"),
            ),
        ]

    def __str__(self):
        return self.name


class ProjectHousehold(RegionScopedModel, TimeStampedModel):
    """A household a project lifts (带动), and what it gets from it a year."""

    view_permission = VIEW

    project = models.ForeignKey(
        Project, verbose_name=_("产业项目"), on_delete=models.CASCADE, related_name="households"
    )
    household = household_field()
    benefit = models.CharField(_("受益方式"), max_length=12, choices=BenefitKind.choices)
    amount = money_field(_("年受益金额(元)"), default=ZERO)

    class Meta:
        verbose_name = _("带动贫困户")
        ordering = ["project_id", "region_code", "id"]
        constraints = [
            unique_rule(["project", "household"], "project_household_once", _("该户已在本项目中。")),
            check_rule(Q(amount__gte=0), "project_household_amount_not_negative", _("受益金额不能为负数。")),
        ]

    def __str__(self):
        return f"{self.project_id} · {self.household_id}"


class ProjectFunding(RegionScopedModel, TimeStampedModel):
    """Money a project drew from a fund allocation: the funds' disbursement it was paid by."""

    view_permission = VIEW

    project = models.ForeignKey(
        Project, verbose_name=_("产业项目"), on_delete=models.PROTECT, related_name="fundings"
    )
    disbursement = models.OneToOneField(
        "funds.Disbursement", verbose_name=_("资金支出"), on_delete=models.PROTECT, related_name="+"
    )
    amount = money_field(_("拨付金额(元)"))

    class Meta:
        verbose_name = _("项目资金")
        ordering = ["project_id", "id"]

    def __str__(self):
        return f"{self.project_id} · {self.amount}"


class LeadingIndustry(RegionScopedModel, TimeStampedModel, VersionedModel):
    """The leading industry a town (一镇一业) or village (一村一品) names."""

    view_permission = VIEW

    kind = models.CharField(_("产业类别"), max_length=12, choices=IndustryKind.choices)
    product = models.CharField(_("主导产品"), max_length=64)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("主导产业")
        ordering = ["region_code"]
        constraints = [
            unique_rule(["region_code"], "leading_industry_one_per_region", _("该地区已登记主导产业。")),
        ]

    def __str__(self):
        return self.product
