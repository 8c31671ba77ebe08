from django.db import models
from django.utils.translation import gettext_lazy as _


class AllocationStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    CANCELLED = "cancelled", _("已撤销")


class DisbursementStatus(models.TextChoices):
    PAID = "paid", _("已支付")
    REVERSED = "reversed", _("已冲销")


class PayeeKind(models.TextChoices):
    HOUSEHOLD = "household", _("农户")
    PROJECT = "project", _("项目或企业")
    INSURER = "insurer", _("保险机构")
    BANK = "bank", _("金融机构")
    OTHER = "other", _("其他")
