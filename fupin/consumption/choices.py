from django.db import models
from django.utils.translation import gettext_lazy as _


class SupplierKind(models.TextChoices):
    HOUSEHOLD = "household", _("贫困户")
    COOPERATIVE = "cooperative", _("合作社")
    ENTERPRISE = "enterprise", _("企业")
    BASE = "base", _("消费扶贫基地")


class ProductCategory(models.TextChoices):
    VEGETABLE = "vegetable", _("蔬菜")
    FRUIT = "fruit", _("水果")
    LIVESTOCK = "livestock", _("禽畜")
    AQUATIC = "aquatic", _("水产")
    GRAIN_OIL = "grain_oil", _("粮油")
    PROCESSED = "processed", _("加工品")
    OTHER = "other", _("其他")


class UnsoldSource(models.TextChoices):
    NONE = "", _("否")
    VILLAGE = "village", _("村报告")
    TRACKING = "tracking", _("每周跟踪")


class BuyerKind(models.TextChoices):
    UNIT = "unit", _("机关事业单位/国企")
    CANTEEN = "canteen", _("食堂")
    ENTERPRISE = "enterprise", _("企业")
    ECOMMERCE = "ecommerce", _("电商渠道")
    SOCIAL = "social", _("社会组织")


class Channel(models.TextChoices):
    """The document's four ways of selling (平台承销 counts under the buyer's own way)."""

    UNIT = "unit", _("单位购销")
    ENTERPRISE = "enterprise", _("企业带销/以购代捐")
    ECOMMERCE = "ecommerce", _("电商营销")
    BASE = "base", _("基地")


CHANNEL_OF_BUYER = {
    BuyerKind.UNIT: Channel.UNIT,
    BuyerKind.CANTEEN: Channel.UNIT,
    BuyerKind.ENTERPRISE: Channel.ENTERPRISE,
    BuyerKind.SOCIAL: Channel.ENTERPRISE,
    BuyerKind.ECOMMERCE: Channel.ECOMMERCE,
}


class BuyerStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("在售")
    CLOSED = "closed", _("已下架")


class DemandStatus(models.TextChoices):
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("双方已确认")
    ORDERED = "ordered", _("已下单")
    REJECTED = "rejected", _("已拒绝")
    SUPERSEDED = "superseded", _("已被新方案取代")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("已下单")
    DELIVERED = "delivered", _("已发货")
    RECEIVED = "received", _("已收货")
    CANCELLED = "cancelled", _("已取消")


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("未付款")
    PAID = "paid", _("已付款")


class TallyGrain(models.TextChoices):
    """The two grains of the sales tally: each origin region as recorded (a village's and a town's boards),
    and the county (the district and city boards read a few rows per month instead of one per village)."""

    ORIGIN = "origin", _("产地")
    COUNTY = "county", _("县(市、区)")
