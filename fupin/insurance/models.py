"""Insurance against falling back into poverty (R7.4): products bought with the plan's ¥1.45M line, the
policies of registered households and people for a year, premiums paid to the insurer, and claims."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.models import TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.insurance.choices import ClaimCause, ClaimStatus, PremiumBasis, ProductKind

VIEW = "insurance.view_policy"
ZERO = Decimal("0.00")


def money(label, **kwargs):
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


class Product(TimeStampedModel):
    """An insurance product the city buys for registered poor households (a code list of the city)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("险种"), max_length=10, choices=ProductKind.choices)
    insurer = models.CharField(_("保险机构"), max_length=64)
    basis = models.CharField(_("保费计算"), max_length=10, choices=PremiumBasis.choices)
    premium = money(_("保费(元)"))
    cover = money(_("保额(元)"))

    class Meta:
        verbose_name = _("保险产品")
        verbose_name_plural = _("保险产品")
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
    amount = money(_("保费合计(元)"))

    class Meta:
        verbose_name = _("保费支付")
        verbose_name_plural = _("保费支付")
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
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("被保险人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    premium = money(_("保费(元)"))
    payment = models.ForeignKey(
        PremiumPayment,
        verbose_name=_("保费支付"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paid_policies",
    )

    class Meta:
        verbose_name = _("保单")
        verbose_name_plural = _("保单")
        ordering = ["region_code", "household_id", "id"]
        indexes = [models.Index(fields=["product", "year", "region_code"], name="policy_product_year_region")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year", "member"],
                condition=Q(member__isnull=False),
                name="policy_once_per_person_year",
                violation_error_message=_("该人员本年度已参保此产品。"),
            ),
            models.UniqueConstraint(
                fields=["product", "year", "household"],
                condition=Q(member__isnull=True),
                name="policy_once_per_household_year",
                violation_error_message=_("该户本年度已参保此产品。"),
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
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(_("出险原因"), max_length=10, choices=ClaimCause.choices)
    occurred_on = models.DateField(_("出险日期"))
    amount = money(_("理赔金额(元)"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.FILED
    )
    settled_on = models.DateField(_("结案日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("理赔")
        verbose_name_plural = _("理赔")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="claim_amount_positive",
                violation_error_message=_("理赔金额必须大于零。"),
            ),
        ]

    def __str__(self):
        return f"{self.policy_id} · {self.amount}"
