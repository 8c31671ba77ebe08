"""Ledger items (台账) with progress and evidence, screening checks, and supervision targets (挂牌督战)."""

import re
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, optional_link, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.ledgers.choices import (
    Category,
    CheckItem,
    DoneStatus,
    ItemStatus,
    LedgerKind,
    Priority,
    RectificationType,
    ScreeningScope,
    Source,
    SupervisionGroup,
    TargetKind,
)
from fupin.registry.choices import HousingGrade

# Units in `responsible_units` are separated by “、” (the form's help text); imported sheets also use commas.
UNIT_SEPARATORS = re.compile(r"[、,，;；/\s]+")


class LedgerItemQuerySet(ScopedQuerySet):
    def not_closed(self):
        return self.exclude(status=ItemStatus.CLOSED)

    def overdue(self, today):
        """Open items past their deadline; overdue is derived, never stored."""
        return self.filter(deadline__lt=today).not_closed()

    def due_within(self, today, days):
        return self.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days)).not_closed()

    def for_units(self, units):
        q = Q(pk__in=[])
        for unit in units:
            q |= Q(lead_unit=unit) | Q(responsible_units__contains=unit)
        return self.filter(q)


class ResponsiblePeople(models.Model):
    """Who answers for an item or a target at the district, the town and the village, with their phones."""

    district_person = models.CharField(_("市(区)责任人"), max_length=64, blank=True)
    district_phone = models.CharField(_("市(区)责任人电话"), max_length=32, blank=True)
    town_person = models.CharField(_("镇(街)责任人"), max_length=64, blank=True)
    town_phone = models.CharField(_("镇(街)责任人电话"), max_length=32, blank=True)
    village_person = models.CharField(_("村(居)责任人"), max_length=64, blank=True)
    village_phone = models.CharField(_("村(居)责任人电话"), max_length=32, blank=True)

    class Meta:
        abstract = True


RESPONSIBLE_FIELDS = [field.name for field in ResponsiblePeople._meta.local_fields]


