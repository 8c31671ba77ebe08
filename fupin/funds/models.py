"""Earmarked funds (R3.1): a fund per budget line of the plan, its allocations (资金下达) to regions and the
disbursements (资金支出) paid from them. Nothing is ever spent beyond its line: see docs/funds.md."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, money_field, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.funds.choices import AllocationStatus, DisbursementStatus, PayeeKind
from fupin.registry.fields import household_field

VIEW = "funds.view_fund"
ZERO = Decimal("0.00")


class FundQuerySet(ScopedQuerySet):
    # Funds of a region that covers the user's scope (the city's funds) or lies inside it.
    covering = True


class Fund(TimeStampedModel, VersionedModel):
    """The money of one budget line of the plan: its ceiling and how much of it has been allocated."""

    view_permission = VIEW

    budget_line = models.OneToOneField(
        "plan.BudgetLine", verbose_name=_("预算"), on_delete=models.PROTECT, related_name="fund"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    amount = money_field(_("资金额度(元)"))
    allocated = money_field(_("已下达(元)"), default=ZERO)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项资金")
        ordering = ["id"]
        constraints = [
            check_rule(Q(allocated__gte=0), "fund_allocated_not_negative", _("已下达金额不能为负数。")),
            check_rule(
                Q(allocated__lte=F("amount")),
                "fund_allocated_within_amount",
                _("已下达金额不能超过资金额度。"),
            ),
        ]

    def __str__(self):
        return self.budget_line.label

    @property
    def unallocated(self):
        return self.amount - self.allocated


class AllocationQuerySet(ScopedQuerySet):
    region_field = "region__code"  # the column is region_code; no join needed

    def active(self):
        return self.filter(status=AllocationStatus.ACTIVE)


class Allocation(TimeStampedModel, VersionedModel):
    """Money of a fund allocated (下达) to a district, town or village by a document (文号)."""

    view_permission = VIEW

    fund = models.ForeignKey(
        Fund, verbose_name=_("专项资金"), on_delete=models.PROTECT, related_name="allocations"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("下达地区"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    amount = money_field(_("下达金额(元)"))
    spent = money_field(_("已支出(元)"), default=ZERO)
    document_number = models.CharField(_("文号"), max_length=64)
    allocated_on = models.DateField(_("下达日期"))
    note = models.CharField(_("用途"), max_length=255, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.ACTIVE
    )
    created_by = user_field()

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金下达")
        ordering = ["-allocated_on", "-id"]
        indexes = [models.Index(fields=["fund", "region"], name="allocation_fund_region")]
        constraints = [
            check_rule(Q(amount__gt=0), "allocation_amount_positive", _("下达金额必须大于零。")),
            check_rule(Q(spent__gte=0), "allocation_spent_not_negative", _("已支出金额不能为负数。")),
            check_rule(
                Q(spent__lte=F("amount")), "allocation_spent_within_amount", _("已支出金额不能超过下达金额。")
            ),
            check_rule(
                Q(status=AllocationStatus.ACTIVE) | Q(spent=0),
                "allocation_cancelled_has_no_spending",
                _("已有支出的下达不能撤销。"),
            ),
        ]

    def __str__(self):
        return f"{self.document_number} · {self.region_id}"

    @property
    def region_code(self):
        return self.region_id

    @property
    def remaining(self):
        return self.amount - self.spent


class Disbursement(TimeStampedModel, VersionedModel):
    """A payment from an allocation to a household, a project or enterprise, or another payee."""

    view_permission = VIEW

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("资金下达"), on_delete=models.PROTECT, related_name="disbursements"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    amount = money_field(_("支出金额(元)"))
    paid_on = models.DateField(_("支出日期"))
    payee_kind = models.CharField(_("收款类型"), max_length=10, choices=PayeeKind.choices)
    household = household_field(optional=True)
    payee_name = models.CharField(_("收款对象"), max_length=128)
    voucher_number = models.CharField(_("凭证号"), max_length=64)
    purpose = models.CharField(_("用途"), max_length=255, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DisbursementStatus.choices, default=DisbursementStatus.PAID
    )
    reversed_reason = models.CharField(_("冲销原因"), max_length=255, blank=True)
    warnings = models.JSONField(
        _("核实提示"), default=list, blank=True, help_text=_("登记时确认过的合理性提示（funds.plausibility）")
    )
    created_by = user_field()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金支出")
        ordering = ["-paid_on", "-id"]
        constraints = [
            check_rule(Q(amount__gt=0), "disbursement_amount_positive", _("支出金额必须大于零。")),
            check_rule(
                ~Q(payee_kind=PayeeKind.HOUSEHOLD) | Q(household__isnull=False),
                "disbursement_household_payee_named",
                _("支付到户时必须指明贫困户。"),
            ),
            check_rule(
                Q(status=DisbursementStatus.PAID) | ~Q(reversed_reason=""),
                "disbursement_reversal_has_reason",
                _("冲销时必须填写原因。"),
            ),
            unique_rule(
                ["allocation", "voucher_number", "payee_name", "amount"],
                "disbursement_voucher_entered_once",
                _("该凭证号下已登记过同一收款对象的同一笔支出。"),
                condition=Q(status=DisbursementStatus.PAID),
            ),
        ]

    def __str__(self):
        return f"{self.voucher_number} · {self.payee_name}"
