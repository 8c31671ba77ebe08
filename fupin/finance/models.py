"""Financial poverty alleviation (R3.4): 扶贫小额信贷 loans to households and 政银保 loans to enterprises and
cooperatives, their repayments, the quarterly interest subsidy and the households a 政银保 loan lifts."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, money_field, optional_link, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.finance.choices import LoanKind, LoanStatus, LoanUse
from fupin.registry.fields import household_field

VIEW = "finance.view_loan"
ZERO = Decimal("0.00")


class LoanQuerySet(ScopedQuerySet):
    def outstanding(self):
        return self.filter(balance__gt=0)

    def overdue(self, on):
        """Loans with a balance past their repayment date (a deferral moves that date; docs/industry.md)."""
        return self.filter(balance__gt=0, repay_by__lt=on)

    def deferred(self, on):
        return self.filter(balance__gt=0, deferred_until__gte=on)


class Loan(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A loan: 扶贫小额信贷 to a registered household, or 政银保 to an enterprise or cooperative."""

    view_permission = VIEW

    kind = models.CharField(_("贷款类型"), max_length=12, choices=LoanKind.choices)
    household = household_field(optional=True)
    enterprise = optional_link("employment.Enterprise", _("借款主体"))
    bank = models.CharField(_("贷款银行"), max_length=64)
    contract_number = models.CharField(_("合同编号"), max_length=64, unique=True)
    amount = money_field(_("贷款金额(元)"))
    balance = money_field(_("贷款余额(元)"))
    rate = models.DecimalField(_("年利率(%)"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限(月)"))
    disbursed_on = models.DateField(_("放款日期"))
    due_on = models.DateField(_("到期日期"))
    deferred_until = models.DateField(_("延期至"), null=True, blank=True)
    deferral_reason = models.CharField(_("延期原因"), max_length=255, blank=True)
    repay_by = models.DateField(_("应还日期"), db_index=True, help_text=_("到期日期，延期的为延期至日期"))
    use = models.CharField(_("贷款用途"), max_length=20, choices=LoanUse.choices, default=LoanUse.OTHER)
    household_industry = optional_link("industry.HouseholdIndustry", _("户产业"), on_delete=models.SET_NULL)
    project = optional_link("industry.Project", _("产业项目"), on_delete=models.SET_NULL)
    renewal_of = optional_link("self", _("续贷自"), on_delete=models.SET_NULL)
    insurer = models.CharField(_("保险机构"), max_length=64, blank=True)
    premium = money_field(_("保费(元)"), default=ZERO)
    premium_paid = models.BooleanField(_("保费已由财政支付"), default=False)
    status = models.CharField(_("状态"), max_length=8, choices=LoanStatus.choices, default=LoanStatus.ACTIVE)
    escalated_item_id = models.BigIntegerField(_("逾期台账事项"), null=True, blank=True, editable=False)
    warnings = models.JSONField(
        _("核实提示"),
        default=list,
        blank=True,
        help_text=_("登记时确认过的合理性提示（finance.plausibility）"),
    )
    created_by = user_field()

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("贷款")
        ordering = ["-disbursed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "kind"], name="loan_region_kind")]
        constraints = [
            check_rule(
                Q(amount__gt=0) & Q(balance__gte=0) & Q(balance__lte=F("amount")),
                "loan_balance_within_amount",
                _("贷款余额应在零和贷款金额之间。"),
            ),
            check_rule(
                ~Q(kind=LoanKind.MICROCREDIT)
                | (Q(household__isnull=False) & Q(amount__lte=50000) & Q(term_months__lte=36)),
                "loan_microcredit_limits",
                _("扶贫小额信贷须贷给贫困户，金额不超过5万元，期限不超过3年。"),
            ),
            check_rule(
                ~Q(kind=LoanKind.ZHENGYINBAO) | (Q(enterprise__isnull=False) & Q(rate__lte=6)),
                "loan_zhengyinbao_limits",
                _("政银保贷款须有借款主体，年利率不超过6%。"),
            ),
        ]

    def __str__(self):
        return self.contract_number


class Repayment(RegionScopedModel, TimeStampedModel):
    """Principal (and interest) a borrower repaid on a day."""

    view_permission = VIEW

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="repayments"
    )
    paid_on = models.DateField(_("还款日期"))
    principal = money_field(_("归还本金(元)"))
    interest = money_field(_("支付利息(元)"), default=ZERO)

    class Meta:
        verbose_name = _("还款")
        ordering = ["loan_id", "paid_on", "id"]
        constraints = [
            check_rule(Q(principal__gt=0), "repayment_principal_positive", _("归还本金必须大于零。")),
        ]

    def __str__(self):
        return f"{self.loan_id} · {self.paid_on}"


class InterestSubsidy(RegionScopedModel):
    """The interest of one loan in one quarter, paid (贴息) from the loan-subsidy line; once per quarter."""

    view_permission = VIEW

    loan = models.ForeignKey(Loan, verbose_name=_("贷款"), on_delete=models.PROTECT, related_name="subsidies")
    quarter = models.CharField(_("季度"), max_length=6)
    days = models.PositiveSmallIntegerField(_("计息天数"))
    rate = models.DecimalField(_("年利率(%)"), max_digits=5, decimal_places=2)
    amount = money_field(_("贴息金额(元)"))
    disbursement = models.ForeignKey(
        "funds.Disbursement", verbose_name=_("资金支出"), on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("支付日期"))

    class Meta:
        verbose_name = _("贷款贴息")
        ordering = ["-quarter", "loan_id"]
        constraints = [
            unique_rule(["loan", "quarter"], "interest_subsidy_once_per_quarter", _("该贷款本季度已贴息。")),
        ]

    def __str__(self):
        return f"{self.loan_id} · {self.quarter}"


class LoanHousehold(RegionScopedModel, TimeStampedModel):
    """A household a 政银保 loan lifts (带动)."""

    view_permission = VIEW

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="households"
    )
    household = household_field()

    class Meta:
        verbose_name = _("带动贫困户")
        ordering = ["loan_id", "id"]
        constraints = [
            unique_rule(["loan", "household"], "loan_household_once", _("该户已在本笔贷款的带动名单中。")),
        ]

    def __str__(self):
        return f"{self.loan_id} · {self.household_id}"