class LedgerItem(TimeStampedModel, VersionedModel, ResponsiblePeople):
    """One line of a ledger: a problem, task or assistance entry, rectified and closed item by item."""

    view_permission = "ledgers.view_item"

    kind = models.CharField(_("台账类型"), max_length=16, choices=LedgerKind.choices)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    household = optional_link("registry.Household", _("涉及户"))
    members = models.ManyToManyField(
        "registry.Member", verbose_name=_("涉及人员"), blank=True, related_name="+"
    )
    measure = optional_link("plan.Measure", _("对应措施"), on_delete=models.SET_NULL)
    source = models.CharField(_("问题来源"), max_length=24, choices=Source.choices, default=Source.SELF_CHECK)
    category = models.CharField(
        _("问题类别"), max_length=24, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("问题描述"))
    target = models.TextField(_("整改目标"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    lead_unit = models.CharField(_("牵头单位"), max_length=128, blank=True)
    responsible_units = models.CharField(
        _("责任单位"), max_length=512, blank=True, help_text=_("多个单位用“、”分隔")
    )
    priority = models.CharField(
        _("轻重缓急"), max_length=1, choices=Priority.choices, default=Priority.NORMAL
    )
    deadline = models.DateField(_("整改时限"))
    rectification_type = models.CharField(
        _("整改类型"), max_length=12, choices=RectificationType.choices, default=RectificationType.DEADLINE
    )
    status = models.CharField(
        _("整改状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    close_requested_on = models.DateField(_("申请销号日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closed_by = user_field(_("验收人"))
    created_by = user_field(_("填报人"))
    note = models.TextField(_("备注"), blank=True)
    origin = models.CharField(
        _("来源标识"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("由系统生成事项时记下出处（如每周跟踪的周、户和方面），防止重复生成"),
    )

    objects = LedgerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账事项")
        ordering = ["deadline", "id"]
        indexes = [
            # Covers the board (group by kind/status/unit within a region range) and the overdue list.
            models.Index(
                fields=["region_code", "kind", "status", "deadline", "lead_unit"], name="ledger_board"
            ),
            models.Index(fields=["status", "deadline"], name="ledger_status_deadline"),
            # The city and district boards count (kind, status) per child region and per unit by range seeks.
            models.Index(
                fields=["kind", "status", "region_code", "deadline"], name="ledger_kind_status_region"
            ),
            models.Index(
                fields=["kind", "status", "lead_unit", "region_code", "deadline"],
                name="ledger_kind_status_unit",
            ),
            models.Index(fields=["deadline", "region_code"], name="ledger_deadline_region"),
        ]
        constraints = [
            check_rule(
                ~Q(status=ItemStatus.CLOSED) | Q(closed_on__isnull=False),
                "ledger_closed_has_date",
                _("已销号的事项必须有销号日期。"),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.description[:40]}"

    def is_overdue(self, today):
        return self.status != ItemStatus.CLOSED and self.deadline < today

    def units(self) -> set[str]:
        """The lead unit and the co-responsible units (written one after another, separated by “、”)."""
        names = [self.lead_unit, *UNIT_SEPARATORS.split(self.responsible_units or "")]
        return {name.strip() for name in names if name and name.strip()}

    def days_left(self, today):
        return (self.deadline - today).days


class ItemRecord(RegionScopedModel):
    """A record written under a ledger item or a supervision target (progress, evidence, a screening, a
    renovation): scoped by its region, read with the ledgers' view permission, kept with who wrote it and
    when."""

    view_permission = "ledgers.view_item"

    by = user_field(blank=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class ProgressEntry(ItemRecord):
    """A dated progress note on an item (整改情况/进展)."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("日期"))
    text = models.TextField(_("进展"))
    by = user_field(_("填报人"), blank=False)

    class Meta:
        verbose_name = _("整改进展")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.text[:40]}"


def evidence_path(instance, filename):
    return f"ledgers/evidence/{instance.region_code}/{instance.item_id}/{filename}"


class Evidence(ItemRecord):
    """Supporting material (佐证材料): a text and/or a file; files are served only through a scoped view."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="evidence")
    text = models.TextField(_("说明"), blank=True)
    file = models.FileField(_("文件"), upload_to=evidence_path, blank=True, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    content_type = models.CharField(max_length=128, blank=True)
    by = user_field(_("上传人"), blank=False)
    screening = optional_link("ScreeningCheck", on_delete=models.SET_NULL)

    class Meta(ItemRecord.Meta):
        verbose_name = _("佐证材料")

    def __str__(self):
        return self.original_name or self.text[:40]


class ScreeningCheck(ItemRecord):
    """One screening (全面排查) of a household or a village against the checklist (R5.2)."""

    scope = models.CharField(_("排查对象"), max_length=12, choices=ScreeningScope.choices)
    household = optional_link("registry.Household")
    checked_on = models.DateField(_("排查日期"))
    collective_income = models.DecimalField(
        _("村级集体可支配收入(元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("排查")
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.get_scope_display()} {self.household_id or self.region_code} {self.checked_on}"


class ScreeningResult(models.Model):
    """One checklist item of a screening; a failed item points to the problem-list item it created."""

    screening = models.ForeignKey(ScreeningCheck, on_delete=models.CASCADE, related_name="results")
    item = models.CharField(_("排查项"), max_length=24, choices=CheckItem.choices)
    passed = models.BooleanField(_("通过"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    ledger_item = optional_link(LedgerItem, on_delete=models.SET_NULL, related_name="screening_results")

    class Meta:
        verbose_name = _("排查结果")
        constraints = [models.UniqueConstraint(fields=["screening", "item"], name="screening_result_unique")]

    def __str__(self):
        return f"{self.get_item_display()}: {'✓' if self.passed else '✗'}"


class SupervisionTargetQuerySet(ScopedQuerySet):
    def done(self):
        return self.filter(done=True)


class SupervisionTarget(TimeStampedModel, VersionedModel, ResponsiblePeople):
    """A household, person or village under supervision (挂牌督战) with its one plan (一户一策)."""

    view_permission = "ledgers.view_item"

    kind = models.CharField(_("对象类型"), max_length=12, choices=TargetKind.choices)
    group = models.CharField(_("督战类别"), max_length=12, choices=SupervisionGroup.choices)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    household = optional_link("registry.Household")
    member = optional_link("registry.Member")
    city_work_group = models.CharField(_("市级挂钩工作组"), max_length=128, blank=True)
    plan_measures = models.TextField(_("帮扶措施（一户一策）"), blank=True)
    plan_money = models.DecimalField(_("计划资金(元)"), max_digits=12, decimal_places=2, default=0)
    plan_start = models.DateField(_("开始日期"), null=True, blank=True)
    plan_end = models.DateField(_("计划完成日期"), null=True, blank=True)
    deadline = models.DateField(_("督战时限"))
    people = models.PositiveIntegerField(
        _("督战人数"),
        default=1,
        help_text=_("按文件口径计人数：督战对象为人时为1，为户时为登记时的家庭人口"),
    )
    done = models.BooleanField(_("已完成"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_requested_on = models.DateField(_("申报完成日期"), null=True, blank=True)
    reviewed_by = user_field(_("审核人"))
    return_reason = models.TextField(_("退回原因"), blank=True)

    objects = SupervisionTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("督战对象")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["region_code", "group", "done"], name="supervision_board")]
        constraints = [
            check_rule(
                Q(done=False) | Q(done_on__isnull=False),
                "supervision_done_date",
                _("已完成的督战对象必须有完成日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_group_display()} {self.household_id or self.region_code}"

    @property
    def done_status(self):
        """Derived from `done` (set only by the town's review) and the village's request."""
        if self.done:
            return DoneStatus.DONE
        return DoneStatus.REQUESTED if self.done_requested_on else DoneStatus.OPEN


class SupervisionCheckin(models.Model):
    """A monthly check-in on a supervision target."""

    target = models.ForeignKey(SupervisionTarget, on_delete=models.CASCADE, related_name="checkins")
    region_code = models.CharField(max_length=12, db_index=True)
    month = models.DateField(_("月份"))
    text = models.TextField(_("帮扶情况"))
    by = user_field(blank=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("月度走访")
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["target", "month"], name="supervision_checkin_month")]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class RenovationRecord(ItemRecord):
    """The renovation of a housing target's house (危房改造): grade before, the work, acceptance (R5.5)."""

    target = models.ForeignKey(SupervisionTarget, on_delete=models.CASCADE, related_name="renovations")
    grade_before = models.CharField(_("改造前危房等级"), max_length=1, choices=HousingGrade.choices)
    work = models.TextField(_("改造内容"))
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    accepted_on = models.DateField(_("竣工验收日期"), null=True, blank=True)
    grade_after = models.CharField(
        _("验收后住房安全等级"), max_length=1, choices=HousingGrade.choices, blank=True
    )

    class Meta(ItemRecord.Meta):
        verbose_name = _("危房改造记录")
        constraints = [
            check_rule(
                Q(accepted_on__isnull=True) | ~Q(grade_after=""),
                "renovation_accepted_has_grade",
                _("竣工验收时须填写验收后的住房安全等级。"),
            ),
        ]

    def __str__(self):
        return f"{self.grade_before} → {self.grade_after or '…'} {self.work[:30]}"


class VillageProfile(TimeStampedModel, VersionedModel):
    """A village in the village register (村情登记): whether it is an old revolutionary village (革命老区村)."""

    view_permission = "ledgers.view_item"

    region_code = models.CharField(_("村"), max_length=12, unique=True)
    old_revolutionary = models.BooleanField(_("革命老区村"), default=False)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村情登记")
        ordering = ["region_code"]

    def __str__(self):
        return self.region_code


class CollectiveIncome(RegionScopedModel):
    """A village's collective disposable income (村级集体可支配收入) of one year."""

    view_permission = "ledgers.view_item"

    village = models.ForeignKey(VillageProfile, on_delete=models.CASCADE, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("村级集体可支配收入(元)"), max_digits=12, decimal_places=2)
    by = user_field(blank=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("村级集体收入")
        ordering = ["village", "year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="collective_income_year"),
            check_rule(Q(amount__gte=0), "collective_income_not_negative", _("村级集体收入不能为负数。")),
        ]

    def __str__(self):
        return f"{self.region_code} {self.year}: {self.amount}"


class LedgerTally(models.Model):
    """Ledger items per town, kind, lead unit and status: the status counts of the city and district boards,
    summed over a few thousand rows instead of counted over every item.

    `region_code` is the item's town (its code cut to nine digits, padded: an item of a village is counted
    under its town, an item of a county or the city under that region itself), so the rows serve any scope
    down to a town. Maintained by the ledger services in the transaction of every write that creates an item
    or changes its kind, lead unit or status (`fupin.ledgers.tally`), and recomputed by `rebuild_tallies`
    for bulk writers. Overdue is derived from the deadline and the day, so it is never tallied.
    """

    view_permission = "ledgers.view_item"

    region_code = models.CharField(_("所在镇代码"), max_length=12)
    kind = models.CharField(_("台账类型"), max_length=16, choices=LedgerKind.choices)
    lead_unit = models.CharField(_("牵头单位"), max_length=128, blank=True)
    status = models.CharField(_("整改状态"), max_length=16, choices=ItemStatus.choices)
    items = models.IntegerField(_("事项数"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账统计")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "kind", "lead_unit", "status"], name="ledger_tally_unique"
            ),
        ]

    def __str__(self):
        return f"{self.region_code} {self.kind}/{self.lead_unit}/{self.status}: {self.items}"


# ---- A district's assistance ledger reported to the city (R1.2, fupin.ledgers.submission) ----------------


class LedgerSubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已接收")


class LedgerSubmission(TimeStampedModel, VersionedModel):
    """A district's assistance ledger (帮扶工作台账) reported to the city as of a date, with its figures then:
    submitted by the district office, then accepted or returned (with a reason) by the city office."""

    view_permission = "ledgers.view_item"

    region_code = models.CharField(_("市(区)代码"), max_length=12, db_index=True)
    kind = models.CharField(
        _("台账类型"), max_length=16, choices=LedgerKind.choices, default=LedgerKind.ASSISTANCE
    )
    as_of = models.DateField(_("报送截至日期"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=LedgerSubmissionStatus.choices,
        default=LedgerSubmissionStatus.SUBMITTED,
    )
    # The ledger's counts when it was (last) submitted: {"items": n, "open": n, "closed": n, "overdue": n}.
    figures = models.JSONField(_("报送时台账数据"), default=dict, blank=True)
    note = models.CharField(_("报送说明"), max_length=500, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"))
    submitted_by = user_field(_("报送人"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = user_field(_("处理人"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账报送")
        ordering = ["-as_of", "region_code"]
        constraints = [
            unique_rule(
                ["region_code", "kind", "as_of"],
                "ledger_submission_once_per_day",
                _("该市(区)该日的台账已报送。"),
            ),
        ]

    def __str__(self):
        return f"{self.region_code} {self.kind} {self.as_of}"
