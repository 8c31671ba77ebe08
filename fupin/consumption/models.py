"""消费扶贫 (R4.1–R4.3): suppliers, listings, buyers, demands, matching proposals, orders, bases, tallies."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.consumption.choices import (
    BuyerKind,
    BuyerStatus,
    Channel,
    DemandStatus,
    ListingStatus,
    OrderStatus,
    PaymentStatus,
    ProductCategory,
    ProposalStatus,
    SupplierKind,
    TallyGrain,
    UnsoldSource,
)
from fupin.core.fields import check_rule, money_field, optional_link, status_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel

VIEW = "consumption.view_listing"


class OwnedQuerySet(ScopedQuerySet):
    """Records of a buyer organisation: offices read them by region (`visible_to`), the buyer's own
    accounts by ownership (`owned_by`, like `jobs.Job.objects.owned_by`)."""

    buyer_path = "buyer__user"

    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(**{self.buyer_path: user})


class BuyerQuerySet(OwnedQuerySet):
    buyer_path = "user"


class ProposalQuerySet(OwnedQuerySet):
    buyer_path = "demand__buyer__user"


class ListingQuerySet(ScopedQuerySet):
    def on_market(self):
        """Open listings with quantity left: what every buyer sees (public fields only), 滞销 first."""
        return self.filter(status=ListingStatus.OPEN, remaining__gt=0)


class ConsumptionRecord(RegionScopedModel):
    """A record of the consumption app: scoped by its `region_code`, read where the user holds VIEW."""

    view_permission = VIEW

    class Meta:
        abstract = True


class Party(ConsumptionRecord, TimeStampedModel, VersionedModel):
    """What a base, a supplier and a buyer have alike: a `name` (each model labels its own), a contact person
    and phone; listed by region, then name, and shown by name."""

    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        abstract = True
        ordering = ["region_code", "name"]

    def __str__(self):
        return self.name


class Base(Party):
    """A consumption poverty base (消费扶贫示范基地/创新创业基地): poor households, the base, distribution
    and sales companies."""

    name = models.CharField(_("基地名称"), max_length=128)
    operator = models.CharField(_("运营主体"), max_length=128)
    partners = models.CharField(_("合作配送/销售企业"), max_length=255, blank=True)
    established_on = models.DateField(_("认定日期"))
    households = models.ManyToManyField(
        "registry.Household", verbose_name=_("带动贫困户"), blank=True, related_name="+"
    )

    class Meta(Party.Meta):
        verbose_name = _("消费扶贫基地")


class Supplier(Party):
    """Who sells: a poor household, a cooperative, an enterprise or a base. `name` is the public name
    buyers see; a household supplier's public name never names a person."""

    kind = models.CharField(_("供应主体类型"), max_length=16, choices=SupplierKind.choices)
    name = models.CharField(_("公开名称"), max_length=128)
    household = optional_link("registry.Household", _("贫困户"))
    enterprise = optional_link("employment.Enterprise", _("企业/合作社"))
    base = optional_link(Base, _("所属基地"), on_delete=models.SET_NULL, related_name="suppliers")
    households = models.ManyToManyField(
        "registry.Household",
        verbose_name=_("带贫户"),
        blank=True,
        related_name="+",
        help_text=_("销售收入计入的建档立卡户"),
    )

    class Meta(Party.Meta):
        verbose_name = _("供应主体")

    @property
    def public_contact(self):
        """The contact buyers may see: a cooperative's, an enterprise's or a base's, never a household's."""
        if self.kind == SupplierKind.HOUSEHOLD:
            return ""
        return " ".join(x for x in (self.contact_name, self.contact_phone) if x)


