from django.db import models
from django.utils.translation import gettext_lazy as _


class LoanKind(models.TextChoices):
    MICROCREDIT = "microcredit", _("扶贫小额信贷")
    ZHENGYINBAO = "zhengyinbao", _("政银保")


class LoanStatus(models.TextChoices):
    ACTIVE = "active", _("在贷")
    REPAID = "repaid", _("已结清")


class LoanUse(models.TextChoices):
    HOUSEHOLD_INDUSTRY = "household_industry", _("发展户产业")
    PROJECT = "project", _("产业项目")
    BUSINESS = "business", _("生产经营")
    OTHER = "other", _("其他")


class LoanStanding(models.TextChoices):
    """Where a loan stands on a day (computed, never stored: it moves with the day)."""

    CURRENT = "current", _("正常")
    DEFERRED = "deferred", _("延期还款")
    OVERDUE = "overdue", _("逾期")
    REPAID = "repaid", _("已结清")
