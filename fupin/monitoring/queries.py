"""Reads of the monitoring shared by pages, the API, exports and the board."""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from fupin.monitoring.choices import CaseStep, ExitStep, Outcome, SignalStatus, TallySource
from fupin.monitoring.models import (
    AssistanceMeasure,
    ExitCase,
    MonitoringCase,
    MonitoringTally,
    RiskRule,
    Signal,
)
from fupin.regions.queries import by_child_region

VIEW = "monitoring.view_signal"
STEPS = [CaseStep.VILLAGE, CaseStep.TOWN, CaseStep.COUNTY]
# 农村低保标准 (yuan per person and year) when the plan gives none (`rural-subsistence-line`): Guangdong's
# 2020 floor for the Pearl River Delta's rural areas, to be replaced by the city's figure in the plan.
SUBSISTENCE_LINE = Decimal("9600")


def signals_visible_to(user):
    return Signal.objects.visible_to(user)


def cases_visible_to(user):
    return MonitoringCase.objects.visible_to(user)


def exits_visible_to(user):
    return ExitCase.objects.visible_to(user)


def rules_visible_to(user):
    return RiskRule.objects.visible_to(user)


def board(user, today) -> dict:
    """The early-warning board: signals and cases by child region, monitored households by type, cause
    and colour, cases by step, overdue steps, and households whose signals keep coming back.

    The counts are sums over the maintained tally (`fupin.monitoring.tally`: rows per village and key, a few
    thousand for a city), never a count over the signals, cases or the registry; only what depends on the
    day (overdue steps) and on other households' cases (recurring signals) is read live, from indexed
    reads of the steps under way and of the open signals of households whose case ended."""
    prefixes = user.prefixes_for(VIEW)
    rows = MonitoringTally.objects.visible_to(user).filter(count__gt=0)
    signal_rows = rows.filter(source=TallySource.SIGNAL, status=SignalStatus.OPEN)
    case_rows, exit_rows = rows.filter(source=TallySource.CASE), rows.filter(source=TallySource.EXIT)
    groups = list(
        case_rows.order_by()
        .values("step", "outcome", "monitored", "kind", "risk_type", "colour")
        .annotate(n=Sum("count"))
    )
    signal_groups = list(signal_rows.order_by().values("colour", "channel").annotate(n=Sum("count")))
    late = cases_visible_to(user).filter(step__in=STEPS, step_deadline__lt=today)
    regions = _board_regions(signal_rows, case_rows, late, prefixes)
    monitored = [g for g in groups if g["monitored"]]
    return {
        "regions": regions,
        "open_signals": sum(g["n"] for g in signal_groups),
        "signals_by_colour": _summed(signal_groups, "colour"),
        "signals_by_channel": _summed(signal_groups, "channel"),
        "by_step": _summed([g for g in groups if g["step"] in STEPS], "step"),
        "overdue": sum(r["overdue"] for r in regions),
        "monitored": sum(g["n"] for g in monitored),
        "by_kind": _summed(monitored, "kind"),
        "by_risk_type": _summed(monitored, "risk_type"),
        "by_colour": _summed(monitored, "colour"),
        "cleared": sum(g["n"] for g in groups if g["outcome"] == Outcome.CLEARED),
        "recurring": recurring_households(user).count(),
        "exits_by_step": _summed(list(exit_rows.order_by().values("step").annotate(n=Sum("count"))), "step"),
    }


def _board_regions(signal_rows, case_rows, late, prefixes) -> list[dict]:
    """One row per child region of the scope: open signals, cases under way, overdue steps, monitored."""
    regions = {}

    def add(qs, **aggregates):
        for row in by_child_region(qs, prefixes, **aggregates):
            region = regions.setdefault(row["code"], {"code": row["code"], "name": row["name"]})
            region.update({k: row[k] or 0 for k in aggregates})

    add(
        case_rows.filter(Q(step__in=STEPS) | Q(monitored=True)),
        pending=Sum("count", filter=Q(step__in=STEPS)),
        monitored=Sum("count", filter=Q(monitored=True)),
    )
    add(late, overdue=Count("id"))
    add(signal_rows, open_signals=Sum("count"))
    keys = ("open_signals", "pending", "overdue", "monitored")
    return [{**dict.fromkeys(keys, 0), **regions[code]} for code in sorted(regions)]


def _summed(groups, key) -> dict:
    totals = {}
    for group in groups:
        totals[group[key]] = totals.get(group[key], 0) + group["n"]
    return totals


def overdue_cases(user, today):
    return (
        cases_visible_to(user)
        .filter(step__in=STEPS, step_deadline__lt=today)
        .select_related("household")
        .order_by("step_deadline", "id")
    )


