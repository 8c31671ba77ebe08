"""East–west cooperation with Chongzuo (R6.1–R6.2): who helps which county, the agreement's indicators per
county and year, the monthly entries of what Fupin does not record, and a county's exit checklist.

Every record is read from two sides: the Chongzuo county's office (its `region_code`, the county or a village
of it) and the Jiangmen district or city body that helps it (`helper_code`). Both are the one scope
mechanism, `visible_to`, over two columns (`queries.visible`, docs/cooperation.md)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.cooperation.choices import (
    Area,
    CountyStage,
    CriterionKind,
    CriterionStatus,
    EntryStatus,
    PairingKind,
    Rule,
)
from fupin.core.fields import check_rule, money_field, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel

VIEW = "cooperation.view_indicator"
ZERO = Decimal("0")


class HelperQuerySet(ScopedQuerySet):
    """The same rows read from the Jiangmen side: scoped by the helping body's region."""

    region_field = "helper_code"


class PairedRecord(RegionScopedModel):
    """A record of a Chongzuo county (or one of its villages) and the Jiangmen body that helps it."""

    view_permission = VIEW

    helper_code = models.CharField(_("帮扶方区划"), max_length=12, db_index=True)

    objects = ScopedQuerySet.as_manager()
    by_helper = HelperQuerySet.as_manager()

    class Meta:
        abstract = True


class Pairing(PairedRecord, TimeStampedModel, VersionedModel):
    """Who helps whom: a Jiangmen district or city body and a Chongzuo county, town or village (携手奔小康),
    or a Jiangmen enterprise and a village (百企联百村), with what it gave."""

    kind = models.CharField(_("结对类型"), max_length=12, choices=PairingKind.choices)
    helper_unit = models.CharField(_("帮扶单位"), max_length=128)
    enterprise = models.CharField(_("结对企业"), max_length=128, blank=True)
    stage = models.CharField(
        _("县的阶段"), max_length=8, choices=CountyStage.choices, default=CountyStage.EXITED, blank=True
    )
    gift = money_field(_("帮扶资金(元)"), default=ZERO)
    gift_note = models.CharField(_("帮扶内容"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), default=2020)

    class Meta:
        verbose_name = _("结对关系")
        ordering = ["region_code", "kind", "id"]
        constraints = [
            check_rule(Q(gift__gte=0), "pairing_gift_not_negative", _("帮扶资金不能为负数。")),
            check_rule(
                ~Q(kind=PairingKind.ENTERPRISE) | ~Q(enterprise=""),
                "pairing_enterprise_named",
                _("百企联百村须填写结对企业。"),
            ),
        ]

    def __str__(self):
        return f"{self.helper_unit} · {self.enterprise or self.get_kind_display()}"


class Indicator(PairedRecord, TimeStampedModel, VersionedModel):
    """One indicator of the agreement for a county and year: area, unit, target, deadline and the rule that
    gives its actual (read from the work, or entered monthly). A Jiangmen figure counts once the county
    confirmed it, or after `confirm_by`."""

    year = models.PositiveSmallIntegerField(_("年度"), default=2020)
    area = models.CharField(_("领域"), max_length=12, choices=Area.choices)
    name = models.CharField(_("指标"), max_length=128)
    unit = models.CharField(_("计量单位"), max_length=16)
    target = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2)
    deadline = models.DateField(_("完成时限"))
    rule = models.CharField(_("取数规则"), max_length=20, choices=Rule.choices, default=Rule.ENTERED)
    responsible = models.CharField(_("责任单位"), max_length=128)
    confirm_by = models.DateField(_("确认截止日期"), null=True, blank=True)
    confirmed_value = models.DecimalField(
        _("已确认数值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    confirmed_by = user_field()

    class Meta:
        verbose_name = _("协议指标")
        ordering = ["region_code", "area", "id"]
        constraints = [
            unique_rule(
                ["region_code", "year", "name"],
                "indicator_once_per_county_year",
                _("该县本年度已有同名指标。"),
            ),
            check_rule(Q(target__gt=0), "indicator_target_positive", _("目标值必须大于零。")),
        ]

    def __str__(self):
        return self.name


class IndicatorEntry(PairedRecord, TimeStampedModel, VersionedModel):
    """What the responsible body did in a month for an entered indicator (cadres exchanged, meetings,
    visits), with its evidence; counted once approved."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("协议指标"), on_delete=models.CASCADE, related_name="entries"
    )
    month = models.DateField(_("月份"))
    value = models.DecimalField(_("本月完成"), max_digits=16, decimal_places=2)
    evidence = models.TextField(_("佐证材料"))
    status = models.CharField(
        _("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    reason = models.CharField(_("退回原因"), max_length=255, blank=True)
    entered_by = user_field()
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    approved_by = user_field()
    approved_on = models.DateField(_("审核日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("指标月报")
        ordering = ["indicator_id", "-month", "-id"]
        constraints = [
            unique_rule(["indicator", "month"], "indicator_entry_once_a_month", _("该指标本月已填报。")),
            check_rule(Q(value__gte=0), "indicator_entry_value_not_negative", _("完成数不能为负数。")),
        ]

    def __str__(self):
        return f"{self.indicator_id} · {self.month:%Y-%m}"


def entry_file_path(instance, filename):
    """Under MEDIA_ROOT, never served from MEDIA_URL: only by `cooperation:entry_file_download`."""
    return f"cooperation/evidence/{instance.region_code}/{instance.entry_id}/{filename}"


class EntryFile(PairedRecord):
    """A file of evidence (佐证材料) for a monthly entry: checked by `fupin.core.attachments`, read from both
    sides like its entry, served only through the scoped download view."""

    entry = models.ForeignKey(
        IndicatorEntry, verbose_name=_("指标月报"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=entry_file_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"), default=0)
    content_type = models.CharField(max_length=128, blank=True)
    by = user_field(_("上传人"), blank=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证文件")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class ExitCriterion(PairedRecord, TimeStampedModel, VersionedModel):
    """One criterion of a county's exit (摘帽) assessment: the figure read from the registry of its
    households or entered with evidence, the threshold, and whether it is met."""

    kind = models.CharField(_("退出指标"), max_length=12, choices=CriterionKind.choices)
    threshold = models.DecimalField(_("标准"), max_digits=10, decimal_places=2)
    population = models.PositiveIntegerField(_("农村人口(人)"), default=0)
    figure = models.DecimalField(_("核验数值"), max_digits=16, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CriterionStatus.choices, default=CriterionStatus.OPEN
    )
    checked_on = models.DateField(_("核验日期"), null=True, blank=True)
    ledger_item_id = models.PositiveIntegerField(_("问题台账编号"), null=True, blank=True)

    class Meta:
        verbose_name = _("摘帽退出指标")
        ordering = ["region_code", "kind"]
        constraints = [
            unique_rule(["region_code", "kind"], "exit_criterion_once_per_county", _("该县已有此退出指标。")),
        ]

    def __str__(self):
        return self.get_kind_display()
