"""Reads of the cooperation app shared by its pages, API, exports and tests.

Scope: every record is read through `visible_to` twice, by the Chongzuo side's `region_code` and by the
Jiangmen side's `helper_code` (`visible`). An indicator's actual is a fact about its county: it is read from
the other apps' `queries` for the county's prefix (劳务协作 from employment and training, 资金支持 from funds,
产业合作 from industry, 消费协作 from consumption, monitoring for exited counties), once per county, never typed.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from fupin.consumption.queries import sales_from
from fupin.cooperation import rules
from fupin.cooperation.choices import JIANGMEN_FIGURES, ConfirmState, EntryStatus, PairingKind, Rule
from fupin.cooperation.models import VIEW, ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.core.regioncodes import significant_prefix
from fupin.employment.queries import placed_laborers_from, placements_of_laborers_from, workshops_in
from fupin.funds.queries import allocated_to
from fupin.industry.queries import cooperation_projects
from fupin.monitoring.queries import households_at_risk_in
from fupin.training.queries import trained_laborers_from

CITY = "4407"  # 江门: the helping side
PAIRED = "4514"  # 崇左: the paired side
MODELS = {"pairing": Pairing, "indicator": Indicator, "entry": IndicatorEntry, "criterion": ExitCriterion}


def visible(model, user, permission=None):
    """The rows of a cooperation model the user may read, from either side (see the module docstring)."""
    permission = permission or VIEW
    return model.objects.visible_to(user, permission) | model.by_helper.visible_to(user, permission)


def get_visible(model, user, **lookup):
    """The record if the user may read it from either side, else 404 (out of scope never differs from missing)."""
    obj = visible(model, user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def county_prefix(code: str) -> str:
    return significant_prefix(code)[:6]


# --- actuals -----------------------------------------------------------------------------------------


def computed_figures(county: str, year: int) -> dict:
    """{rule: value} of every computed rule for a county (6-digit prefix) and year, read from the apps."""
    placed = placed_laborers_from(county, year)
    projects = cooperation_projects(county, CITY, year)
    workshops = workshops_in(county)
    pairs = Pairing.objects.in_region(county).filter(kind=PairingKind.ENTERPRISE, year=year)
    gifts = pairs.aggregate(n=Count("pk"), s=Sum("gift"))
    return {
        Rule.PLACED: placed["total"],
        Rule.PLACED_CITY: placed["city"],
        Rule.PLACED_PROVINCE: placed["province"],
        Rule.PLACED_NEAR: placed["near"],
        Rule.TRAINED: trained_laborers_from(county, year),
        Rule.FUNDS: allocated_to(county, year),
        Rule.PROJECTS: projects["projects"],
        Rule.PROJECT_HOUSEHOLDS: projects["households"],
        Rule.INVESTMENT: projects["investment"],
        Rule.SALES: sales_from(county, year),
        Rule.ENTERPRISE_PAIRS: gifts["n"] or 0,
        Rule.ENTERPRISE_GIFTS: gifts["s"] or Decimal(0),
        Rule.WORKSHOPS: workshops["workshops"],
        Rule.WORKSHOP_EMPLOYED: workshops["employed"],
    }


def entered_totals(indicators) -> dict:
    """{indicator id: sum of approved entries}."""
    rows = (
        IndicatorEntry.objects.filter(indicator__in=indicators, status=EntryStatus.APPROVED)
        .order_by()
        .values("indicator_id")
        .annotate(s=Sum("value"))
    )
    return {r["indicator_id"]: r["s"] for r in rows}


def confirm_state(indicator, today) -> str:
    if indicator.rule not in JIANGMEN_FIGURES:
        return ConfirmState.NONE
    if indicator.confirmed_on is not None:
        return ConfirmState.CONFIRMED
    if indicator.confirm_by and today > indicator.confirm_by:
        return ConfirmState.DEEMED
    return ConfirmState.PENDING


def reading(indicator, figures, entered, today) -> dict:
    """One indicator's row: the live figure, what counts (confirmed, deemed, or entered and approved), the
    state of the confirmation, the share of the target and the light."""
    if indicator.rule == Rule.ENTERED:
        live = entered.get(indicator.pk) or Decimal(0)
    else:
        live = Decimal(figures[indicator.rule])
    state = confirm_state(indicator, today)
    counted = {
        ConfirmState.NONE: live,
        ConfirmState.CONFIRMED: indicator.confirmed_value,
        ConfirmState.DEEMED: live,
        ConfirmState.PENDING: Decimal(0),
    }[state]
    return {
        "indicator": indicator,
        "live": live,
        "counted": counted,
        "confirm": state,
        "share": (counted / indicator.target) if indicator.target else None,
        "light": rules.light(counted, indicator.target, indicator.deadline, today),
    }


def readings(indicators, today=None) -> list[dict]:
    """The rows of the board for these indicators (already scoped): figures read once per county and year."""
    today = today or timezone.localdate()
    indicators = list(indicators)
    figures = {}
    for key in sorted({(county_prefix(i.region_code), i.year) for i in indicators}):
        figures[key] = computed_figures(*key)
    entered = entered_totals([i.pk for i in indicators])
    return [reading(i, figures[(county_prefix(i.region_code), i.year)], entered, today) for i in indicators]


def reading_of(indicator, today=None) -> dict:
    return readings([indicator], today)[0]


# --- the board ----------------------------------------------------------------------------------------


def counties_of(indicators) -> list[str]:
    return sorted({county_prefix(i.region_code).ljust(12, "0") for i in indicators})


def board(user, year=2020, today=None) -> dict:
    """Per county: its readings, counts by light; and the months' trend of approved entries."""
    rows = readings(visible(Indicator, user).filter(year=year).order_by("region_code", "area", "id"), today)
    by_county = defaultdict(list)
    for row in rows:
        by_county[county_prefix(row["indicator"].region_code).ljust(12, "0")].append(row)
    counties = []
    for code, county_rows in sorted(by_county.items()):
        lights = defaultdict(int)
        for row in county_rows:
            lights[row["light"]] += 1
        counties.append({"code": code, "rows": county_rows, "lights": dict(lights)})
    return {"year": year, "counties": counties, "trend": trend(user, year)}


