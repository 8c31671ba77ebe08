"""贫困户退出 (2016 exit rules): 拟退出 with the criteria checked → 民主评议 → 村内公示 (dates, objections
recorded and resolved) → town verification → county approval and 公告 → 销号 with the year. Each step is one
service; a household failing a criterion cannot go forward, and is told why."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_scope
from fupin.monitoring import tally
from fupin.monitoring.choices import ExitStep
from fupin.monitoring.criteria import exit_checks, failed
from fupin.monitoring.models import ExitCase, ExitObjection
from fupin.monitoring.services.common import CHANGE, county_check, household_state, national_line, town_check
from fupin.registry.choices import HouseholdCategory, PovertyStatus

NOTICE_DAYS = 7  # 村内公示: at least a week, the practice of the 2016 exit rules' provincial rules
OPEN_STEPS = [ExitStep.PROPOSED, ExitStep.APPRAISED, ExitStep.NOTICE, ExitStep.VERIFIED, ExitStep.APPROVED]


def _checks(household, agreed=True):
    checks = exit_checks(household_state(household), national_line(), agreed)
    problems = failed(checks)
    if problems:
        raise DomainError(_("不符合退出标准：%(p)s") % {"p": "；".join(problems)}, code="criteria")
    return [[str(code), passed, text] for code, passed, text in checks]


def _move(exit_case, version, step_from, step_to, action, *, by, note="", **values):
    if exit_case.step != step_from:
        raise DomainError(_("当前环节不能执行此操作。"), code="invalid_transition")
    old_key = tally.exit_key(exit_case)
    updated = ExitCase.objects.filter(pk=exit_case.pk, version=version, step=step_from).update(
        step=step_to, version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise ConflictError()
    exit_case.refresh_from_db()
    tally.move(old_key, tally.exit_key(exit_case))
    shown = {k: str(v) if v is not None else None for k, v in values.items() if k != "criteria"}
    record(
        f"monitoring.exitcase.{action}",
        by=by,
        target=exit_case,
        changes={"step": [step_from, step_to], **{k: [None, v] for k, v in shown.items()}},
        note=note,
    )
    return exit_case


@transaction.atomic
def propose_exit(household, *, by, agreed, on=None) -> ExitCase:
    """拟退出, proposed by the village with the household's agreement, the criteria checked."""
    check_scope(by, CHANGE, household.region_id)
    if household.category == HouseholdCategory.EDGE or household.status not in (
        PovertyStatus.NOT_EXITED,
        PovertyStatus.RETURNED,
    ):
        raise DomainError(_("只有未脱贫或返贫的建档立卡贫困户可以申请退出。"))
    if ExitCase.objects.filter(household=household, step__in=OPEN_STEPS).exists():
        raise DomainError(_("该户已有办理中的退出程序。"))
    criteria = _checks(household, agreed)
    exit_case = ExitCase.objects.create(
        household=household,
        region_code=household.region_id,
        criteria=criteria,
        proposed_on=on or timezone.localdate(),
        category_before=household.category,
        proposed_by=by,
    )
    tally.apply_delta(tally.exit_key(exit_case), 1)
    record("monitoring.exitcase.proposed", by=by, target=exit_case, changes={"step": [None, exit_case.step]})
    return exit_case


@transaction.atomic
def appraise_exit(exit_case, *, by, version, appraisal) -> ExitCase:
    check_scope(by, CHANGE, exit_case.region_code)
    if not (appraisal or "").strip():
        raise DomainError(_("请填写民主评议情况。"), field="appraisal")
    return _move(
        exit_case,
        version,
        ExitStep.PROPOSED,
        ExitStep.APPRAISED,
        "appraised",
        by=by,
        appraisal=appraisal.strip()[:500],
    )


@transaction.atomic
def start_notice(exit_case, *, by, version, starts_on, ends_on) -> ExitCase:
    """村内公示 from one date to another (at least NOTICE_DAYS days)."""
    check_scope(by, CHANGE, exit_case.region_code)
    if ends_on < starts_on or (ends_on - starts_on).days + 1 < NOTICE_DAYS:
        raise DomainError(_("公示期不少于%(n)d天。") % {"n": NOTICE_DAYS}, field="ends_on")
    return _move(
        exit_case,
        version,
        ExitStep.APPRAISED,
        ExitStep.NOTICE,
        "notice_started",
        by=by,
        notice_starts_on=starts_on,
        notice_ends_on=ends_on,
    )


@transaction.atomic
def record_objection(exit_case, *, by, text, on=None) -> ExitObjection:
    check_scope(by, CHANGE, exit_case.region_code)
    if exit_case.step != ExitStep.NOTICE:
        raise DomainError(_("只能在公示期间登记异议。"))
    if not (text or "").strip():
        raise DomainError(_("请填写异议内容。"), field="text")
    objection = ExitObjection.objects.create(
        exit=exit_case,
        region_code=exit_case.region_code,
        raised_on=on or timezone.localdate(),
        text=text.strip()[:500],
    )
    record(
        "monitoring.exitobjection.recorded",
        by=by,
        target=objection,
        region_code=exit_case.region_code,
        note=text,
    )
    return objection