def step_inbox(user, today, *, limit=200):
    """Steps due within 7 days or overdue, bucketed as the ledgers' inbox buckets its items
    (`fupin.ledgers.queries.bucket_of`): 'mine' where the user acts on the step now, 'below' the late or
    due steps of the levels under the user (escalated to them)."""
    from fupin.ledgers.queries import BUCKETS, bucket_of
    from fupin.monitoring.workflow import owns_step

    due = cases_visible_to(user).filter(step__in=STEPS, step_deadline__lte=today + datetime.timedelta(days=7))
    result = {key: {name: [] for name, _days in BUCKETS} for key in ("mine", "below")}
    for case in due.select_related("household").order_by("step_deadline", "id")[:limit]:
        result["mine" if owns_step(user, case) else "below"][bucket_of(case, today)].append(case)
    return result


def recurring_households(user):
    """Open signals of households whose earlier case ended rejected or cleared: risks that come back."""
    ended = MonitoringCase.objects.filter(outcome__in=[Outcome.REJECTED, Outcome.CLEARED]).values(
        "household_id"
    )
    return (
        signals_visible_to(user)
        .filter(status=SignalStatus.OPEN, household_id__in=ended)
        .values("household_id")
        .distinct()
    )


def case_history(case):
    return case.events.select_related("by").order_by("id")


def measures_of(case):
    return AssistanceMeasure.objects.filter(case=case).order_by("id")


def signals_of(household_id):
    return (
        Signal.objects.filter(household_id=household_id)
        .select_related("rule")
        .order_by("-detected_on", "-id")
    )


def subsistence_line() -> Decimal:
    from fupin.plan.queries import target

    found = target("rural-subsistence-line")
    return found.value if found is not None else SUBSISTENCE_LINE


def lost_subsistence(user):
    """脱贫又脱保: households that were 低保 when they exited, are no longer, and whose income is still
    under the subsistence line."""
    from fupin.registry.choices import HouseholdCategory

    return (
        exits_visible_to(user)
        .filter(step=ExitStep.CLOSED, category_before=HouseholdCategory.SUBSISTENCE)
        .exclude(household__category=HouseholdCategory.SUBSISTENCE)
        .filter(household__income_per_capita__lt=subsistence_line())
        .select_related("household")
    )


def exit_progress(user) -> dict:
    """Households and people exited through the procedure (销号 by the exit chain) and out of poverty
    still: the latest closed exit of each household whose status is still exited (a household that
    returned to poverty and exited again is counted once). The exit-rate target reads the people; a status
    changed outside the procedure is not an exit here."""
    from fupin.registry.choices import EXITED_STATUSES

    later = ExitCase.objects.filter(
        household=OuterRef("household"), step=ExitStep.CLOSED, pk__gt=OuterRef("pk")
    )
    closed = (
        exits_visible_to(user)
        .filter(step=ExitStep.CLOSED, household__status__in=EXITED_STATUSES)
        .exclude(Exists(later))
    )
    figures = closed.aggregate(households=Count("id"), people=Sum("people"))
    return {"households": figures["households"], "people": figures["people"] or 0}


def open_posts_for(user, region_code):
    """Public-welfare posts open in the household's town or village that the user may see (a measure's
    picker); read here so that pages need not reach into employment's models."""
    from fupin.employment.queries import open_public_welfare_posts

    return open_public_welfare_posts(user, region_code)


def laborers_of(user, household_id):
    from fupin.employment.queries import laborers_visible_to

    return laborers_visible_to(user).filter(member__household_id=household_id).order_by("name")


def household_for(user, **lookup):
    from fupin.registry.queries import households_visible_to

    return households_visible_to(user).filter(**lookup).first()


def household_names(household_ids) -> dict:
    from fupin.registry.queries import head_names

    return head_names(household_ids)


def village_households_for(user, village_code):
    """The households of one village the user may see, by number (the screening list)."""
    from fupin.registry.queries import households_visible_to

    return households_visible_to(user).filter(region_id=village_code).order_by("number")


def households_at_risk_in(region_prefix: str) -> dict:
    """Households of a region under monitoring (防返贫监测): {open cases, monitored (confirmed and kept)}, for
    the follow-up of exited counties (unscoped: the caller scopes the county)."""
    cases = MonitoringCase.objects.in_region(region_prefix)
    return {
        "open": cases.filter(outcome=Outcome.PENDING).values("household_id").distinct().count(),
        "monitored": cases.filter(monitored=True).values("household_id").distinct().count(),
    }
