"""Financial poverty alleviation (R3.4): 扶贫小额信贷 loans to households and 政银保 loans to enterprises and
cooperatives, their repayments, the quarterly interest subsidy and the households a 政银保 loan lifts."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel, user_field
from fupin.core.scoped_models import RegionScopedModel
from fupin.finance.choices import LoanKind, LoanStatus, LoanUse

VIEW = "finance.view_loan"
ZERO = Decimal("0.00")


def money(label, **kwargs):
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


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
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("贫困户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "employment.Enterprise",
        verbose_name=_("借款主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bank = models.CharField(_("贷款银行"), max_length=64)
    contract_number = models.CharField(_("合同编号"), max_length=64, unique=True)
    amount = money(_("贷款金额(元)"))
    balance = money(_("贷款余额(元)"))
    rate = models.DecimalField(_("年利率(%)"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限(月)"))
    disbursed_on = models.DateField(_("放款日期"))
    due_on = models.DateField(_("到期日期"))
    deferred_until = models.DateField(_("延期至"), null=True, blank=True)
    deferral_reason = models.CharField(_("延期原因"), max_length=255, blank=True)
    repay_by = models.DateField(_("应还日期"), db_index=True, help_text=_("到期日期，延期的为延期至日期"))
    use = models.CharField(_("贷款用途"), max_length=20, choices=LoanUse.choices, default=LoanUse.OTHER)
    household_industry = models.ForeignKey(
        "industry.HouseholdIndustry",
        verbose_name=_("户产业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "industry.Project",
        verbose_name=_("产业项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renewal_of = models.ForeignKey(
        "self", verbose_name=_("续贷自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    insurer = models.CharField(_("保险机构"), max_length=64, blank=True)
    premium = money(_("保费(元)"), default=ZERO)
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
        verbose_name_plural = _("贷款")
        ordering = ["-disbursed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "kind"], name="loan_region_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(balance__gte=0) & Q(balance__lte=F("amount")),
                name="loan_balance_within_amount",
                violation_error_message=_("贷款余额应在零和贷款金额之间。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind=LoanKind.MICROCREDIT)
                | (Q(household__isnull=False) & Q(amount__lte=50000) & Q(term_months__lte=36)),
                name="loan_microcredit_limits",
                violation_error_message=_("扶贫小额信贷须贷给贫困户，金额不超过5万元，期限不超过3年。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind=LoanKind.ZHENGYINBAO) | (Q(enterprise__isnull=False) & Q(rate__lte=6)),
                name="loan_zhengyinbao_limits",
                violation_error_message=_("政银保贷款须有借款主体，年利率不超过6%。"),
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
    principal = money(_("归还本金(元)"))
    interest = money(_("支付利息(元)"), default=ZERO)

    class Meta:
        verbose_name = _("还款")
        verbose_name_plural = _("还款")
        ordering = ["loan_id", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0),
                name="repayment_principal_positive",
                violation_error_message=_("归还本金必须大于零。"),
            ),
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
    amount = money(_("贴息金额(元)"))
    disbursement = models.ForeignKey(
        "funds.Disbursement", verbose_name=_("资金支出"), on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("支付日期"))

    class Meta:
        verbose_name = _("贷款贴息")
        verbose_name_plural = _("贷款贴息")
        ordering = ["-quarter", "loan_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "quarter"],
                name="interest_subsidy_once_per_quarter",
                violation_error_message=_("该贷款本季度已贴息。"),
            ),
        ]

    def __str__(self):
        return f"{self.loan_id} · {self.quarter}"


class LoanHousehold(RegionScopedModel, TimeStampedModel):
    """A household a 政银保 loan lifts (带动)."""

    view_permission = VIEW

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="households"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("带动贫困户")
        verbose_name_plural = _("带动贫困户")
        ordering = ["loan_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "household"],
                name="loan_household_once",
                violation_error_message=_("该户已在本笔贷款的带动名单中。"),
            ),
        ]

    def __str__(self):
        return f"{self.loan_id} · {self.household_id}"
