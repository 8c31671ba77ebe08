"""What the monitoring services share: permissions, levels, the plan's figures, a household's state."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from fupin.core.errors import NotAllowed
from fupin.core.scope import check_scope
from fupin.monitoring.choices import SignalStatus
from fupin.monitoring.criteria import HouseholdState
from fupin.monitoring.models import Signal
from fupin.monitoring.rules import NATIONAL_LINE_2020, monitoring_threshold

VIEW = "monitoring.view_signal"
CHANGE = "monitoring.change_signal"
REVIEW = "monitoring.review_case"
RULES = "monitoring.manage_rule"
IMPORT = "monitoring.import_signal"

TOWN_DIGITS, COUNTY_DIGITS = 9, 6
# Days for each step when the plan gives only the end-to-end limit (国开发〔2020〕6号 practice: 15 days
# from discovery to identification): village 7, town 4, county 4.
STEP_SHARES = (7, 4, 4)
DEFAULT_DAYS = 15
LINE_TARGET, DAYS_TARGET, MULTIPLE = "national-poverty-line", "monitoring-identification-days", Decimal("1.5")


def check_level(by, permission, region_code, digits, message):
    """check_scope, then the level: the user holds `permission` at a region of at most `digits` digits
    (a town: 9, a county: 6) above or at `region_code`, else NotAllowed with `message`."""
    check_scope(by, permission, region_code)
    if not any(len(p) <= digits and region_code.startswith(p) for p in by.prefixes_for(permission)):
        raise NotAllowed(message)


def town_check(by, region_code):
    check_level(by, REVIEW, region_code, TOWN_DIGITS, _("需由镇(街)扶贫工作组审核。"))


def county_check(by, region_code):
    check_level(by, REVIEW, region_code, COUNTY_DIGITS, _("需由县(市、区)扶贫部门确认。"))


def _plan_value(code):
    from fupin.plan.queries import target

    found = target(code)
    return found.value if found is not None else None


def national_line() -> Decimal:
    """The national line of the year: the plan's figure `national-poverty-line`, else 2020's."""
    return _plan_value(LINE_TARGET) or NATIONAL_LINE_2020


def threshold(multiple=MULTIPLE) -> Decimal:
    return monitoring_threshold(national_line(), multiple)


def step_days() -> tuple[int, int, int]:
    """Days for the village, town and county steps: the plan's end-to-end figure split 7:4:4."""
    total = int(_plan_value(DAYS_TARGET) or DEFAULT_DAYS)
    village = max(1, round(total * STEP_SHARES[0] / sum(STEP_SHARES)))
    town = max(1, round(total * STEP_SHARES[1] / sum(STEP_SHARES)))
    return village, town, max(1, total - village - town)


def total_days() -> int:
    return sum(step_days())


def add_days(day, days) -> datetime.date:
    return day + datetime.timedelta(days=days)


def household_state(household) -> HouseholdState:
    """The household's state as the criteria read it: the registry's fields and members, open signals."""
    from fupin.registry.queries import member_gaps

    counts = member_gaps(household)
    open_signals = Signal.objects.filter(household=household, status=SignalStatus.OPEN).count()
    return HouseholdState(
        income_per_capita=household.income_per_capita,
        housing_grade=household.housing_grade,
        water_safe=household.water_safe,
        uninsured_members=counts["uninsured"],
        children_out_of_school=counts["out_of_school"],
        open_signals=open_signals,
    )
