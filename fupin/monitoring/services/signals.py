"""Signals from the three channels (农户申报, 干部走访排查, 部门筛查预警) and from the risk rules."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded
from fupin.audit.recorder import build, record, record_many
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_anywhere, check_scope
from fupin.monitoring import tally
from fupin.monitoring.choices import Channel, Colour, Department, Outcome, RiskType, SignalStatus
from fupin.monitoring.models import MonitoringCase, RiskRule, Signal
from fupin.monitoring.services.common import CHANGE, IMPORT, RULES

SIGNAL_FIELDS = [
    "household",
    "channel",
    "department",
    "reason",
    "colour",
    "risk_type",
    "detected_on",
    "status",
]


def _create(household, *, by, channel, reason, risk_type="", colour=Colour.YELLOW, on=None, **extra):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写预警理由。"), field="reason")
    if risk_type and risk_type not in RiskType.values:
        raise DomainError(_("风险类型无效。"), field="risk_type")
    for name in ("income", "rigid_spending"):
        if extra.get(name) is not None and extra[name] < 0:
            raise DomainError(_("金额不能为负数。"), field=name)
    signal = create_recorded(
        Signal,
        by=by,
        fields=SIGNAL_FIELDS,
        values={
            "channel": channel,
            "reason": reason[:255],
            "risk_type": risk_type,
            "colour": colour,
            "detected_on": on or timezone.localdate(),
        },
        action="monitoring.signal.recorded",
        household=household,
        region_code=household.region_id,
        created_by=by,
        **extra,
    )
    tally.apply_delta(tally.signal_key(signal), 1)
    return signal


@transaction.atomic
def record_application(
    household, *, by, reason, risk_type, income=None, rigid_spending=None, note="", on=None
) -> Signal:
    """农户申报: the household's own application, filled in with them by a village cadre."""
    check_scope(by, CHANGE, household.region_id)
    return _create(
        household,
        by=by,
        channel=Channel.APPLICATION,
        reason=reason,
        risk_type=risk_type,
        colour=Colour.ORANGE,
        on=on,
        income=income,
        rigid_spending=rigid_spending,
        note=note,
    )


@transaction.atomic
def record_screening_list(*, by, region_code, entries, on=None) -> list[Signal]:
    """干部走访排查: a village's list of households visited and found at risk, [(household, reason, risk
    type)]; every household must be of that village."""
    check_scope(by, CHANGE, region_code)
    if not entries:
        raise DomainError(_("请至少选择一户。"), field="households")
    signals = []
    for household, reason, risk_type in entries:
        if household.region_id != region_code:
            raise DomainError(_("所选农户不在该村。"), field="households")
        signals.append(
            _create(household, by=by, channel=Channel.SCREENING, reason=reason, risk_type=risk_type, on=on)
        )
    return signals


@transaction.atomic
def record_department_signal(
    household, *, by, department, reason, risk_type="", income=None, rigid_spending=None, on=None
) -> Signal:
    """部门筛查预警: one row of a 民政/医保/残联/人社 list (the importer calls this for each row)."""
    check_scope(by, IMPORT, household.region_id)
    if department not in Department.values:
        raise DomainError(_("筛查部门无效。"), field="department")
    return _create(
        household,
        by=by,
        channel=Channel.DEPARTMENT,
        department=department,
        reason=reason,
        risk_type=risk_type,
        colour=Colour.ORANGE,
        on=on,
        income=income,
        rigid_spending=rigid_spending,
    )


@transaction.atomic
def dismiss_signal(signal, *, by, note):
    """The village finds nothing behind a signal: it is closed with the reason, and kept."""
    check_scope(by, CHANGE, signal.region_code)
    if signal.status != SignalStatus.OPEN:
        raise DomainError(_("只有待研判的预警信息可以排除。"))
    if not (note or "").strip():
        raise DomainError(_("请填写排除理由。"), field="note")
    old_key = tally.signal_key(signal)
    dismissed = Signal.objects.filter(pk=signal.pk, status=SignalStatus.OPEN).update(
        status=SignalStatus.DISMISSED, note=note.strip()[:500]
    )
    if not dismissed:  # taken into a case (or dismissed) since it was read
        raise ConflictError()
    signal.refresh_from_db()
    tally.move(old_key, tally.signal_key(signal))
    record(
        "monitoring.signal.dismissed",
        by=by,
        target=signal,
        changes={"status": [SignalStatus.OPEN, SignalStatus.DISMISSED]},
        note=note,
    )
    return signal


