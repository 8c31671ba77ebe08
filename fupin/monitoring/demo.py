"""Demo data of the monitoring, March–June 2020: signals from each channel, cases at every step (some
late, some confirmed with measures, some cleared, some not taken up), exits under way.

Bulk rows of the monitoring's own tables; the households' marks go through the registry's service as the
demo city office, so the registry is written only by its own code."""

import datetime

from fupin.audit.recorder import record
from fupin.monitoring import tally
from fupin.monitoring.choices import (
    CaseStep,
    Channel,
    Colour,
    Department,
    ExitStep,
    MeasureKind,
    Outcome,
    Purpose,
    RiskType,
    SignalStatus,
)
from fupin.monitoring.models import AssistanceMeasure, CaseEvent, ExitCase, MonitoringCase, RiskRule, Signal
from fupin.registry.choices import MonitoringMark

START = datetime.date(2020, 3, 2)
CITY = "4407"  # Jiangmen's households; the paired region's are its own office's to monitor
REASONS = {
    Channel.APPLICATION: ("家庭成员患大病，医疗支出大", RiskType.ILLNESS),
    Channel.SCREENING: ("走访发现务工人员疫情后未返岗", RiskType.UNEMPLOYMENT),
    Channel.DEPARTMENT: ("部门比对：医疗费用自付部分较高", RiskType.ILLNESS),
}
MEASURES = [
    (MeasureKind.EMPLOYMENT, "推荐就近务工"),
    (MeasureKind.INDUSTRY, "扶持发展种养产业"),
    (MeasureKind.SUBSISTENCE, "纳入低保"),
    (MeasureKind.MEDICAL, "落实医疗救助"),
    (MeasureKind.TEMPORARY, "发放临时救助金"),
    (MeasureKind.MOTIVATION, "参加技能培训，激发内生动力"),
    (MeasureKind.SOCIAL, "结对帮扶单位慰问"),
]


def _day(rng, start=START, span=110):
    return start + datetime.timedelta(days=rng.randint(0, span))


def _signals(rng, households, rules):
    departments = list(Department.values)
    signals = []
    for index, (pk, region_code, *_rest) in enumerate(households):
        channel = [Channel.APPLICATION, Channel.SCREENING, Channel.DEPARTMENT, Channel.RULE][index % 4]
        detected = _day(rng)
        if channel == Channel.RULE:
            rule = rng.choice(rules)
            reason, risk, colour, extra = (
                rule.reason,
                RiskType.OTHER,
                rule.colour,
                {"rule": rule, "rule_version": 1},
            )
        else:
            reason, risk = REASONS[channel]
            colour, extra = rng.choice([Colour.YELLOW, Colour.ORANGE, Colour.RED]), {}
            if channel == Channel.DEPARTMENT:
                extra["department"] = departments[index % len(departments)]
        signals.append(
            Signal(
                household_id=pk,
                region_code=region_code,
                channel=channel,
                reason=reason,
                risk_type=risk,
                colour=colour,
                detected_on=detected,
                **extra,
            )
        )
    return signals


def _case(signal, step, outcome, *, purpose=Purpose.IDENTIFY, kind=MonitoringMark.UNSTABLE):
    opened = signal.detected_on + datetime.timedelta(days=2)
    done = step == CaseStep.DONE
    return MonitoringCase(
        household_id=signal.household_id,
        region_code=signal.region_code,
        purpose=purpose,
        kind=kind,
        risk_type=signal.risk_type or RiskType.OTHER,
        colour=signal.colour,
        step=step,
        outcome=outcome,
        opened_on=opened,
        step_started_on=opened + datetime.timedelta(days=3 if step != CaseStep.VILLAGE else 0),
        step_deadline=None
        if done
        else opened + datetime.timedelta(days=7 if step == CaseStep.VILLAGE else 11),
        due_on=opened + datetime.timedelta(days=15),
        closed_on=opened + datetime.timedelta(days=12) if done else None,
        monitored=outcome == Outcome.CONFIRMED,
        appraisal="" if step == CaseStep.VILLAGE else "村民代表民主评议通过",
    )


