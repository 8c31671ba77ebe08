"""The plan as data: measures, responsible units, targets, budget lines and tasks assigned to units."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, money_field, optional_link, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel


class UnitRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    CO = "co", _("责任单位")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("未开始")
    DOING = "doing", _("推进中")
    DONE = "done", _("已完成")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("周一")
    TUESDAY = 1, _("周二")
    WEDNESDAY = 2, _("周三")
    THURSDAY = 3, _("周四")
    FRIDAY = 4, _("周五")
    SATURDAY = 5, _("周六")
    SUNDAY = 6, _("周日")


class PlanQuerySet(ScopedQuerySet):
    # Plans of a region that covers the user's scope (the city's plan) or lies inside it.
    covering = True

    def active(self):
        return self.filter(active=True)


class Plan(TimeStampedModel, VersionedModel):
    """A work plan issued by a document (e.g. 江农扶办〔2020〕14号)."""

    code = models.SlugField(_("编码"), max_length=64, unique=True)
    region_code = models.CharField(_("区划代码"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=255)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    active = models.BooleanField(_("现行"), default=True)
    # 每周疫情影响动态跟踪 (measure 1): the weeks that are tracked, and when a week's report is due
    # (a weekday of the week after it, at an hour). No span: the plan runs no weekly tracking.
    tracking_starts_on = models.DateField(_("每周跟踪开始日期"), null=True, blank=True)
    tracking_ends_on = models.DateField(_("每周跟踪结束日期"), null=True, blank=True)
    tracking_due_weekday = models.PositiveSmallIntegerField(
        _("周报截止星期"), choices=Weekday.choices, default=Weekday.MONDAY, help_text=_("报送周的下一周")
    )
    tracking_due_hour = models.PositiveSmallIntegerField(_("周报截止时刻(时)"), default=12)

    view_permission = "plan.view_plan"

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作计划")
        ordering = ["-year", "code"]
        constraints = [
            check_rule(
                models.Q(tracking_starts_on__isnull=True, tracking_ends_on__isnull=True)
                | models.Q(tracking_starts_on__isnull=False, tracking_ends_on__isnull=False),
                "plan_tracking_span_complete",
                _("请同时填写每周跟踪的开始日期和结束日期。"),
            ),
            check_rule(
                models.Q(tracking_ends_on__gte=models.F("tracking_starts_on")),
                "plan_tracking_span_ordered",
                _("每周跟踪的结束日期不能早于开始日期。"),
            ),
            check_rule(
                models.Q(tracking_due_weekday__lte=6), "plan_tracking_due_weekday_range", _("截止星期无效。")
            ),
            check_rule(
                models.Q(tracking_due_hour__lte=23),
                "plan_tracking_due_hour_range",
                _("截止时刻应为0至23时。"),
            ),
        ]

    def __str__(self):
        return f"{self.document_number} {self.title}"


class Measure(VersionedModel):
    """One numbered measure of the plan (一、分级分区科学防控 …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("措施"), max_length=128)
    summary = models.TextField(_("内容摘要"), blank=True)

    class Meta:
        verbose_name = _("措施")
        ordering = ["plan", "number"]
        constraints = [
            unique_rule(["plan", "number"], "plan_measure_number_unique", _("同一计划中措施序号不能重复。")),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ResponsibleUnit(models.Model):
    """A unit named in the measure's bracketed list, in the document's order."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("单位"), max_length=128, db_index=True)
    role = models.CharField(_("角色"), max_length=8, choices=UnitRole.choices, default=UnitRole.CO)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("责任单位")
        ordering = ["measure", "order"]

    def __str__(self):
        return self.name


class Target(VersionedModel):
    """An indicator with its target value and deadline; other apps read it via queries.target()."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    measure = optional_link(Measure, on_delete=models.SET_NULL, related_name="targets")
    code = models.SlugField(_("指标编码"), max_length=64)
    label = models.CharField(_("指标"), max_length=255)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    value = money_field(_("目标值"))
    at_least = models.BooleanField(_("不少于"), default=False)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("目标")
        ordering = ["plan", "measure__number", "code"]
        constraints = [
            unique_rule(["plan", "code"], "plan_target_code_unique", _("同一计划中指标编码不能重复。")),
        ]

    def __str__(self):
        return self.label


class BudgetLine(VersionedModel):
    """Money the plan earmarks for a purpose (元)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    measure = optional_link(Measure, on_delete=models.SET_NULL, related_name="budget_lines")
    code = models.SlugField(_("编码"), max_length=64)
    label = models.CharField(_("用途"), max_length=255)
    amount = money_field(_("金额(元)"))

    class Meta:
        verbose_name = _("预算")
        ordering = ["plan", "measure__number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_budget_code_unique"),
        ]

    def __str__(self):
        return self.label


class PlanTaskQuerySet(models.QuerySet):
    def for_unit(self, units):
        return self.filter(unit__in=list(units))

    def overdue(self, today):
        return self.filter(deadline__lt=today).exclude(status=TaskStatus.DONE)


class PlanTask(TimeStampedModel, VersionedModel):
    """A task of a measure assigned to one responsible unit (R7.1)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="tasks")
    unit = models.CharField(_("责任单位"), max_length=128, db_index=True)
    title = models.CharField(_("任务"), max_length=255)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO)
    note = models.TextField(_("进展"), blank=True)
    # Set once when the task is found late (services.escalate_late_tasks); cleared when its deadline moves.
    escalated_on = models.DateField(_("逾期上报日期"), null=True, blank=True)
    created_by = user_field()

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("责任任务")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, today):
        return bool(self.deadline and self.deadline < today and self.status != TaskStatus.DONE)


class PostingKind(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", _("驻村第一书记")
    TOWN_GROUP = "town_group", _("镇(街)扶贫工作组")


class PostingQuerySet(ScopedQuerySet):
    # A village reads the secretary of its village and the work group of its town (the region above it).
    covering = True

    def on_post(self):
        return self.filter(on_post=True)

    def covering_village(self, village_code):
        """On-post secretaries and work groups whose villages include the village."""
        return self.on_post().filter(villages__code=village_code).distinct()


class Posting(TimeStampedModel, VersionedModel):
    """A village first secretary or a town work group on the roster (R7.2): who, sent by which unit, for
    which term, whether on post, and the villages covered."""

    view_permission = "plan.view_roster"

    kind = models.CharField(_("类别"), max_length=16, choices=PostingKind.choices)
    region_code = models.CharField(_("派驻地区划代码"), max_length=12, db_index=True)
    name = models.CharField(_("姓名/组长"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    sending_unit = models.CharField(_("派出单位"), max_length=128)
    term_starts_on = models.DateField(_("任期开始"))
    term_ends_on = models.DateField(_("任期结束"), null=True, blank=True)
    on_post = models.BooleanField(_("在岗"), default=True)
    villages = models.ManyToManyField(
        "regions.Region", verbose_name=_("联系村"), related_name="+", blank=True
    )
    user = user_field(_("系统账号"), related_name="postings")

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("派驻人员")
        verbose_name_plural = _("驻村第一书记和镇(街)工作组")
        ordering = ["region_code", "kind", "name"]
        constraints = [
            check_rule(
                models.Q(term_ends_on__isnull=True) | models.Q(term_ends_on__gte=models.F("term_starts_on")),
                "plan_posting_term_ordered",
                _("任期结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.sending_unit}）"
