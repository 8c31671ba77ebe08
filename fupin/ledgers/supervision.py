"""Supervision targets (挂牌督战, R5.1/R5.4/R5.5): one plan per target, monthly check-ins, renovation records,
and completion reported by the village and reviewed by the town.

Money is never typed here: what was spent on a target is what the funds app paid to its household
(`fupin.funds.queries`). Completing a housing or water target changes the household's registry fields
(危房等级, 饮水安全) through the registry's service, when the town accepts it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import DomainError, NotAllowed
from fupin.core.scope import check_scope
from fupin.ledgers import plausibility
from fupin.ledgers.choices import SupervisionGroup, TargetKind
from fupin.ledgers.models import (
    RESPONSIBLE_FIELDS,
    RenovationRecord,
    SupervisionCheckin,
    SupervisionTarget,
)
from fupin.ledgers.workflow import holds_level_above
from fupin.registry import queries as registry_queries
from fupin.registry import services as registry_services
from fupin.registry.choices import HousingGrade

PLAN_FIELDS = [
    "city_work_group",
    *RESPONSIBLE_FIELDS,
    "plan_measures",
    "plan_money",
    "plan_start",
    "plan_end",
    "deadline",
]
SAFE_GRADES = (HousingGrade.A, HousingGrade.B)
REVIEW = "ledgers.close_item"  # the town (the level above the target) reviews completion, as it closes items


def people_of(kind, household):
    """How the document counts a target (950 people): a person is one, a household its members, a village
    none."""
    if kind == TargetKind.PERSON:
        return 1
    if kind == TargetKind.HOUSEHOLD and household is not None:
        return len(registry_queries.household_members(household)) or 1
    return 0


def _check_plan(fields):
    if fields.get("plan_money") is not None and fields["plan_money"] < 0:
        raise DomainError(_("计划资金不能为负数。"), field="plan_money")
    start, end = fields.get("plan_start"), fields.get("plan_end")
    if start and end and end < start:
        raise DomainError(_("计划完成日期不能早于开始日期。"), field="plan_end")


@transaction.atomic
def add_target(*, by, kind, group, deadline, region_code=None, household=None, member=None, **fields):
    """Put a household, person or village under supervision (district/city office)."""
    if member is not None:
        household = household or member.household
    if household is not None:
        region_code = household.region_id
    if kind == TargetKind.PERSON and member is None:
        raise DomainError(_("督战对象为人时请选择人员。"), field="member")
    if kind == TargetKind.HOUSEHOLD and household is None:
        raise DomainError(_("督战对象为户时请选择贫困户。"), field="household")
    check_scope(by, "ledgers.manage_supervision", region_code)
    fields = {k: v for k, v in fields.items() if k in PLAN_FIELDS}
    _check_plan(fields)
    return create_recorded(
        SupervisionTarget,
        by=by,
        fields=["kind", "group", "deadline", "plan_money", "people"],
        values={"kind": kind, "group": group, "deadline": deadline, "people": people_of(kind, household)},
        action="ledgers.supervisiontarget.added",
        region_code=region_code,
        household=household,
        member=member,
        **fields,
    )


@transaction.atomic
def update_plan(target, *, by, version, **changes):
    """Edit the one plan of a target (一户一策) after its creation; the version the user saw must be current."""
    check_scope(by, "ledgers.change_item", target.region_code)
    changes = {k: v for k, v in changes.items() if k in PLAN_FIELDS}
    stored = SupervisionTarget.objects.get(pk=target.pk)  # a bound ModelForm has changed `target` in memory
    _check_plan({**snapshot(stored, ["plan_start", "plan_end"]), **changes})
    if stored.done:
        raise DomainError(_("已完成的督战对象不能修改帮扶计划。"))
    return update_versioned(
        target,
        by=by,
        version=version,
        fields=list(changes),
        values=changes,
        action="ledgers.supervisiontarget.changed",
        stored=True,
    )


@transaction.atomic
def check_in(target, *, by, month, text):
    """The monthly check-in; one per month, a second one for the same month is refused. No money here: it
    is read from the funds' payments."""
    check_scope(by, "ledgers.change_item", target.region_code)
    plausibility.check_checkin(month, timezone.localdate())  # refused with the reason (ledgers.plausibility)
    month = month.replace(day=1)
    if not (text or "").strip():
        raise DomainError(_("请填写帮扶情况。"), field="text")
    if SupervisionCheckin.objects.filter(target=target, month=month).exists():
        raise DomainError(_("本月已登记走访。"), field="month")
    checkin = SupervisionCheckin.objects.create(
        target=target, region_code=target.region_code, month=month, text=text, by=by
    )
    record(
        "ledgers.supervisioncheckin.added",
        by=by,
        target=target,
        note=text[:200],
        changes={"month": [None, str(month)]},
    )
    return checkin


# ---- Renovation records (危房改造) ---------------------------------------------------------------------


def _check_acceptance(accepted_on, grade_after):
    if accepted_on is None:
        return
    if accepted_on > timezone.localdate():
        raise DomainError(_("竣工验收日期不能晚于今天。"), field="accepted_on")
    if grade_after not in SAFE_GRADES:
        raise DomainError(_("竣工验收后的住房安全等级应为A级或B级。"), field="grade_after")


