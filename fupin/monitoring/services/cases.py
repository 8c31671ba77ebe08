"""The procedure: signal → village assessment and 民主评议 → town review → county confirmation, each step
with its time limit; the same chain clears a risk (风险消除) when the criteria hold. History stays."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import build, record, record_many
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_scope
from fupin.monitoring import tally
from fupin.monitoring.choices import CaseStep, Colour, Outcome, Purpose, RiskType, SignalStatus
from fupin.monitoring.criteria import clearing_problems
from fupin.monitoring.models import CaseEvent, MonitoringCase, Signal
from fupin.monitoring.services.common import (
    CHANGE,
    add_days,
    county_check,
    household_state,
    step_days,
    threshold,
    town_check,
)
from fupin.registry.choices import EXITED_STATUSES, HouseholdCategory, MonitoringMark

NEXT = {CaseStep.VILLAGE: CaseStep.TOWN, CaseStep.TOWN: CaseStep.COUNTY, CaseStep.COUNTY: CaseStep.DONE}
STEP_INDEX = {CaseStep.VILLAGE: 0, CaseStep.TOWN: 1, CaseStep.COUNTY: 2}
SEVERITY = [Colour.YELLOW, Colour.ORANGE, Colour.RED]


def _kind_of(household):
    if household.category == HouseholdCategory.EDGE:
        return MonitoringMark.EDGE
    if household.status in EXITED_STATUSES:
        return MonitoringMark.UNSTABLE
    raise DomainError(_("未脱贫户和返贫户已在帮扶之中，不作为监测对象识别。"))


def _pending(household):
    return MonitoringCase.objects.filter(household=household, outcome=Outcome.PENDING).exists()


def _event(case, action, *, by, note="", on=None):
    CaseEvent.objects.create(
        case=case,
        region_code=case.region_code,
        step=case.step,
        action=action,
        note=note[:500],
        by=by,
        on=on or timezone.localdate(),
    )


@transaction.atomic
def open_case(household, *, by, note="", on=None) -> MonitoringCase:
    """Start the procedure for a household from its open signals (at least one)."""
    check_scope(by, CHANGE, household.region_id)
    if _pending(household):
        raise DomainError(_("该户已有办理中的监测程序。"))
    kind = _kind_of(household)
    signals = list(Signal.objects.filter(household=household, status=SignalStatus.OPEN))
    if not signals:
        raise DomainError(_("该户没有待研判的预警信息。"))
    on = on or timezone.localdate()
    colour = max((s.colour for s in signals), key=SEVERITY.index)
    risk_type = next((s.risk_type for s in signals if s.risk_type), RiskType.OTHER)
    case = _new_case(
        household, by=by, purpose=Purpose.IDENTIFY, kind=kind, risk_type=risk_type, colour=colour, on=on
    )
    Signal.objects.filter(pk__in=[s.pk for s in signals]).update(status=SignalStatus.IN_CASE, case=case)
    for signal in signals:
        old_key, signal.status = tally.signal_key(signal), SignalStatus.IN_CASE
        tally.move(old_key, tally.signal_key(signal))
    _event(case, "opened", by=by, note=note, on=on)
    record(
        "monitoring.case.opened",
        by=by,
        target=case,
        changes={"signals": [None, len(signals)], "step": [None, case.step]},
        note=note,
    )
    return case


def _new_case(household, *, by, purpose, kind, risk_type, colour, on):
    days = step_days()
    case = MonitoringCase.objects.create(
        household=household,
        region_code=household.region_id,
        purpose=purpose,
        kind=kind,
        risk_type=risk_type,
        colour=colour,
        opened_on=on,
        step_started_on=on,
        step_deadline=add_days(on, days[0]),
        due_on=add_days(on, sum(days)),
        opened_by=by,
    )
    tally.apply_delta(tally.case_key(case), 1)
    return case


@transaction.atomic
def open_clearing(household, *, by, note="", on=None) -> MonitoringCase:
    """Ask for 风险消除 of a monitored household: refused, with the reasons, while a criterion fails."""
    check_scope(by, CHANGE, household.region_id)
    if household.monitoring_mark not in (MonitoringMark.UNSTABLE, MonitoringMark.EDGE):
        raise DomainError(_("该户不是监测对象。"))
    if _pending(household):
        raise DomainError(_("该户已有办理中的监测程序。"))
    _check_clearing(household)
    confirmed = (
        MonitoringCase.objects.filter(household=household, outcome=Outcome.CONFIRMED)
        .order_by("-closed_on")
        .first()
    )
    on = on or timezone.localdate()
    case = _new_case(
        household,
        by=by,
        purpose=Purpose.CLEAR,
        kind=household.monitoring_mark,
        risk_type=confirmed.risk_type if confirmed else RiskType.OTHER,
        colour=Colour.YELLOW,
        on=on,
    )
    _event(case, "opened", by=by, note=note, on=on)
    record("monitoring.case.clearing_opened", by=by, target=case, note=note)
    return case


def _check_clearing(household):
    problems = clearing_problems(household_state(household), threshold())
    if problems:
        raise DomainError(_("风险消除条件未满足：%(p)s") % {"p": "".join(problems)}, code="criteria")


def _check_step(case, by):
    if case.step == CaseStep.VILLAGE:
        check_scope(by, CHANGE, case.region_code)
    elif case.step == CaseStep.TOWN:
        town_check(by, case.region_code)
    elif case.step == CaseStep.COUNTY:
        county_check(by, case.region_code)
    else:
        check_scope(by, CHANGE, case.region_code)
        raise DomainError(_("该监测程序已办结。"))


@transaction.atomic
def approve_step(case, *, by, version, note="", appraisal="") -> MonitoringCase:
    """The current level agrees: the case goes up a level (with the next step's time limit), or, at the
    county, ends confirmed (the household marked) or cleared (marked 风险已消除)."""
    _check_step(case, by)
    if case.step == CaseStep.VILLAGE and not (appraisal or "").strip():
        raise DomainError(_("请填写村级评估和民主评议情况。"), field="appraisal")
    household = case.household
    if case.purpose == Purpose.CLEAR:
        _check_clearing(household)
    today = timezone.localdate()
    step, values = NEXT[case.step], {}
    if step == CaseStep.DONE:
        outcome = Outcome.CLEARED if case.purpose == Purpose.CLEAR else Outcome.CONFIRMED
        values = {"outcome": outcome, "closed_on": today, "step_deadline": None}
    else:
        values = {"step_deadline": add_days(today, step_days()[STEP_INDEX[step]])}
    if case.step == CaseStep.VILLAGE:
        values["appraisal"] = appraisal.strip()[:500]
    before = case.step
    _move(case, version, step=step, step_started_on=today, **values)
    _event(case, "approved", by=by, note=note, on=today)
    if step == CaseStep.DONE:
        _mark(household, case, by)
        case.refresh_from_db()
    _record_move(
        f"monitoring.case.{'advanced' if step != CaseStep.DONE else case.outcome}", case, by, before, note
    )
    return case


def _mark(household, case, by):
    from fupin.registry.services import set_monitoring_mark

    mark = MonitoringMark.CLEARED if case.outcome == Outcome.CLEARED else case.kind
    watched = MonitoringCase.objects.filter(household=household, monitored=True)
    for old in watched:
        old_key, old.monitored = tally.case_key(old), False
        tally.move(old_key, tally.case_key(old))
    watched.update(monitored=False)
    if case.outcome == Outcome.CONFIRMED:
        MonitoringCase.objects.filter(pk=case.pk).update(monitored=True)
        old_key, case.monitored = tally.case_key(case), True
        tally.move(old_key, tally.case_key(case))
    set_monitoring_mark(household, by=by, mark=mark, note=_("监测程序 #%(n)d 县级确认") % {"n": case.pk})


@transaction.atomic
def reject_step(case, *, by, version, note) -> MonitoringCase:
    """The current level disagrees, with its reason: the case ends (not monitored, or still monitored)."""
    _check_step(case, by)
    if not (note or "").strip():
        raise DomainError(_("请填写不同意的理由。"), field="note")
    outcome = Outcome.KEPT if case.purpose == Purpose.CLEAR else Outcome.REJECTED
    before = case.step
    _move(
        case, version, step=CaseStep.DONE, outcome=outcome, closed_on=timezone.localdate(), step_deadline=None
    )
    _event(case, "rejected", by=by, note=note)
    _record_move("monitoring.case.rejected", case, by, before, note)
    return case


def _record_move(action, case, by, before, note):
    """The audit entry of a step taken: the step it left and reached, and the outcome once it ends."""
    changes = {"step": [before, case.step]}
    if case.outcome != Outcome.PENDING:
        changes["outcome"] = [Outcome.PENDING, case.outcome]
    record(action, by=by, target=case, changes=changes, note=note)


def _move(case, version, **values):
    old_key = tally.case_key(case)
    updated = MonitoringCase.objects.filter(pk=case.pk, version=version, step=case.step).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError()
    case.refresh_from_db()
    tally.move(old_key, tally.case_key(case))


@transaction.atomic
def escalate_late_steps(*, today=None) -> int:
    """Each step past its time limit and not yet reported is escalated once: an event on the case and an
    audit entry; the level above then finds it among the overdue items of its inbox."""
    today = today or timezone.localdate()
    late = MonitoringCase.objects.filter(step__in=list(STEP_INDEX), step_deadline__lt=today).filter(
        Q(escalated_on__isnull=True) | Q(escalated_on__lt=F("step_started_on"))
    )
    cases = list(late)
    if not cases:
        return 0
    MonitoringCase.objects.filter(pk__in=[c.pk for c in cases]).update(escalated_on=today)
    CaseEvent.objects.bulk_create(
        CaseEvent(case=c, region_code=c.region_code, step=c.step, action="escalated", on=today) for c in cases
    )
    record_many(
        build(
            "monitoring.case.escalated",
            target=c,
            region_code=c.region_code,
            changes={"escalated_on": [None, str(today)]},
            note=_("%(s)s逾期，已提交上级") % {"s": c.get_step_display()},
        )
        for c in cases
    )
    return len(cases)
