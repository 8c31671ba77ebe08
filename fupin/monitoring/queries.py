"""Reads of the monitoring shared by pages, the API, exports and the board."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q

from fupin.monitoring.choices import CaseStep, ExitStep, Outcome, SignalStatus
from fupin.monitoring.models import AssistanceMeasure, ExitCase, MonitoringCase, RiskRule, Signal
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


def _counts(qs, field):
    return dict(qs.order_by().values_list(field).annotate(n=Count("id")))


def board(user, today) -> dict:
    """The early-warning board: signals and cases by child region, monitored households by type, cause
    and colour, cases by step, overdue steps, and households whose signals keep coming back. Every figure
    comes from a few grouped, indexed reads of the monitoring's own tables (tens of thousands of rows for a
    city), summed in Python; never from the registry."""
    prefixes = user.prefixes_for(VIEW)
    cases, signals = cases_visible_to(user), signals_visible_to(user)
    open_signals = signals.filter(status=SignalStatus.OPEN)
    late = Q(step__in=STEPS, step_deadline__lt=today)
    groups = list(
        cases.order_by()
        .values("step", "outcome", "monitored", "kind", "risk_type", "colour")
        .annotate(n=Count("id"), late=Count("id", filter=late))
    )
    signal_groups = list(open_signals.order_by().values("colour", "channel").annotate(n=Count("id")))
    regions = {
        row["code"]: row
        for row in by_child_region(
            cases.filter(Q(step__in=STEPS) | Q(monitored=True)),
            prefixes,
            pending=Count("id", filter=Q(step__in=STEPS)),
            overdue=Count("id", filter=late),
            monitored=Count("id", filter=Q(monitored=True)),
        )
    }
    for row in by_child_region(open_signals, prefixes, open_signals=Count("id")):
        regions.setdefault(row["code"], {"code": row["code"], "name": row["name"]})["open_signals"] = row[
            "open_signals"
        ]
    monitored = [g for g in groups if g["monitored"]]
    return {
        "regions": sorted(regions.values(), key=lambda r: r["code"]),
        "open_signals": sum(g["n"] for g in signal_groups),
        "signals_by_colour": _summed(signal_groups, "colour"),
        "signals_by_channel": _summed(signal_groups, "channel"),
        "by_step": _summed([g for g in groups if g["step"] in STEPS], "step"),
        "overdue": sum(g["late"] for g in groups),
        "monitored": sum(g["n"] for g in monitored),
        "by_kind": _summed(monitored, "kind"),
        "by_risk_type": _summed(monitored, "risk_type"),
        "by_colour": _summed(monitored, "colour"),
        "cleared": sum(g["n"] for g in groups if g["outcome"] == Outcome.CLEARED),
        "recurring": recurring_households(user).count(),
        "exits_by_step": _counts(exits_visible_to(user), "step"),
    }


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
    """Households and people exited through the procedure (the exit-rate target reads people)."""
    closed = exits_visible_to(user).filter(step=ExitStep.CLOSED)
    return {"households": closed.count()}


def open_posts_for(user, region_code):
    """Public-welfare posts open in the household's town or village that the user may see (a measure's
    picker); read here so that pages need not reach into employment's models."""
    from fupin.employment.models import PublicWelfarePost

    return (
        PublicWelfarePost.objects.visible_to(user)
        .filter(closed_on__isnull=True, region_code__range=(region_code[:9] + "000", region_code[:9] + "999"))
        .order_by("name")
    )


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
