from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    CANTONESE_CHEF = "chef", _("粤菜师傅")
    HOUSEKEEPING = "housekeeping", _("南粤家政")
    TECHNICIAN = "technician", _("广东技工")
    OTHER = "other", _("其他")


class ClassMode(models.TextChoices):
    CENTRAL = "central", _("集中")
    FLEXIBLE = "flexible", _("弹性")
    DOORSTEP = "doorstep", _("上门")
