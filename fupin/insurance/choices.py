from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    MEDICAL = "medical", _("商业医疗补充保险")
    ACCIDENT = "accident", _("人身意外伤害保险")
    HEALTH = "health", _("健康保险")
    PROPERTY = "property", _("家庭财产保险")


class PremiumBasis(models.TextChoices):
    PERSON = "person", _("按人")
    HOUSEHOLD = "household", _("按户")


class ClaimCause(models.TextChoices):
    ILLNESS = "illness", _("疾病")
    ACCIDENT = "accident", _("意外")
    DISASTER = "disaster", _("灾害")
    EPIDEMIC = "epidemic", _("疫情")


class ClaimStatus(models.TextChoices):
    FILED = "filed", _("已报案")
    PAID = "paid", _("已赔付")
    REJECTED = "rejected", _("拒赔")
