"""Skills training (R2.8): programs, classes, enrollments and each laborer's willingness."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, unique_rule
from fupin.core.models import TimeStampedModel, VersionedModel
from fupin.core.scoped_models import RegionScopedModel
from fupin.training.choices import ClassMode, ProgramKind

VIEW = "training.view_class"


class Program(models.Model):
    """A training programme (粤菜师傅, 南粤家政, 广东技工 or another)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=ProgramKind.choices)

    class Meta:
        verbose_name = _("培训项目")
        ordering = ["id"]

    def __str__(self):
        return self.name


class TrainingClass(RegionScopedModel, TimeStampedModel, VersionedModel):
    """One class of a programme, held in a place, between two dates, at a cost."""

    view_permission = VIEW

    program = models.ForeignKey(
        Program, verbose_name=_("培训项目"), on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField(_("班次名称"), max_length=128)
    mode = models.CharField(_("培训方式"), max_length=12, choices=ClassMode.choices)
    place = models.CharField(_("培训地点"), max_length=128)
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    seats = models.PositiveIntegerField(_("计划人数"), default=30)
    cost = models.DecimalField(_("培训经费(元)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("培训班")
        ordering = ["-starts_on", "id"]
        constraints = [
            check_rule(
                models.Q(ends_on__gte=models.F("starts_on")),
                "training_class_ends_after_start",
                _("结业日期不能早于开班日期。"),
            ),
        ]

    def __str__(self):
        return self.name


class Enrollment(RegionScopedModel, TimeStampedModel, VersionedModel):
    """A laborer in a class: attendance, completion and certificate."""

    view_permission = VIEW

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="enrollments"
    )
    laborer = models.ForeignKey(
        "employment.Laborer", verbose_name=_("学员"), on_delete=models.CASCADE, related_name="enrollments"
    )
    enrolled_on = models.DateField(_("报名日期"))
    attended_days = models.PositiveSmallIntegerField(_("出勤天数"), default=0)
    completed = models.BooleanField(_("已结业"), default=False)
    certificate = models.CharField(_("证书"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("培训学员")
        ordering = ["training_class_id", "id"]
        constraints = [
            unique_rule(["training_class", "laborer"], "enrollment_once_per_class", _("该学员已在本班。")),
        ]

    def __str__(self):
        return f"{self.laborer} @ {self.training_class}"


class TrainingWillingness(RegionScopedModel, TimeStampedModel, VersionedModel):
    """Whether a poor laborer wants to be trained, and in what."""

    view_permission = VIEW

    laborer = models.OneToOneField(
        "employment.Laborer",
        verbose_name=_("劳动力"),
        on_delete=models.CASCADE,
        related_name="training_willingness",
    )
    willing = models.BooleanField(_("有培训意愿"), default=True)
    program_kind = models.CharField(_("意向项目"), max_length=16, choices=ProgramKind.choices, blank=True)
    recorded_on = models.DateField(_("登记日期"))

    class Meta:
        verbose_name = _("培训意愿")
        ordering = ["region_code", "id"]

    def __str__(self):
        return f"{self.laborer}: {self.willing}"