class Listing(ConsumptionRecord, TimeStampedModel, VersionedModel):
    """A product on offer: quantity left, price, harvest window, origin (`region_code`), 滞销 flag."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("供应主体"), on_delete=models.PROTECT, related_name="listings"
    )
    product = models.CharField(_("产品名称"), max_length=64)
    category = models.CharField(_("产品类别"), max_length=16, choices=ProductCategory.choices)
    certificate_no = models.CharField(_("扶贫产品认定编号"), max_length=64, blank=True)
    certificate_valid_until = models.DateField(_("认定有效期至"), null=True, blank=True)
    unit = models.CharField(_("计量单位"), max_length=8, default="公斤")
    price = models.DecimalField(_("单价(元)"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("供应数量"))
    remaining = models.PositiveIntegerField(_("剩余数量"))
    harvest_from = models.DateField(_("上市日期"), null=True, blank=True)
    harvest_to = models.DateField(_("下市日期"), null=True, blank=True)
    unsold = models.CharField(_("滞销"), max_length=12, choices=UnsoldSource.choices, blank=True, default="")
    status = status_field(ListingStatus, ListingStatus.OPEN, 8)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("产品供应")
        ordering = ["-unsold", "-created_at", "id"]
        indexes = [models.Index(fields=["status", "unsold", "category"], name="listing_market_idx")]
        constraints = [
            check_rule(
                Q(remaining__lte=F("quantity")),
                "listing_remaining_within_quantity",
                _("剩余数量不能超过供应数量。"),
            ),
            check_rule(Q(price__gte=0), "listing_price_not_negative", _("单价不能为负数。")),
        ]

    def __str__(self):
        return self.product

    @property
    def is_unsold(self):
        return bool(self.unsold)


class ListingPhoto(ConsumptionRecord, TimeStampedModel):
    """A photo of a listing, checked like evidence files (type, size, content)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="consumption/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)

    class Meta:
        verbose_name = _("产品照片")


