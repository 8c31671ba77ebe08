"""Code lists of the return-to-poverty monitoring (国开发〔2020〕6号) and of the exit procedure (DOMAIN.md §2.5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """The three ways a risk is found, and the rules the city keeps as data."""

    APPLICATION = "application", _("农户申报")
    SCREENING = "screening", _("干部走访排查")
    DEPARTMENT = "department", _("部门筛查预警")
    RULE = "rule", _("风险规则")


class Department(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    MEDICAL_SECURITY = "medical_security", _("医保")
    DISABLED = "disabled", _("残联")
    HUMAN_RESOURCES = "human_resources", _("人社")


class RuleKind(models.TextChoices):
    """The fixed set of rule kinds; each is a pure function in fupin/monitoring/rules.py."""

    LOW_INCOME = "low_income", _("收入低于监测线")
    RIGID_SPENDING = "rigid_spending", _("刚性支出超过收入")
    EPIDEMIC_LOSS = "epidemic_loss", _("疫情致失业或经营受阻")
    WEEKLY_FLAG = "weekly_flag", _("每周跟踪标注返贫风险")
    LOST_PLACEMENT = "lost_placement", _("劳动力失去岗位")
    FAILED_SCREENING = "failed_screening", _("排查未通过")
    LARGE_CLAIM = "large_claim", _("大额保险理赔")
    OVERDUE_LOAN = "overdue_loan", _("扶贫小额信贷逾期")


class Colour(models.TextChoices):
    RED = "red", _("红色")
    ORANGE = "orange", _("橙色")
    YELLOW = "yellow", _("黄色")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("待研判")
    IN_CASE = "in_case", _("已纳入监测程序")
    DISMISSED = "dismissed", _("已排除")


class Purpose(models.TextChoices):
    IDENTIFY = "identify", _("识别监测对象")
    CLEAR = "clear", _("风险消除")


class CaseStep(models.TextChoices):
    VILLAGE = "village", _("村级评估和民主评议")
    TOWN = "town", _("镇级审核")
    COUNTY = "county", _("县级确认")
    DONE = "done", _("已办结")


class Outcome(models.TextChoices):
    PENDING = "pending", _("办理中")
    CONFIRMED = "confirmed", _("已确定为监测对象")
    REJECTED = "rejected", _("未纳入")
    CLEARED = "cleared", _("风险已消除")
    KEPT = "kept", _("继续监测")


class RiskType(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    SCHOOLING = "schooling", _("因学")
    DISASTER = "disaster", _("因灾")
    EPIDEMIC = "epidemic", _("因疫情")
    ACCIDENT = "accident", _("因意外事故")
    INDUSTRY = "industry", _("因产业失败")
    UNEMPLOYMENT = "unemployment", _("因务工就业不稳")
    HOUSING = "housing", _("因住房安全")
    WATER = "water", _("因饮水安全")
    OTHER = "other", _("其他")


class MeasureKind(models.TextChoices):
    """一户一策 measures; 综合保障 is split into its four kinds."""

    INDUSTRY = "industry", _("产业帮扶")
    EMPLOYMENT = "employment", _("就业帮扶")
    SUBSISTENCE = "subsistence", _("综合保障：低保")
    EXTREME = "extreme", _("综合保障：特困供养")
    TEMPORARY = "temporary", _("综合保障：临时救助")
    MEDICAL = "medical", _("综合保障：医疗救助")
    MOTIVATION = "motivation", _("扶志扶智")
    SOCIAL = "social", _("社会帮扶")


class ExitStep(models.TextChoices):
    """贫困户退出 (2016 exit rules): each step is one service."""

    PROPOSED = "proposed", _("拟退出")
    APPRAISED = "appraised", _("民主评议")
    NOTICE = "notice", _("村内公示")
    VERIFIED = "verified", _("镇级核实")
    APPROVED = "approved", _("县级审定公告")
    CLOSED = "closed", _("已销号")
    WITHDRAWN = "withdrawn", _("已撤回")


class ExitCriterion(models.TextChoices):
    INCOME = "income", _("人均纯收入稳定超过国家扶贫标准")
    HOUSING = "housing", _("住房安全有保障")
    WATER = "water", _("饮水安全有保障")
    MEDICAL = "medical", _("基本医疗有保障")
    EDUCATION = "education", _("义务教育有保障")
    AGREED = "agreed", _("本户认可退出")


class TallySource(models.TextChoices):
    """What a row of the monitoring tally counts."""

    SIGNAL = "signal", _("预警信息")
    CASE = "case", _("监测程序")
    EXIT = "exit", _("贫困户退出")