@transaction.atomic
def resolve_objection(objection, *, by, resolution, on=None) -> ExitObjection:
    check_scope(by, CHANGE, objection.region_code)
    if objection.resolved_on:
        raise DomainError(_("该异议已处理。"))
    if not (resolution or "").strip():
        raise DomainError(_("请填写处理结果。"), field="resolution")
    objection.resolved_on = on or timezone.localdate()
    objection.resolution = resolution.strip()[:500]
    objection.save(update_fields=["resolved_on", "resolution"])
    record(
        "monitoring.exitobjection.resolved",
        by=by,
        target=objection,
        region_code=objection.region_code,
        note=resolution,
    )
    return objection


@transaction.atomic
def verify_exit(exit_case, *, by, version, note="") -> ExitCase:
    """Town verification: the notice period is over, every objection resolved, the criteria still hold."""
    town_check(by, exit_case.region_code)
    today = timezone.localdate()
    if exit_case.step == ExitStep.NOTICE and exit_case.notice_ends_on and today <= exit_case.notice_ends_on:
        raise DomainError(_("公示期至 %(d)s 结束，结束后才能核实。") % {"d": exit_case.notice_ends_on})
    if exit_case.objections.filter(resolved_on__isnull=True).exists():
        raise DomainError(_("还有未处理的公示异议。"))
    criteria = _checks(exit_case.household)
    return _move(
        exit_case,
        version,
        ExitStep.NOTICE,
        ExitStep.VERIFIED,
        "verified",
        by=by,
        note=note,
        verified_on=today,
        criteria=criteria,
    )


@transaction.atomic
def approve_exit(exit_case, *, by, version, announced_on=None) -> ExitCase:
    """County approval and 公告."""
    county_check(by, exit_case.region_code)
    _checks(exit_case.household)
    return _move(
        exit_case,
        version,
        ExitStep.VERIFIED,
        ExitStep.APPROVED,
        "approved",
        by=by,
        announced_on=announced_on or timezone.localdate(),
    )


@transaction.atomic
def close_exit(exit_case, *, by, version) -> ExitCase:
    """销号: the household leaves the poor population through the registry's service; the year recorded."""
    from fupin.registry.queries import household_size
    from fupin.registry.services import change_household_status

    county_check(by, exit_case.region_code)
    if exit_case.step != ExitStep.APPROVED:
        raise DomainError(_("当前环节不能执行此操作。"), code="invalid_transition")
    household = exit_case.household
    change_household_status(
        household,
        by=by,
        status=PovertyStatus.EXITED,
        reason=_("贫困户退出销号（退出程序 #%(n)d）") % {"n": exit_case.pk},
        version=household.version,
    )
    household.refresh_from_db()
    return _move(
        exit_case,
        version,
        ExitStep.APPROVED,
        ExitStep.CLOSED,
        "closed",
        by=by,
        closed_on=timezone.localdate(),
        exit_year=household.year_exited,
        people=household_size(household),
    )


@transaction.atomic
def withdraw_exit(exit_case, *, by, version, note) -> ExitCase:
    check_scope(by, CHANGE, exit_case.region_code)
    if exit_case.step not in OPEN_STEPS:
        raise DomainError(_("当前环节不能执行此操作。"), code="invalid_transition")
    if not (note or "").strip():
        raise DomainError(_("请填写撤回理由。"), field="note")
    return _move(exit_case, version, exit_case.step, ExitStep.WITHDRAWN, "withdrawn", by=by, note=note)


@transaction.atomic
def open_policy_problem(exit_case, *, by, deadline):
    """脱贫又脱保: a problem-list item (ledgers' service) for a household that lost 低保 at exit while still
    eligible; found by `queries.lost_subsistence`."""
    from fupin.ledgers.choices import Category, LedgerKind, Source
    from fupin.ledgers.services import create_item

    check_scope(by, CHANGE, exit_case.region_code)
    origin = f"monitoring.exitcase:{exit_case.pk}"
    item = create_item(
        by=by,
        region_code=exit_case.region_code,
        household=exit_case.household,
        deadline=deadline,
        description=_("脱贫又脱保：户 %(n)s 退出时享受低保，退出后不再享受，仍符合低保条件。")
        % {"n": exit_case.household.number},
        kind=LedgerKind.PROBLEM,
        category=Category.POLICY,
        source=Source.SELF_CHECK,
        origin=origin,
        source_note="monitoring",
    )
    record(
        "monitoring.exitcase.policy_problem",
        by=by,
        target=exit_case,
        changes={"ledger_item": [None, item.pk]},
    )
    return item
