"""Weekly epidemic-impact tracking: periods, household assessments, village reports and the roll-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, optional_link, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.reports.choices import (
    EDITABLE_STATUSES,
    AssessmentSource,
    RecipientKind,
    ReminderKind,
    ReportStatus,
    RiskLevel,
    SupplyItem,
    Timeliness,
)


class ReportPeriod(models.Model):
    """An ISO week opened for a region tree, with the time by which villages must submit."""

    iso_year = models.PositiveSmallIntegerField(_("年度"))
    iso_week = models.PositiveSmallIntegerField(_("周次"))
    region_prefix = models.CharField(_("区域前缀"), max_length=12)
    starts_on = models.DateField(_("周一"))
    ends_on = models.DateField(_("周日"))
    due_at = models.DateTimeField(_("截止时间"))
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    opened_by = user_field(_("开启人"))

    class Meta:
        verbose_name = _("报送周期")
        ordering = ["-iso_year", "-iso_week"]
        constraints = [
            unique_rule(["iso_year", "iso_week", "region_prefix"], "period_unique_week", _("该周已开启。")),
        ]

    def __str__(self):
        return str(_("%(year)d年第%(week)d周") % {"year": self.iso_year, "week": self.iso_week})

    @property
    def label(self):
        return f"{self.iso_year}-W{self.iso_week:02d} ({self.starts_on:%m-%d}~{self.ends_on:%m-%d})"


class AssessmentQuerySet(ScopedQuerySet):
    def for_period(self, period):
        return self.filter(period=period)


class Assessment(TimeStampedModel, VersionedModel):
    """One household's answers for one week; every answer is a number, a flag or a code list."""

    view_permission = "reports.view_assessment"

    period = models.ForeignKey(
        ReportPeriod, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("周期")
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("贫困户")
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    # 防疫
    confirmed_members = models.PositiveSmallIntegerField(_("确诊人数"), default=0)
    suspected_members = models.PositiveSmallIntegerField(_("疑似人数"), default=0)
    isolated_members = models.PositiveSmallIntegerField(_("隔离人数"), default=0)
    supplies_received = models.BooleanField(_("已获防护物资"), default=False)
    # 义务教育
    children_out_of_school = models.PositiveSmallIntegerField(_("失学辍学儿童"), default=0)
    children_no_online_class = models.PositiveSmallIntegerField(_("无法上网课学生"), default=0)
    # 基本医疗
    unmet_medical = models.BooleanField(_("就医需求未满足"), default=False)
    uninsured_members = models.PositiveSmallIntegerField(_("未参保人数"), default=0)
    # 住房、饮水
    housing_unsafe = models.BooleanField(_("住房不安全"), default=False)
    water_unsafe = models.BooleanField(_("饮水不安全"), default=False)
    # 务工就业
    members_not_back = models.PositiveSmallIntegerField(_("未返岗人数"), default=0)
    members_wanting_work = models.PositiveSmallIntegerField(_("有就业意愿人数"), default=0)
    income_lost = models.PositiveIntegerField(_("减收金额(元)"), default=0)
    # 发展生产
    farming_disrupted = models.BooleanField(_("农业生产受阻"), default=False)
    business_disrupted = models.BooleanField(_("经营受阻"), default=False)
    unsold_produce_kg = models.PositiveIntegerField(_("滞销农产品(公斤)"), default=0)
    unsold_produce_yuan = models.PositiveIntegerField(_("滞销农产品(元)"), default=0)
    # 脱贫返贫
    at_risk_return = models.BooleanField(_("有返贫风险"), default=False)
    newly_in_difficulty = models.BooleanField(_("新增困难"), default=False)
    needs = models.CharField(_("提出需求"), max_length=32, blank=True, help_text=_("代码，以逗号分隔"))
    notes = models.CharField(_("备注"), max_length=500, blank=True)
    # Soft plausibility findings the person confirmed when saving (reports.plausibility), for the approver.
    warnings = models.JSONField(_("核实提示"), default=list, blank=True)
    # Dimensions affected this week and not the week before (codes), computed by the services.
    newly_affected = models.CharField(_("新增受影响方面"), max_length=128, blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=AssessmentSource.choices, default=AssessmentSource.PAGE
    )
    assessed_by = user_field(_("填报人"))

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("户周评估")
        constraints = [
            unique_rule(
                ["period", "household"], "assessment_one_per_household_week", _("该户本周已有评估。")
            ),
        ]
        indexes = [models.Index(fields=["period", "region_code"], name="assessment_period_region")]

    def __str__(self):
        return f"{self.household_id} {self.period_id}"


class VillageReportQuerySet(ScopedQuerySet):
    def locked(self):
        return self.exclude(status__in=EDITABLE_STATUSES)


class VillageReport(VersionedModel):
    """A village's submission for a week: its state in the approval chain and its completeness counts."""

    view_permission = "reports.view_assessment"

    period = models.ForeignKey(
        ReportPeriod, on_delete=models.CASCADE, related_name="village_reports", verbose_name=_("周期")
    )
    region_code = models.CharField(_("村区划代码"), max_length=12)
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    expected = models.PositiveIntegerField(_("应报户数"), default=0)
    assessed = models.PositiveIntegerField(_("已评估户数"), default=0)
    return_reason = models.CharField(_("退回/解锁原因"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    town_approved_at = models.DateTimeField(_("镇审核时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("区审核时间"), null=True, blank=True)
    # How late the first submission came, in minutes past the week's due time (0: on time; empty: not yet).
    late_minutes = models.PositiveIntegerField(_("逾期时长(分钟)"), null=True, blank=True)

    objects = VillageReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("村周报")
        constraints = [
            unique_rule(["period", "region_code"], "village_report_unique", _("该村本周已有报表。")),
        ]
        indexes = [
            models.Index(fields=["period", "region_code", "status"], name="village_report_period_region"),
            # The work queues: weeks in a status under a region, whatever the week (reports.queries).
            models.Index(fields=["status", "region_code"], name="village_report_status_region"),
        ]

    def __str__(self):
        return f"{self.region_code} {self.period}"

    @property
    def is_locked(self):
        return self.status not in EDITABLE_STATUSES

    def timeliness(self, now) -> str:
        """On time, late (submitted after the due time) or missing (still not submitted after it)."""
        if self.late_minutes is not None:
            return Timeliness.LATE if self.late_minutes > 0 else Timeliness.ON_TIME
        return Timeliness.MISSING if now > self.period.due_at else Timeliness.PENDING


class SubmissionReminder(models.Model):
    """A reminder sent to a village that had not submitted its week: a day before the due time or at it."""

    view_permission = "reports.view_assessment"

    period = models.ForeignKey(
        ReportPeriod, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("周期")
    )
    region_code = models.CharField(_("村区划代码"), max_length=12)
    kind = models.CharField(_("提醒类型"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("提醒时间"))
    status_then = models.CharField(_("提醒时状态"), max_length=16, choices=ReportStatus.choices)
    assessed_then = models.PositiveIntegerField(_("提醒时已评估户数"), default=0)
    expected_then = models.PositiveIntegerField(_("应报户数"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("催报提醒")
        ordering = ["-sent_at", "region_code"]
        constraints = [
            unique_rule(
                ["period", "region_code", "kind"], "reminder_once_per_kind", _("该村本周已发送过此提醒。")
            ),
        ]
        indexes = [models.Index(fields=["region_code", "sent_at"], name="reminder_region_sent")]

    def __str__(self):
        return f"{self.region_code} {self.period_id} {self.kind}"

    def get_status_display_then(self):
        return ReportStatus(self.status_then).label


class RollupCell(models.Model):
    """Maintained aggregate: one indicator's value for one region prefix (any level) and one week."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="+")
    region_prefix = models.CharField(max_length=12)
    indicator = models.CharField(max_length=32)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("汇总单元")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "region_prefix", "indicator"], name="rollup_cell_unique"
            ),
        ]

    def __str__(self):
        return f"{self.period_id}:{self.region_prefix}:{self.indicator}={self.value}"


class RegionRecord(TimeStampedModel):
    """A record kept for a region by the people of the weekly tracking, read with its assessments."""

    view_permission = "reports.view_assessment"

    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AreaRisk(RegionRecord):
    """The epidemic risk level (低/中/高) of a region from a date (分区分级)."""

    effective_on = models.DateField(_("生效日期"))
    level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    set_by = user_field()

    class Meta:
        verbose_name = _("区域风险等级")
        ordering = ["region_code", "-effective_on"]
        constraints = [
            unique_rule(
                ["region_code", "effective_on"], "area_risk_unique_day", _("该区域当日已有风险等级。")
            ),
        ]


class SupplyAllocation(RegionRecord):
    """Protective supplies handed to a poverty-alleviation enterprise, a poor household or a village."""

    allocated_on = models.DateField(_("发放日期"))
    household = optional_link("registry.Household", _("贫困户"))
    enterprise_name = models.CharField(_("扶贫企业名称"), max_length=128, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    recipient_kind = models.CharField(
        _("发放对象"), max_length=12, choices=RecipientKind.choices, default=RecipientKind.HOUSEHOLD
    )
    item = models.CharField(_("物资"), max_length=16, choices=SupplyItem.choices)
    quantity = models.PositiveIntegerField(_("数量"))
    # Why a village got supplies while poor households of its town still asked for them (R1.5).
    skip_reason = models.CharField(_("未优先保障的原因"), max_length=500, blank=True)
    recorded_by = user_field()

    class Meta:
        verbose_name = _("防护物资发放")
        ordering = ["-allocated_on", "-id"]
        constraints = [
            check_rule(
                models.Q(recipient_kind=RecipientKind.HOUSEHOLD, household__isnull=False, enterprise_name="")
                | models.Q(recipient_kind=RecipientKind.ENTERPRISE, household__isnull=True)
                & ~models.Q(enterprise_name="")
                | models.Q(recipient_kind=RecipientKind.VILLAGE, household__isnull=True, enterprise_name=""),
                "supply_recipient_matches_kind",
                _("物资须发放给一户贫困户、一家扶贫企业或一个村。"),
            ),
        ]
