"""Reads of the plan shared by pages, the API and other apps (employment, reports, ledgers)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fupin.plan.models import BudgetLine, Measure, Plan, PlanTask, Target


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