def _plan_cases(rng, signals):
    """Each signal's household: not yet taken up, at a step, confirmed, rejected; a share of the
    confirmed later cleared."""
    cases = []
    for signal in signals:
        roll = rng.random()
        if roll < 0.25:
            continue
        if roll < 0.35:
            cases.append(_case(signal, CaseStep.VILLAGE, Outcome.PENDING))
        elif roll < 0.45:
            cases.append(_case(signal, CaseStep.TOWN, Outcome.PENDING))
        elif roll < 0.55:
            cases.append(_case(signal, CaseStep.COUNTY, Outcome.PENDING))
        elif roll < 0.62:
            cases.append(_case(signal, CaseStep.DONE, Outcome.REJECTED))
        else:
            cases.append(_case(signal, CaseStep.DONE, Outcome.CONFIRMED))
        signal.status = SignalStatus.IN_CASE
    return cases


def _clearings(rng, confirmed):
    cleared = []
    for case in confirmed:
        if rng.random() < 0.2:
            clear = MonitoringCase(
                household_id=case.household_id,
                region_code=case.region_code,
                purpose=Purpose.CLEAR,
                kind=case.kind,
                risk_type=case.risk_type,
                colour=Colour.YELLOW,
                step=CaseStep.DONE,
                outcome=Outcome.CLEARED,
                opened_on=datetime.date(2020, 6, 1),
                step_started_on=datetime.date(2020, 6, 10),
                due_on=datetime.date(2020, 6, 16),
                closed_on=datetime.date(2020, 6, 12),
                appraisal="收入稳定超过监测线，两不愁三保障稳定",
            )
            case.monitored = False
            cleared.append(clear)
    return cleared


def _exits(rng, households):
    steps = [ExitStep.PROPOSED, ExitStep.APPRAISED, ExitStep.NOTICE, ExitStep.VERIFIED, ExitStep.APPROVED]
    exits = []
    for index, (pk, region_code, *_rest) in enumerate(households):
        step = steps[index % len(steps)]
        proposed = _day(rng, datetime.date(2020, 3, 16), 80)
        notice = step not in (ExitStep.PROPOSED, ExitStep.APPRAISED)
        exits.append(
            ExitCase(
                household_id=pk,
                region_code=region_code,
                step=step,
                criteria=[["income", True, "人均纯收入稳定超过国家扶贫标准"], ["agreed", True, "本户认可"]],
                proposed_on=proposed,
                appraisal="" if step == ExitStep.PROPOSED else "村民代表会议民主评议通过",
                notice_starts_on=proposed + datetime.timedelta(days=5) if notice else None,
                notice_ends_on=proposed + datetime.timedelta(days=11) if notice else None,
                verified_on=proposed + datetime.timedelta(days=14)
                if step in (ExitStep.VERIFIED, ExitStep.APPROVED)
                else None,
                announced_on=proposed + datetime.timedelta(days=20) if step == ExitStep.APPROVED else None,
            )
        )
    return exits


def _past_exits(rng, households):
    """The exits of the households already out of poverty, as the procedure of their year recorded them
    (销号 in December of the exit year): the exit-rate target counts exits recorded by the procedure."""
    from fupin.registry.queries import household_sizes

    sizes = {}
    for start in range(0, len(households), 5000):
        sizes |= household_sizes([r[0] for r in households[start : start + 5000]])
    exits = []
    for pk, region_code, _status, year, category in households:
        year = year or 2019
        proposed = _day(rng, datetime.date(year, 9, 1), 30)
        exits.append(
            ExitCase(
                household_id=pk,
                region_code=region_code,
                step=ExitStep.CLOSED,
                criteria=[["income", True, "人均纯收入稳定超过国家扶贫标准"], ["agreed", True, "本户认可"]],
                proposed_on=proposed,
                appraisal="村民代表会议民主评议通过",
                notice_starts_on=proposed + datetime.timedelta(days=5),
                notice_ends_on=proposed + datetime.timedelta(days=11),
                verified_on=proposed + datetime.timedelta(days=14),
                announced_on=proposed + datetime.timedelta(days=20),
                closed_on=proposed + datetime.timedelta(days=30),
                exit_year=year,
                category_before=category,
                people=sizes.get(pk, 1),
            )
        )
    return exits


