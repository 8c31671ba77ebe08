"""Writes of the training app, scoped and audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import record
from fupin.core.errors import DomainError, refused_if_duplicate
from fupin.core.scope import check_scope
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness

CHANGE = "training.change_class"
CLASS_FIELDS = ["program", "name", "mode", "place", "region_code", "starts_on", "ends_on", "seats", "cost"]
ENROLLMENT_FIELDS = ["attended_days", "completed", "certificate"]


@transaction.atomic
def open_class(*, by, **values) -> TrainingClass:
    check_scope(by, CHANGE, values.get("region_code", ""))
    if values["ends_on"] < values["starts_on"]:
        raise DomainError(_("结业日期不能早于开班日期。"), field="ends_on")
    if values.get("cost", 0) < 0:
        raise DomainError(_("培训经费不能为负数。"), field="cost")
    return create_recorded(
        TrainingClass, by=by, fields=CLASS_FIELDS, values=values, action="training.trainingclass.opened"
    )


@transaction.atomic
def enroll(training_class, *, by, laborer, on=None) -> Enrollment:
    """A laborer joins a class (training is free for registered poor laborers)."""
    check_scope(by, CHANGE, laborer.region_code)
    if training_class.enrollments.count() >= training_class.seats:
        raise DomainError(_("该班已满员。"))
    with refused_if_duplicate(_("该学员已在本班。")):
        enrollment = Enrollment.objects.create(
            training_class=training_class,
            laborer=laborer,
            region_code=laborer.region_code,
            enrolled_on=on or timezone.localdate(),
        )
    record("training.enrollment.created", by=by, target=enrollment)
    return enrollment


@transaction.atomic
def record_attendance(enrollment, *, by, version, **values):
    """Change the ENROLLMENT_FIELDS given (attended days, completed, certificate); None leaves one as it is."""
    check_scope(by, CHANGE, enrollment.region_code)
    values = {k: v for k, v in values.items() if k in ENROLLMENT_FIELDS and v is not None}
    if values.get("certificate") and not values.get("completed", enrollment.completed):
        raise DomainError(_("结业后才能登记证书。"), field="certificate")
    return update_versioned(
        enrollment,
        by=by,
        version=version,
        fields=ENROLLMENT_FIELDS,
        values=values,
        action="training.enrollment.updated",
    )


@transaction.atomic
def record_willingness(laborer, *, by, willing, program_kind="", on=None) -> TrainingWillingness:
    check_scope(by, CHANGE, laborer.region_code)
    row, _created = TrainingWillingness.objects.update_or_create(
        laborer=laborer,
        defaults={
            "region_code": laborer.region_code,
            "willing": willing,
            "program_kind": program_kind,
            "recorded_on": on or timezone.localdate(),
        },
    )
    record(
        "training.trainingwillingness.recorded",
        by=by,
        target=row,
        changes={"willing": [None, willing], "program_kind": [None, program_kind]},
    )
    return row
