from django.db import models
from django.utils.translation import gettext_lazy as _


class IndustryKind(models.TextChoices):
    """Specialty industries a household or a project works in (R3.2)."""

    PLANTING = "planting", _("种植")
    BREEDING = "breeding", _("养殖")
    PROCESSING = "processing", _("加工")
    SERVICE = "service", _("服务")
    ECOMMERCE = "ecommerce", _("电商")
    SOLAR = "solar", _("光伏")
    TOURISM = "tourism", _("乡村旅游")
    OTHER = "other", _("其他")


class BusinessModel(models.TextChoices):
    """The three business models of the plan (section 三)."""

    FUSION = "fusion", _("一二三产业融合体+贫困户")
    LEADING = "leading", _("龙头企业+扶贫产业+贫困户")
    COOPERATIVE = "cooperative", _("合作社+农业扶贫产业+贫困户")


class LinkMode(models.TextChoices):
    """How a project lifts the households linked to it (带贫模式)."""

    EMPLOYMENT = "employment", _("务工就业")
    ORDER = "order", _("订单收购")
    LAND = "land", _("土地流转")
    ASSET = "asset", _("资产收益分红")
    EQUITY = "equity", _("入股分红")
    CUSTODY = "custody", _("托管代养")


class BenefitKind(models.TextChoices):
    """What a linked household gets from a project."""

    WAGE = "wage", _("工资")
    DIVIDEND = "dividend", _("分红")
    PURCHASE = "purchase", _("收购款")
    RENT = "rent", _("土地租金")


class ProjectStatus(models.TextChoices):
    DECLARED = "declared", _("申报")
    APPROVED = "approved", _("审批通过")
    IMPLEMENTING = "implementing", _("实施")
    ACCEPTED = "accepted", _("验收")
    OPERATING = "operating", _("运营")