def _mark(cases, log):
    from fupin.accounts.models import RoleAssignment
    from fupin.accounts.roles import Role
    from fupin.registry.models import Household
    from fupin.registry.services import set_monitoring_mark

    office = RoleAssignment.objects.filter(role=Role.CITY_OFFICE).select_related("user").first()
    if office is None:
        log("monitoring: no city office account, households left unmarked")
        return
    marks = {}
    for case in cases:
        if case.outcome == Outcome.CLEARED:
            marks[case.household_id] = MonitoringMark.CLEARED
        elif case.outcome == Outcome.CONFIRMED:
            marks.setdefault(case.household_id, case.kind)
    for household in Household.objects.filter(pk__in=list(marks)):
        set_monitoring_mark(household, by=office.user, mark=marks[household.pk], note="监测程序县级确认")


def build_demo(rng, log, *, share=0.01, limit=2000):
    from fupin.registry.choices import EXITED_STATUSES, PovertyStatus
    from fupin.registry.models import Household

    rows = list(
        Household.objects.in_region(CITY)
        .order_by("pk")
        .values_list("pk", "region_id", "status", "year_exited", "category")
    )
    exited = [r for r in rows if r[2] in EXITED_STATUSES]
    poor = [r for r in rows if r[2] == PovertyStatus.NOT_EXITED]
    rules = list(RiskRule.objects.all())
    if not exited or not rules:
        log("monitoring: no exited households or no rules, nothing to do")
        return
    picked = rng.sample(exited, min(len(exited), max(40, min(limit, int(len(rows) * share)))))
    signals = _signals(rng, picked, rules)
    cases = _plan_cases(rng, signals)
    MonitoringCase.objects.bulk_create(cases, batch_size=2000)
    by_household = {c.household_id: c for c in cases}
    for signal in signals:
        signal.case = by_household.get(signal.household_id) if signal.status == SignalStatus.IN_CASE else None
    Signal.objects.bulk_create(signals, batch_size=2000)
    confirmed = [c for c in cases if c.outcome == Outcome.CONFIRMED]
    clearings = _clearings(rng, confirmed)
    MonitoringCase.objects.bulk_create(clearings, batch_size=2000)
    MonitoringCase.objects.filter(pk__in=[c.pk for c in confirmed if not c.monitored]).update(monitored=False)
    _events_and_measures(rng, cases + clearings, confirmed)
    exits = _exits(rng, rng.sample(poor, min(len(poor), max(10, len(picked) // 8))))
    exits += _past_exits(rng, [r for r in rows if r[2] in EXITED_STATUSES])
    ExitCase.objects.bulk_create(exits, batch_size=2000)
    tally.rebuild()  # bulk rows: the board's tally recounted once
    _mark(cases + clearings, log)
    record(
        "monitoring.demo.seeded",
        note=f"signals={len(signals)} cases={len(cases) + len(clearings)} exits={len(exits)}",
    )
    log(f"monitoring: {len(signals)} signals, {len(cases) + len(clearings)} cases, {len(exits)} exits")


def _events_and_measures(rng, cases, confirmed):
    events, measures = [], []
    for case in cases:
        events.append(
            CaseEvent(
                case=case,
                region_code=case.region_code,
                step=CaseStep.VILLAGE,
                action="opened",
                on=case.opened_on,
            )
        )
        if case.step != CaseStep.VILLAGE:
            events.append(
                CaseEvent(
                    case=case,
                    region_code=case.region_code,
                    step=CaseStep.VILLAGE,
                    action="approved",
                    note=case.appraisal,
                    on=case.step_started_on,
                )
            )
    for case in confirmed:
        for kind, detail in rng.sample(MEASURES, rng.randint(1, 3)):
            measures.append(
                AssistanceMeasure(
                    case=case,
                    household_id=case.household_id,
                    region_code=case.region_code,
                    kind=kind,
                    detail=detail,
                    started_on=case.closed_on,
                )
            )
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    AssistanceMeasure.objects.bulk_create(measures, batch_size=5000)