def _watched_households(prefix):
    """Households with a case under way or monitored now: the rules do not signal them again."""
    cases = MonitoringCase.objects.filter(outcome__in=[Outcome.PENDING, Outcome.CONFIRMED])
    if prefix:
        cases = cases.in_region(prefix)
    return set(cases.values_list("household_id", flat=True))


def _open_pairs(prefix):
    signals = Signal.objects.filter(status=SignalStatus.OPEN, rule__isnull=False)
    if prefix:
        signals = signals.in_region(prefix)
    return set(signals.values_list("household_id", "rule_id"))


@transaction.atomic
def run_rules(*, by, prefix, today=None, reporter=None) -> dict:
    """Every active rule over every household under `prefix`, as one transaction: a signal for each
    household a rule fires on, unless it has an open signal of that rule or is watched already. One audit
    entry per village with its count (a bulk path audits in bulk)."""
    from fupin.monitoring import facts as fact_sources
    from fupin.monitoring import rules as rule_functions

    if by is not None:
        check_scope(by, RULES, prefix) if prefix else check_anywhere(by, RULES)
    today = today or timezone.localdate()
    active = [(rule, effective_params(rule)) for rule in RiskRule.objects.filter(active=True)]
    weeks = max([p.get("weeks", 4) for r, p in active if r.kind == "weekly_flag"] or [4])
    days = max([p.get("days", 90) for r, p in active if r.kind == "lost_placement"] or [90])
    sources = fact_sources.Sources(today, weeks=weeks, days=days)
    watched, open_pairs = _watched_households(prefix), _open_pairs(prefix)
    created, per_village, done = [], Counter(), 0
    for chunk in fact_sources.households(prefix):
        for facts in sources.facts(chunk):
            if facts.household_id in watched:
                continue
            for rule, params in active:
                if (facts.household_id, rule.pk) in open_pairs or not rule_functions.fires(
                    rule.kind, facts, params
                ):
                    continue
                created.append(_rule_signal(rule, facts, today))
                per_village[facts.region_code] += 1
        done += len(chunk)
        if reporter is not None:
            reporter.progress(done, None, _("已检查 %(n)d 户") % {"n": done})
            reporter.check_cancelled()
    Signal.objects.bulk_create(created, batch_size=2000)
    tally.apply_counts(Counter(tally.signal_key(signal) for signal in created))
    record_many(
        build(
            "monitoring.rules.run",
            by=by,
            region_code=village,
            changes={"signals": [None, count]},
            note=_("风险规则自动预警"),
        )
        for village, count in sorted(per_village.items())
    )
    return {"households": done, "signals": len(created), "villages": len(per_village)}


def _rule_signal(rule, facts, today):
    from fupin.monitoring.rules import RISK_TYPES

    return Signal(
        household_id=facts.household_id,
        region_code=facts.region_code,
        channel=Channel.RULE,
        rule=rule,
        rule_version=rule.version,
        reason=rule.reason,
        colour=rule.colour,
        risk_type=RISK_TYPES.get(rule.kind, RiskType.OTHER),
        detected_on=today,
    )


def effective_params(rule) -> dict:
    """The rule's parameters with what comes from the plan: the income threshold (a multiple of the
    national line of the year) unless the city fixed one."""
    from fupin.monitoring.services.common import threshold

    params = dict(rule.params or {})
    if rule.kind == "low_income" and not params.get("threshold"):
        params["threshold"] = str(threshold(params.get("multiple", "1.5")))
    return params


@transaction.atomic
def register_edge_household(
    *,
    by,
    region,
    head_name,
    head_id_number,
    labor_ability,
    main_cause,
    income_per_capita,
    reason,
    risk_type,
    rigid_spending=None,
) -> Signal:
    """An 边缘易致贫户 the registry does not hold: registered there (the registry's services) as a household
    of the monitoring category with its head, then its application recorded as a signal."""
    from fupin.registry.choices import HouseholdCategory, Relation
    from fupin.registry.services import add_member, register_household

    check_scope(by, CHANGE, getattr(region, "code", region))
    household = register_household(
        by=by,
        region=region,
        category=HouseholdCategory.EDGE,
        main_cause=main_cause,
        year_identified=timezone.localdate().year,
        income_per_capita=income_per_capita,
    )
    add_member(
        household,
        by=by,
        name=head_name,
        id_number=head_id_number,
        relation=Relation.HEAD,
        labor_ability=labor_ability,
    )
    return record_application(
        household,
        by=by,
        reason=reason,
        risk_type=risk_type,
        income=income_per_capita,
        rigid_spending=rigid_spending,
    )