def trend(user, year=2020) -> list[dict]:
    """Approved entries per month of the year: [{month, value}] (the board's line chart)."""
    rows = (
        visible(IndicatorEntry, user)
        .filter(month__year=year, status=EntryStatus.APPROVED)
        .order_by()
        .values("month")
        .annotate(s=Sum("value"), n=Count("pk"))
        .order_by("month")
    )
    found = {r["month"].month: r for r in rows}
    return [
        {
            "month": m,
            "value": (found[m]["s"] if m in found else Decimal(0)),
            "n": found.get(m, {}).get("n", 0),
        }
        for m in range(1, 13)
    ]


def indicator_trend(indicator) -> list[dict]:
    """Approved entries of one indicator by month, cumulated."""
    total, out = Decimal(0), []
    months = dict(
        indicator.entries.filter(status=EntryStatus.APPROVED)
        .order_by()
        .values("month__month")
        .annotate(s=Sum("value"))
        .values_list("month__month", "s")
    )
    for m in range(1, 13):
        total += months.get(m) or 0
        out.append({"month": m, "value": total})
    return out


PLACEMENT_RULES = (Rule.PLACED, Rule.PLACED_CITY, Rule.PLACED_PROVINCE, Rule.PLACED_NEAR)
PROJECT_RULES = (Rule.PROJECTS, Rule.PROJECT_HOUSEHOLDS, Rule.INVESTMENT)
PAIR_RULES = (Rule.ENTERPRISE_PAIRS, Rule.ENTERPRISE_GIFTS)


def drill(indicator, user):
    """(kind, records) behind a computed figure, of those the user may see: the placements of the county's
    laborers, the projects of Jiangmen enterprises, the 百企联百村 pairs; None for the rules whose records are
    the other apps' to list (the page names the source)."""
    county = county_prefix(indicator.region_code)
    if indicator.rule in PLACEMENT_RULES:
        from fupin.employment.queries import laborers_visible_to

        mine = laborers_visible_to(user).in_region(county)
        rows = placements_of_laborers_from(county, indicator.year).filter(laborer__in=mine)
        return "placements", rows.select_related("laborer", "vacancy__enterprise")
    if indicator.rule in PROJECT_RULES:
        from fupin.industry.queries import projects_visible_to, projects_with_operators_from

        rows = projects_with_operators_from(county, CITY, indicator.year)
        return "projects", rows.filter(pk__in=projects_visible_to(user).values("pk")).select_related(
            "operator"
        )
    if indicator.rule in PAIR_RULES:
        pairs = (
            visible(Pairing, user).in_region(county).filter(kind=PairingKind.ENTERPRISE, year=indicator.year)
        )
        return "pairs", pairs.order_by("region_code")
    return None


def follow_up(user, year=2020) -> list[dict]:
    """Exited counties (龙州, 宁明, 大新): their households under monitoring, beside their indicators."""
    pairings = visible(Pairing, user).filter(kind=PairingKind.COUNTY, stage="exited", year=year)
    return [
        {
            "code": p.region_code,
            "helper": p.helper_unit,
            **households_at_risk_in(county_prefix(p.region_code)),
        }
        for p in pairings.order_by("region_code")
    ]


def entries_waiting(user):
    """Submitted entries the user may approve."""
    return visible(IndicatorEntry, user, "cooperation.approve_entry").filter(status=EntryStatus.SUBMITTED)


def exit_checklist(user, county_code) -> list:
    return list(visible(ExitCriterion, user).filter(region_code=county_code).order_by("kind"))


def exit_counties(user) -> list[str]:
    return sorted(set(visible(ExitCriterion, user).values_list("region_code", flat=True)))


# --- figures read from the registry for the exit checklist ---------------------------------------------


def exit_figures(user, county_code: str, population: int = 0) -> dict:
    """Figures of a county's households as the user reads them (the county's own office reads all of them):
    remaining poor people and the incidence over the rural population, households with an unmet guarantee
    (unsafe housing or water)."""
    from fupin.registry.queries import households_visible_to, members_visible_to

    prefix = county_prefix(county_code)
    households = households_visible_to(user).in_region(prefix)
    remaining = members_visible_to(user).in_region(prefix).filter(household__status__in=["0", "3"]).count()
    unmet = households.filter(Q(housing_grade__in=["C", "D"]) | Q(water_safe=False)).count()
    incidence = (Decimal(remaining) * 100 / population).quantize(Decimal("0.01")) if population else None
    return {"remaining": remaining, "incidence": incidence, "unmet": unmet, "households": households.count()}


def months_of(year: int) -> list[datetime.date]:
    return [datetime.date(year, m, 1) for m in range(1, 13)]
