"""防返贫监测: risk rules, signals from the three channels, the procedure with its deadlines, 一户一策
measures, and the exit procedure (贫困户退出) of registered households."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, optional_link, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.monitoring.choices import (
    CaseStep,
    Channel,
    Colour,
    Department,
    ExitStep,
    MeasureKind,
    Outcome,
    Purpose,
    RiskType,
    RuleKind,
    SignalStatus,
    TallySource,
)
from fupin.registry.choices import MonitoringMark
from fupin.registry.fields import household_field

VIEW = "monitoring.view_signal"


class CityWideQuerySet(ScopedQuerySet):
    covering = True  # the city's rules are read by every level under it


class RiskRule(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A risk rule as data: a kind (a pure function), its parameters, the reason it gives and a colour.

    The city edits it; every edit raises `version` and is audited with before and after, and each signal
    keeps the version that produced it."""

    view_permission = VIEW

    code = models.SlugField(_("规则编码"), max_length=32, unique=True)
    kind = models.CharField(_("规则类型"), max_length=24, choices=RuleKind.choices)
    name = models.CharField(_("名称"), max_length=64)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    reason = models.CharField(_("预警理由"), max_length=255)
    colour = models.CharField(_("预警颜色"), max_length=8, choices=Colour.choices, default=Colour.YELLOW)
    active = models.BooleanField(_("启用"), default=True)

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险规则")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Signal(RegionScopedModel, TimeStampedModel):
    """A sign that a household may return to (or fall into) poverty; never a monitored household by itself."""

    view_permission = VIEW

    household = household_field(_("农户"))
    channel = models.CharField(_("发现渠道"), max_length=12, choices=Channel.choices)
    department = models.CharField(_("筛查部门"), max_length=20, choices=Department.choices, blank=True)
    rule = optional_link(RiskRule, _("风险规则"))
    rule_version = models.PositiveIntegerField(_("规则版本"), null=True, blank=True)
    reason = models.CharField(_("预警理由"), max_length=255)
    colour = models.CharField(_("预警颜色"), max_length=8, choices=Colour.choices, default=Colour.YELLOW)
    risk_type = models.CharField(_("风险类型"), max_length=16, choices=RiskType.choices, blank=True)
    detected_on = models.DateField(_("发现日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    case = optional_link("MonitoringCase", on_delete=models.SET_NULL, related_name="signals")
    income = models.DecimalField(
        _("申报年人均收入(元)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    rigid_spending = models.DecimalField(
        _("刚性支出(元/年)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = user_field()

    class Meta:
        verbose_name = _("预警信息")
        ordering = ["-detected_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "status"], name="signal_region_status"),
            models.Index(fields=["household", "status"], name="signal_household_status"),
        ]

    def __str__(self):
        return f"{self.household_id} {self.reason}"


class MonitoringCase(RegionScopedModel, TimeStampedModel, VersionedModel):
    """One run of the procedure for a household: village assessment and 民主评议 → town review → county
    confirmation, each step with a deadline; to identify a monitored household or to clear its risk."""

    view_permission = VIEW

    household = household_field(_("农户"))
    purpose = models.CharField(_("事项"), max_length=10, choices=Purpose.choices, default=Purpose.IDENTIFY)
    kind = models.CharField(_("监测对象类型"), max_length=1, choices=MonitoringMark.choices)
    risk_type = models.CharField(_("风险类型"), max_length=16, choices=RiskType.choices)
    colour = models.CharField(_("预警颜色"), max_length=8, choices=Colour.choices, default=Colour.YELLOW)
    step = models.CharField(_("当前环节"), max_length=8, choices=CaseStep.choices, default=CaseStep.VILLAGE)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    opened_on = models.DateField(_("发起日期"))
    step_started_on = models.DateField(_("本环节开始"))
    step_deadline = models.DateField(_("本环节时限"), null=True, blank=True)
    due_on = models.DateField(_("办结时限"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    escalated_on = models.DateField(_("逾期上报日期"), null=True, blank=True)
    # True from the county's confirmation until the risk is cleared: the board counts monitored households
    # from this flag (indexed with the region) rather than from the registry's 400,000 rows.
    monitored = models.BooleanField(_("监测中"), default=False)
    appraisal = models.CharField(_("民主评议情况"), max_length=500, blank=True)
    opened_by = user_field()

    class Meta:
        verbose_name = _("监测程序")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "step"], name="case_region_step"),
            models.Index(fields=["step", "step_deadline"], name="case_step_deadline"),
            models.Index(fields=["household", "outcome"], name="case_household_outcome"),
            models.Index(fields=["region_code", "monitored"], name="case_region_monitored"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.household_id}"

    def is_overdue(self, today):
        return self.step != CaseStep.DONE and self.step_deadline is not None and self.step_deadline < today

    @property
    def deadline(self):  # the ledgers' inbox buckets read `deadline`
        return self.step_deadline


class CaseRecord(models.Model):
    """A line of the history of a case or an exit (an event, an objection), read through its case: scoped by
    the region code it copies, which needs no index of its own."""

    view_permission = VIEW

    region_code = models.CharField(_("区划代码"), max_length=12)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class CaseEvent(CaseRecord):
    """What happened at a step of a case: decided, sent back, escalated; the history stays."""

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("环节"), max_length=8, choices=CaseStep.choices)
    action = models.CharField(_("办理"), max_length=16)
    note = models.CharField(_("意见"), max_length=500, blank=True)
    on = models.DateField(_("日期"))
    by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        ordering = ["case", "id"]

    def __str__(self):
        return f"{self.case_id} {self.step} {self.action}"


class AssistanceMeasure(RegionScopedModel, TimeStampedModel):
    """A 一户一策 measure for a monitored household, linked to the record it created where Fupin has one."""

    view_permission = VIEW

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="measures")
    household = household_field(_("农户"))
    kind = models.CharField(_("帮扶措施类型"), max_length=16, choices=MeasureKind.choices)
    detail = models.CharField(_("措施内容"), max_length=255)
    started_on = models.DateField(_("落实日期"))
    linked_type = models.CharField(_("关联记录类型"), max_length=48, blank=True)
    linked_id = models.BigIntegerField(_("关联记录"), null=True, blank=True)
    created_by = user_field()

    class Meta:
        verbose_name = _("帮扶措施")
        ordering = ["case", "id"]

    def __str__(self):
        return self.detail


class ExitCase(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A registered household's exit (贫困户退出): proposed with the criteria checked, 民主评议, 村内公示,
    town verification, county approval and 公告, then 销号 with the year."""

    view_permission = VIEW

    household = household_field()
    step = models.CharField(_("环节"), max_length=10, choices=ExitStep.choices, default=ExitStep.PROPOSED)
    criteria = models.JSONField(_("退出标准核查"), default=list)
    proposed_on = models.DateField(_("拟退出日期"))
    appraisal = models.CharField(_("民主评议情况"), max_length=500, blank=True)
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    verified_on = models.DateField(_("镇级核实日期"), null=True, blank=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True)
    # The household's members at 销号: the exit-rate target counts people exited through this procedure.
    people = models.PositiveIntegerField(_("退出人数"), default=0)
    category_before = models.CharField(_("退出前贫困户属性"), max_length=2, blank=True)
    proposed_by = user_field()

    class Meta:
        verbose_name = _("贫困户退出")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "step"], name="exit_region_step")]
        constraints = [
            check_rule(
                models.Q(notice_ends_on__isnull=True)
                | models.Q(notice_ends_on__gte=models.F("notice_starts_on")),
                "exit_notice_ends_after_start",
                _("公示结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.household_id} {self.get_step_display()}"


class ExitObjection(CaseRecord):
    """An objection raised during the 村内公示, and how it was resolved."""

    exit = models.ForeignKey(ExitCase, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("提出日期"))
    text = models.CharField(_("异议内容"), max_length=500)
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    resolution = models.CharField(_("处理结果"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        ordering = ["exit", "id"]

    def __str__(self):
        return self.text[:40]


class MonitoringTally(models.Model):
    """Signals, procedure cases and exits per village and board key: the early-warning board's counts,
    summed over a few thousand rows instead of counted over every signal and case.

    `source` says which table a row counts; the key columns a source does not have stay blank. Maintained
    by the monitoring services in the transaction of every write that creates a signal, case or exit or
    changes one of its keys (`fupin.monitoring.tally`), and recomputed by `rebuild_monitoring_tally` for bulk
    writers (the demo, benchmarks). Overdue steps depend on the day, so they are counted live (an indexed
    read of the steps under way)."""

    view_permission = VIEW

    region_code = models.CharField(_("所在村代码"), max_length=12)
    source = models.CharField(_("统计对象"), max_length=8, choices=TallySource.choices)
    status = models.CharField(_("预警状态"), max_length=12, blank=True)
    channel = models.CharField(_("发现渠道"), max_length=12, blank=True)
    colour = models.CharField(_("预警颜色"), max_length=8, blank=True)
    step = models.CharField(_("环节"), max_length=10, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, blank=True)
    monitored = models.BooleanField(_("监测中"), default=False)
    kind = models.CharField(_("监测对象类型"), max_length=1, blank=True)
    risk_type = models.CharField(_("风险类型"), max_length=16, blank=True)
    count = models.IntegerField(_("数量"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测统计")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "region_code",
                    "source",
                    "status",
                    "channel",
                    "colour",
                    "step",
                    "outcome",
                    "monitored",
                    "kind",
                    "risk_type",
                ],
                name="monitoring_tally_unique",
            ),
        ]

    def __str__(self):
        return f"{self.region_code} {self.source}: {self.count}"