@transaction.atomic
def record_renovation(
    target, *, by, work, grade_before=None, started_on=None, accepted_on=None, grade_after=""
):
    """A renovation of a housing target's house: the grade before (the registry's, unless given), the work,
    and, once done, the acceptance date with the grade it was accepted at."""
    check_scope(by, "ledgers.change_item", target.region_code)
    if target.group != SupervisionGroup.HOUSING or target.household_id is None:
        raise DomainError(_("只有住房安全类的户督战对象登记危房改造。"))
    if not (work or "").strip():
        raise DomainError(_("请填写改造内容。"), field="work")
    grade_before = grade_before or target.household.housing_grade
    if grade_before not in HousingGrade.values:
        raise DomainError(_("住房安全等级无效。"), field="grade_before")
    _check_acceptance(accepted_on, grade_after)
    renovation = RenovationRecord.objects.create(
        target=target,
        region_code=target.region_code,
        grade_before=grade_before,
        work=work,
        started_on=started_on,
        accepted_on=accepted_on,
        grade_after=grade_after or "",
        by=by,
    )
    fields = ["grade_before", "work", "started_on", "accepted_on", "grade_after"]
    record(
        "ledgers.renovationrecord.added",
        by=by,
        target=target,
        changes=diff({}, snapshot(renovation, fields)),
    )
    return renovation


@transaction.atomic
def accept_renovation(renovation, *, by, accepted_on, grade_after):
    """The acceptance (竣工验收) of a renovation recorded before it was finished."""
    check_scope(by, "ledgers.change_item", renovation.region_code)
    if renovation.accepted_on is not None:
        raise DomainError(_("该改造已验收。"))
    if accepted_on is None:
        raise DomainError(_("请填写竣工验收日期。"), field="accepted_on")
    _check_acceptance(accepted_on, grade_after)
    RenovationRecord.objects.filter(pk=renovation.pk).update(accepted_on=accepted_on, grade_after=grade_after)
    renovation.refresh_from_db()
    record(
        "ledgers.renovationrecord.accepted",
        by=by,
        target=renovation.target,
        changes={"accepted_on": [None, str(accepted_on)], "grade_after": ["", grade_after]},
    )
    return renovation


def accepted_renovation(target):
    return target.renovations.filter(accepted_on__isnull=False).order_by("-accepted_on", "-id").first()


# ---- Completion: reported by the village, reviewed by the town ---------------------------------------


# The steps of a completion: the field each one's audit entry records, and whether it starts from a
# completion the village has reported (else from none); a target done takes no further step.
DONE_STEPS = {
    "done_requested": ("done_requested_on", False),
    "done": ("done", True),
    "done_returned": ("done_requested_on", True),
}


def _change_done(target, step, *, by, version, note="", **columns):
    """Take a step of DONE_STEPS: write `columns`, of which the entry records the step's field."""
    audited, requested = DONE_STEPS[step]
    return update_versioned(
        target,
        by=by,
        version=version,
        fields=[audited],
        values={audited: columns.pop(audited)},
        extra=columns,
        where={"done": False, "done_requested_on__isnull": not requested},
        action=f"ledgers.supervisiontarget.{step}",
        note=note,
    )


@transaction.atomic
def request_done(target, *, by, version, done_on=None):
    """The village reports the target done (申报完成); a housing target needs its accepted renovation."""
    check_scope(by, "ledgers.change_item", target.region_code)
    if target.done or target.done_requested_on:
        raise DomainError(_("该督战对象已申报完成或已完成。"), code="invalid_transition")
    if target.group == SupervisionGroup.HOUSING and target.household_id and not accepted_renovation(target):
        raise DomainError(_("住房安全类督战对象须先登记竣工验收的危房改造记录。"), field="renovation")
    done_on = done_on or timezone.localdate()
    return _change_done(
        target, "done_requested", by=by, version=version, done_requested_on=done_on, return_reason=""
    )


def _check_reviewer(target, by):
    check_scope(by, "ledgers.view_item", target.region_code)
    if not holds_level_above(by, REVIEW, target.region_code):
        raise NotAllowed(_("完成情况由上一级（镇、街）审核。"))
    if target.done or not target.done_requested_on:
        raise DomainError(_("该督战对象没有待审核的完成申报。"), code="invalid_transition")


@transaction.atomic
def accept_done(target, *, by, version):
    """The town accepts the completion; housing and water targets update the household's registry fields."""
    _check_reviewer(target, by)
    _change_done(
        target, "done", by=by, version=version, done=True, done_on=target.done_requested_on, reviewed_by=by
    )
    _update_registry(target, by)
    return target


def _update_registry(target, by):
    if target.household_id is None:
        return
    note = str(_("挂牌督战 #%(id)s 完成") % {"id": target.pk})
    if target.group == SupervisionGroup.HOUSING:
        renovation = accepted_renovation(target)
        registry_services.set_living_conditions(
            target.household, by=by, housing_grade=renovation.grade_after, note=note
        )
    elif target.group == SupervisionGroup.WATER:
        registry_services.set_living_conditions(target.household, by=by, water_safe=True, note=note)


@transaction.atomic
def return_done(target, *, by, version, reason):
    """The town sends the completion back with a reason; the target is under supervision again."""
    _check_reviewer(target, by)
    if not (reason or "").strip():
        raise DomainError(_("请填写退回原因。"), field="reason")
    return _change_done(
        target,
        "done_returned",
        by=by,
        version=version,
        note=reason,
        done_requested_on=None,
        return_reason=reason,
    )
