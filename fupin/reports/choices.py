"""Code lists of the weekly tracking: report status, needs, risk levels, supplies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已上报")
    TOWN_APPROVED = "town_approved", _("镇已审核")
    APPROVED = "approved", _("区已审核")
    RETURNED = "returned", _("已退回")


# A village may change its assessments only in these states; any other state is locked.
EDITABLE_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}


class Need(models.TextChoices):
    JOB = "1", _("就业岗位")
    PROTECTIVE = "2", _("防疫物资")
    LIVING = "3", _("生活物资")
    MEDICAL = "4", _("医疗救助")
    SCHOOLING = "5", _("网课设备")
    SALES = "6", _("农产品销售")
    FUNDS = "7", _("资金周转")
    OTHER = "9", _("其他")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class SupplyItem(models.TextChoices):
    MASK = "mask", _("口罩(个)")
    DISINFECTANT = "disinfectant", _("消毒液(升)")
    THERMOMETER = "thermometer", _("体温计(支)")
    GLOVES = "gloves", _("手套(副)")
    FOOD = "food", _("生活物资(份)")


class AssessmentSource(models.TextChoices):
    PAGE = "page", _("页面填报")
    CARRY = "carry", _("沿用上周")
    IMPORT = "import", _("Excel导入")
    API = "api", _("接口")
    DEMO = "demo", _("演示数据")


class ReminderKind(models.TextChoices):
    """When a village that has not submitted is reminded (R1.6): a day before the due time, and at it."""

    BEFORE_DUE = "before_due", _("截止前一天提醒")
    AT_DUE = "at_due", _("截止时提醒")


class Timeliness(models.TextChoices):
    """How a village's week stands against its due time (the completeness page, per village per week)."""

    ON_TIME = "on_time", _("按时上报")
    LATE = "late", _("逾期上报")
    MISSING = "missing", _("逾期未报")
    PENDING = "pending", _("未到截止时间")


class RecipientKind(models.TextChoices):
    """Who received protective supplies: enterprises and poor households come first (R1.5), villages after."""

    ENTERPRISE = "enterprise", _("扶贫企业")
    HOUSEHOLD = "household", _("贫困户")
    VILLAGE = "village", _("村(居)")


# The recipients the plan puts first (优先保障扶贫企业和贫困人口).
PRIORITY_RECIPIENTS = {RecipientKind.ENTERPRISE, RecipientKind.HOUSEHOLD}
