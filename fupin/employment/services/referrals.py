"""A referral's steps: interview, placement, one and three months on the post, or its end."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment import matching
from fupin.employment.choices import (
    PLACED_STAGES,
    REFERRAL_STEPS,
    LaborerStatus,
    ReferralStage,
    VacancyStatus,
)
from fupin.employment.models import Laborer, Referral, Vacancy
from fupin.employment.services.common import CHANGE
from fupin.employment.services.laborers import put_on_post


def next_step(referral):
    stages = [s for s, _ in REFERRAL_STEPS]
    if referral.stage not in stages or referral.stage == stages[-1]:
        return None
    return REFERRAL_STEPS[stages.index(referral.stage) + 1]


@transaction.atomic
def advance_referral(referral, *, by, version, on=None) -> Referral:
    """Move a referral one step (interview → placed → 1 month → 3 months), dated; placement updates the laborer."""
    check_scope(by, CHANGE, referral.region_code)
    step = next_step(referral)
    if step is None:
        raise DomainError(_("该推荐已无后续步骤。"))
    stage, date_field = step
    on = on or timezone.localdate()
    previous = getattr(referral, dict((s, f) for s, f in REFERRAL_STEPS)[referral.stage])
    if previous and on < previous:
        raise DomainError(_("日期不能早于上一步骤（%(d)s）。") % {"d": previous}, field="on")
    referral = update_versioned(
        referral,
        by=by,
        version=version,
        fields=["stage", date_field],
        values={"stage": stage, date_field: on},
        action=f"employment.referral.{stage}",
    )
    if stage == ReferralStage.PLACED:
        _place(referral, by=by)
    return referral


def _place(referral, *, by):
    lab, vacancy = referral.laborer, referral.vacancy
    area = str(matching.area_between(lab.region_code, vacancy.region_code))
    work = ["work_status", "work_area", "employer"]
    before = snapshot(lab, work)
    put_on_post(lab.pk, area=area, employer=vacancy.enterprise.name[:128])
    lab.refresh_from_db()
    record("employment.laborer.placed", by=by, target=lab, changes=diff(before, snapshot(lab, work)))
    placed = Referral.objects.filter(vacancy=vacancy, stage__in=PLACED_STAGES).count()
    if placed >= vacancy.seats and vacancy.status == VacancyStatus.OPEN:
        Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED, version=F("version") + 1)
        record("employment.vacancy.filled", by=by, target=vacancy, changes={"status": ["open", "filled"]})


@transaction.atomic
def end_referral(referral, *, by, version, on=None, note=""):
    """The referral ends (not hired, or left the post); a placed laborer goes back to 待返岗."""
    check_scope(by, CHANGE, referral.region_code)
    if referral.stage == ReferralStage.ENDED:
        raise DomainError(_("该推荐已终止。"))
    was_placed = referral.stage in PLACED_STAGES
    update_versioned(
        referral,
        by=by,
        version=version,
        fields=[],  # the entry says the referral ended, with the note; no field changes
        values={},
        extra={"stage": ReferralStage.ENDED, "ended_on": on or timezone.localdate(), "note": note[:255]},
        action="employment.referral.ended",
        note=note,
    )
    if was_placed:
        Laborer.objects.filter(pk=referral.laborer_id).update(
            work_status=LaborerStatus.WAITING, version=F("version") + 1
        )
    return referral