class Buyer(Party):
    """A buying organisation (unit, canteen, enterprise, e-commerce channel, social organisation); its
    accounts hold the `buyer` role and no scope over the registry. `region_code` is the district that
    approved it. `purchased` is maintained by the order services; `share` is its purchase share of the plan."""

    name = models.CharField(_("单位名称"), max_length=128)
    kind = models.CharField(_("采购方类型"), max_length=16, choices=BuyerKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    status = models.CharField(
        _("审核状态"), max_length=12, choices=BuyerStatus.choices, default=BuyerStatus.PENDING
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buyer",
    )
    share = money_field(_("认购任务(元)"), default=0)
    purchased = money_field(_("已采购(元)"), default=0)

    objects = BuyerQuerySet.as_manager()

    class Meta(Party.Meta):
        verbose_name = _("采购方")

    @property
    def channel(self):
        from fupin.consumption.choices import CHANNEL_OF_BUYER

        return CHANNEL_OF_BUYER.get(self.kind, Channel.UNIT)


class Demand(ConsumptionRecord, TimeStampedModel, VersionedModel):
    """What a buyer wants: category, quantity, window, price range, preferred origin."""

    buyer = models.ForeignKey(
        Buyer, verbose_name=_("采购方"), on_delete=models.CASCADE, related_name="demands"
    )
    category = models.CharField(_("产品类别"), max_length=16, choices=ProductCategory.choices)
    product = models.CharField(_("产品名称"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("需求数量"))
    price_max = models.DecimalField(_("最高单价(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    needed_by = models.DateField(_("需要日期"), null=True, blank=True)
    preferred_origin = models.CharField(_("优先产地"), max_length=12, blank=True)
    prefer_paired = models.BooleanField(_("优先协作地区(崇左)产品"), default=False)
    status = status_field(DemandStatus, DemandStatus.OPEN, 8)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("采购需求")
        ordering = ["-created_at", "id"]

    def __str__(self):
        return f"{self.buyer} · {self.get_category_display()} {self.quantity}"


class MatchRun(ConsumptionRecord, TimeStampedModel):
    """One optimal matching of open demands to listings, run by an office."""

    run_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    demands = models.PositiveIntegerField(_("需求"), default=0)
    listings = models.PositiveIntegerField(_("供应"), default=0)
    edges = models.PositiveIntegerField(_("可匹配组合"), default=0)
    proposals = models.PositiveIntegerField(_("推荐"), default=0)
    quantity = models.PositiveBigIntegerField(_("推荐数量"), default=0)
    objective = models.BigIntegerField(_("总得分"), default=0)
    seconds = models.FloatField(_("用时(秒)"), default=0)

    class Meta:
        verbose_name = _("产销匹配")
        ordering = ["-created_at"]


class Proposal(ConsumptionRecord, TimeStampedModel, VersionedModel):
    """A proposed sale of a quantity of a listing to a demand, with the reasons; both sides confirm.
    `region_code` is the listing's origin, so the supplier's town confirms it."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposal_set")
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="proposals")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="proposals")
    quantity = models.PositiveIntegerField(_("数量"))
    score = models.IntegerField(_("得分"), default=0)
    reasons = models.JSONField(_("理由"), default=list)
    buyer_confirmed = models.BooleanField(_("采购方已确认"), default=False)
    supplier_confirmed = models.BooleanField(_("供应方已确认"), default=False)
    status = status_field(ProposalStatus, ProposalStatus.PROPOSED, 12)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("匹配推荐")
        ordering = ["-score", "id"]
        # a run reads the confirmed and supersedes the proposed among every earlier run's proposals
        indexes = [models.Index(fields=["status"], name="proposal_status")]


class Order(ConsumptionRecord, TimeStampedModel, VersionedModel):
    """A buyer's order from one supplier; `region_code` is the supplier's, so its town sees the sale."""

    buyer = models.ForeignKey(
        Buyer, verbose_name=_("采购方"), on_delete=models.PROTECT, related_name="orders"
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("供应主体"), on_delete=models.PROTECT, related_name="orders"
    )
    base = optional_link(Base, _("经由基地"), related_name="orders")
    channel = models.CharField(_("销售方式"), max_length=12, choices=Channel.choices)
    status = status_field(OrderStatus, OrderStatus.PLACED, 12)
    payment = models.CharField(
        _("付款"), max_length=8, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    placed_on = models.DateField(_("下单日期"))
    delivered_on = models.DateField(_("发货日期"), null=True, blank=True)
    received_on = models.DateField(_("收货日期"), null=True, blank=True)
    amount = money_field(_("金额(元)"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("订单")
        ordering = ["-placed_on", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.buyer} ← {self.supplier}"


class OrderLine(ConsumptionRecord):
    """A listing's quantity in an order at the agreed price."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="order_lines")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quantity = models.PositiveIntegerField(_("数量"))
    price = models.DecimalField(_("成交单价(元)"), max_digits=10, decimal_places=2)
    amount = money_field(_("金额(元)"))
    unsold = models.BooleanField(_("滞销产品"), default=False)

    class Meta:
        verbose_name = _("订单明细")
        constraints = [
            check_rule(Q(quantity__gt=0), "order_line_quantity_positive", _("数量须大于零。")),
        ]


class SalesTally(ConsumptionRecord):
    """Maintained sales per month × origin × channel × 滞销, twice: at the origin's own region (grain ORIGIN)
    and at its county (grain COUNTY, region_code the county's code), so that a district's or the city's board
    sums a few rows per month, never one per village nor the order lines. `manage.py rebuild_sales_tally`
    recounts it."""

    grain = models.CharField(
        _("统计层级"), max_length=8, choices=TallyGrain.choices, default=TallyGrain.ORIGIN
    )
    month = models.DateField(_("月份"))
    channel = models.CharField(_("销售方式"), max_length=12, choices=Channel.choices)
    unsold = models.BooleanField(_("滞销产品"), default=False)
    quantity = models.BigIntegerField(_("数量"), default=0)
    amount = models.DecimalField(_("金额(元)"), max_digits=16, decimal_places=2, default=0)
    lines = models.IntegerField(_("明细数"), default=0)

    class Meta:
        verbose_name = _("销售统计")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "month", "region_code", "channel", "unsold"], name="sales_tally_key"
            ),
        ]
        indexes = [models.Index(fields=["grain", "region_code"], name="sales_tally_grain_region")]


class HouseholdSale(ConsumptionRecord):
    """Maintained sales income per linked household: a supplier's sale is shared among its 带贫户."""

    household = models.OneToOneField("registry.Household", on_delete=models.CASCADE, related_name="+")
    amount = money_field(_("销售收入(元)"), default=0)

    class Meta:
        verbose_name = _("贫困户销售收入")
