"""Reads of the plan shared by pages, the API and other apps (employment, reports, ledgers)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count

from fupin.core.regioncodes import LEVEL_DIGITS, significant_prefix
from fupin.plan.models import BudgetLine, Measure, Plan, PlanTask, Posting, PostingKind, Target, TaskStatus
from fupin.regions.queries import by_child_region


@dataclass(frozen=True)
class TargetValue:
    code: str
    label: str
    unit: str
    value: Decimal
    deadline: date | None
    at_least: bool = False


def active_plan(code=None):
    """The plan with this code, or the newest active one (None when no plan is loaded)."""
    qs = Plan.objects.all() if code else Plan.objects.active()
    return qs.filter(code=code).first() if code else qs.order_by("-year", "-id").first()


@dataclass(frozen=True)
class WeeklyTracking:
    """From when to when a plan runs weekly tracking, for which region tree, and when a week is due."""

    plan_code: str
    region_prefix: str
    starts_on: date
    ends_on: date
    due_weekday: int  # 0 = Monday of the week after the reported week
    due_hour: int

    def covers(self, first_day: date, last_day: date) -> bool:
        """True when the days overlap the span (a week that starts or ends inside it is tracked)."""
        return first_day <= self.ends_on and last_day >= self.starts_on


def plan_covering(region_prefix: str):
    """The active plan of the region or of its nearest ancestor (the city's plan covers its villages)."""
    codes = [region_prefix[:n].ljust(12, "0") for n in LEVEL_DIGITS.values() if n <= len(region_prefix)]
    # A deeper region's code is greater than its ancestors' (they end in zeros where it does not).
    return (
        Plan.objects.active().filter(region_code__in=codes).order_by("-region_code", "-year", "-id").first()
    )


def tracking_of(plan) -> WeeklyTracking | None:
    if plan is None or plan.tracking_starts_on is None:
        return None
    return WeeklyTracking(
        plan.code,
        significant_prefix(plan.region_code),
        plan.tracking_starts_on,
        plan.tracking_ends_on,
        plan.tracking_due_weekday,
        plan.tracking_due_hour,
    )


def weekly_tracking(region_prefix: str) -> WeeklyTracking | None:
    """The weekly-tracking span the active plan covering the region sets (None: no tracking there)."""
    return tracking_of(plan_covering(region_prefix))


def rate(part, whole):
    """`part` as a percentage of `whole`, one decimal; None when the whole is zero (every board's rates)."""
    return round(100 * part / whole, 1) if whole else None


def share_by_child_region(qs, prefixes, done, key) -> tuple[int, int, list[dict]]:
    """How many of `qs` there are and how many match `done` (a Q), overall and per child region of the scope:
    (total, done, rows of {code, name, total, <key>, rate}) — a board's rate against its target."""
    rows = by_child_region(qs, prefixes, total=Count("pk"), **{key: Count("pk", filter=done)})
    for row in rows:
        row["rate"] = rate(row[key], row["total"])
    return qs.count(), qs.filter(done).count(), rows


def target(code, plan=None):
    """The target `code` of the active plan as a TargetValue (money lines too), or None."""
    plan = plan if isinstance(plan, Plan) else active_plan(plan)
    if plan is None:
        return None
    row = Target.objects.filter(plan=plan, code=code).first()
    if row is not None:
        return TargetValue(row.code, row.label, row.unit, row.value, row.deadline, row.at_least)
    line = BudgetLine.objects.filter(plan=plan, code=code).first()
    if line is not None:
        return TargetValue(line.code, line.label, "元", line.amount, None, False)
    return None


def measures_with_units(plan):
    return Measure.objects.filter(plan=plan).prefetch_related("units").order_by("number")


def measures_for_units(plan, units):
    """Measures naming any of the units, lead or co-responsible."""
    return measures_with_units(plan).filter(units__name__in=list(units)).distinct()


def tasks_for(plan, units=None):
    qs = PlanTask.objects.filter(measure__plan=plan).select_related("measure")
    if units is not None:
        qs = qs.for_unit(units)
    return qs.order_by("deadline", "measure__number", "id")


def overdue_tasks_for(user, day, *, limit=200):
    """Overdue plan tasks (R7.1): a department sees its unit's, the city office sees every unit's."""
    qs = PlanTask.objects.filter(measure__plan__active=True).overdue(day).select_related("measure")
    if user.has_scoped_perm("plan.change_plan"):
        return list(qs[:limit])
    if user.units:
        return list(qs.for_unit(user.units)[:limit])
    return []


def tasks_visible_to(user):
    """The unit tasks of the active plans a user sees (the plan of a region covering their scope or inside
    it): every unit's for the city office and for users without a unit, their own units' for a department
    (the plan page shows the rest on request)."""
    plans = Plan.objects.active().visible_to(user)
    qs = PlanTask.objects.filter(measure__plan__in=plans).select_related("measure")
    if user.units and not user.has_scoped_perm("plan.change_plan"):
        qs = qs.for_unit(user.units)
    return qs.order_by("deadline", "measure__number", "id")


def open_tasks_of_units(user, *, limit=200):
    """The open tasks (not done) of the user's units in the active plans they see, soonest deadline first;
    none for a user without a unit (their work is in the other queues)."""
    if not user.units:
        return []
    plans = Plan.objects.active().visible_to(user)
    qs = PlanTask.objects.filter(measure__plan__in=plans).for_unit(user.units).exclude(status=TaskStatus.DONE)
    return list(qs.select_related("measure").order_by("deadline", "measure__number", "id")[:limit])


def escalated_tasks_for(user):
    """Escalated open tasks (services.escalate_late_tasks) that reached the user: every unit's for the city
    office (plan.change_plan), its own units' for a unit's head (a department account of the unit)."""
    qs = tasks_visible_to(user).filter(escalated_on__isnull=False).exclude(status=TaskStatus.DONE)
    if user.has_scoped_perm("plan.change_plan") or user.units:
        return qs
    return qs.none()


# ---- Roster (R7.2) ----------------------------------------------------------------------------------------


def postings_visible_to(user):
    """The roster rows a user reads: those of their regions, and the town's group above a village."""
    return (
        Posting.objects.visible_to(user)
        .select_related("user")
        .prefetch_related("villages")
        .order_by("region_code", "kind", "name")
    )


def posted_to(region_code):
    """{'secretaries': [...], 'groups': [...]}: the on-post first secretaries covering a village and the
    work groups of its town covering it (the ledger and supervision pages name them)."""
    if not region_code or len(region_code) != 12:
        return {"secretaries": [], "groups": []}
    rows = list(Posting.objects.covering_village(region_code).order_by("kind", "name"))
    return {
        "secretaries": [p for p in rows if p.kind == PostingKind.FIRST_SECRETARY],
        "groups": [p for p in rows if p.kind == PostingKind.TOWN_GROUP],
    }
