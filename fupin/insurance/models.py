"""Insurance against falling back into poverty (R7.4): products bought with the plan's ¥1.45M line, the
policies of registered households and people for a year, premiums paid to the insurer, and claims."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, money_field, optional_link, unique_rule
from fupin.core.models import TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.insurance.choices import ClaimCause, ClaimStatus, PremiumBasis, ProductKind
from fupin.registry.fields import household_field

VIEW = "insurance.view_policy"
ZERO = Decimal("0.00")


class Product(TimeStampedModel):
    """An insurance product the city buys for registered poor households (a code list of the city)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("险种"), max_length=10, choices=ProductKind.choices)
    insurer = models.CharField(_("保险机构"), max_length=64)
    basis = models.CharField(_("保费计算"), max_length=10, choices=PremiumBasis.choices)
    premium = money_field(_("保费(元)"))
    cover = money_field(_("保额(元)"))

    class Meta:
        verbose_name = _("保险产品")
        ordering = ["id"]

    def __str__(self):
        return self.name


class PremiumPayment(RegionScopedModel, TimeStampedModel):
    """Premiums of a product's policies of a year paid to the insurer from an allocation of the line."""

    view_permission = VIEW

    product = models.ForeignKey(
        Product, verbose_name=_("保险产品"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("保险年度"))
    disbursement = models.OneToOneField(
        "funds.Disbursement", verbose_name=_("资金支出"), on_delete=models.PROTECT, related_name="+"
    )
    policies = models.PositiveIntegerField(_("保单数"))
    amount = money_field(_("保费合计(元)"))

    class Meta:
        verbose_name = _("保费支付")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.product} {self.year}"


class Policy(RegionScopedModel, TimeStampedModel):
    """A household (or one of its members) insured by a product for a year."""

    view_permission = VIEW

    product = models.ForeignKey(
        Product, verbose_name=_("保险产品"), on_delete=models.PROTECT, related_name="policies"
    )
    year = models.PositiveSmallIntegerField(_("保险年度"))
    household = household_field()
    member = optional_link("registry.Member", _("被保险人"))
    premium = money_field(_("保费(元)"))
    payment = optional_link(PremiumPayment, _("保费支付"), related_name="paid_policies")

    class Meta:
        verbose_name = _("保单")
        ordering = ["region_code", "household_id", "id"]
        indexes = [models.Index(fields=["product", "year", "region_code"], name="policy_product_year_region")]
        constraints = [
            unique_rule(
                ["product", "year", "member"],
                "policy_once_per_person_year",
                _("该人员本年度已参保此产品。"),
                condition=Q(member__isnull=False),
            ),
            unique_rule(
                ["product", "year", "household"],
                "policy_once_per_household_year",
                _("该户本年度已参保此产品。"),
                condition=Q(member__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.year} · {self.household_id}"


class Claim(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A claim on a policy: what happened, how much, and whether the insurer paid."""

    view_permission = VIEW

    policy = models.ForeignKey(
        Policy, verbose_name=_("保单"), on_delete=models.PROTECT, related_name="claims"
    )
    household = household_field()
    cause = models.CharField(_("出险原因"), max_length=10, choices=ClaimCause.choices)
    occurred_on = models.DateField(_("出险日期"))
    amount = money_field(_("理赔金额(元)"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.FILED
    )
    settled_on = models.DateField(_("结案日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("理赔")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            check_rule(Q(amount__gt=0), "claim_amount_positive", _("理赔金额必须大于零。")),
        ]

    def __str__(self):
        return f"{self.policy_id} · {self.amount}"
