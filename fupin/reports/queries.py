"""Reads of the weekly tracking shared by pages, API, exports and boards.

Dashboards and report tables read only RollupCell and VillageReport (a few thousand rows at most), never
aggregate raw assessments per request; only the list of households behind one village's number reads
assessments, through an index on (period, region_code).
"""

import re
from collections import defaultdict

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from fupin.core.errors import OutOfScope
from fupin.core.regioncodes import LEVEL_DIGITS, ancestors, code_range, full_code
from fupin.core.scope import check_anywhere, check_scope
from fupin.regions.models import Region
from fupin.reports.choices import ReportStatus
from fupin.reports.dimensions import BY_CODE, DIMENSIONS, _truthy_q
from fupin.reports.models import AreaRisk, Assessment, ReportPeriod, RollupCell, VillageReport

VIEW = "reports.view_assessment"
NEXT_DIGITS = {2: 4, 4: 6, 6: 9, 9: 12}
SUBMITTED_OR_LATER = {ReportStatus.SUBMITTED, ReportStatus.TOWN_APPROVED, ReportStatus.APPROVED}


def default_prefix(user) -> str:
    """Where the user's weekly pages open: their widest region with the right to read the tracking."""
    check_anywhere(user, VIEW)
    return user.prefixes_for(VIEW)[0]


def check_prefix(user, prefix: str) -> str:
    """The prefix of a region the user may read (`?region=`), through the one scope rule: a region outside
    the user's regions (or no region at all) is OutOfScope (404), one inside them without the right NotAllowed."""
    if not prefix or not prefix.isdigit() or len(prefix) not in LEVEL_DIGITS.values():
        raise OutOfScope()
    check_scope(user, VIEW, full_code(prefix))
    return prefix


def periods_for(prefix: str):
    """Weeks opened for a region tree containing this region (or opened inside it), oldest first."""
    ancestors = [prefix[:n] for n in LEVEL_DIGITS.values() if n <= len(prefix)]
    return ReportPeriod.objects.filter(
        Q(region_prefix__in=ancestors) | Q(region_prefix__range=code_range(prefix))
    ).order_by("starts_on")


def pick_period(prefix, period_id=None):
    periods = periods_for(prefix)
    if period_id:
        if not re.fullmatch(r"[0-9]{1,10}", str(period_id)):
            raise Http404  # a malformed week id (?period=') is missing, not a server error
        period = periods.filter(pk=period_id).first()
        if period is None:
            raise Http404
        return period
    return periods.last()


def region_of(prefix: str):
    return Region.objects.filter(code=full_code(prefix)).first()


def children_of(prefix: str) -> list[Region]:
    region = region_of(prefix)
    return list(Region.objects.filter(parent=region).order_by("code")) if region else []


def breadcrumbs(prefix: str, user) -> list[Region]:
    """The regions from the user's widest down to this one (none above the user's own scope)."""
    return list(
        Region.objects.filter(code__in=ancestors(prefix, include_self=True)).within_scope_of(user, VIEW)
    )


def cells(period_ids, prefixes, indicators=None) -> dict:
    """{(period_id, prefix, indicator): value} from the maintained roll-up."""
    qs = RollupCell.objects.filter(period_id__in=list(period_ids), region_prefix__in=list(prefixes))
    if indicators:
        qs = qs.filter(indicator__in=list(indicators))
    return {
        (c[0], c[1], c[2]): c[3] for c in qs.values_list("period_id", "region_prefix", "indicator", "value")
    }


def indicator_table(period, prefix) -> dict:
    """Rows for the children of a region (and a total row), every indicator, with last week's totals."""
    children = children_of(prefix)
    prefixes = [c.prefix for c in children] + [prefix]
    prev = periods_for(prefix).filter(starts_on__lt=period.starts_on).last()
    period_ids = [period.pk] + ([prev.pk] if prev else [])
    values = cells(period_ids, prefixes)
    rows = [
        {
            "region": c,
            "prefix": c.prefix,
            "values": [values.get((period.pk, c.prefix, d.code), 0) for d in DIMENSIONS],
        }
        for c in children
    ]
    total = [values.get((period.pk, prefix, d.code), 0) for d in DIMENSIONS]
    previous = [values.get((prev.pk, prefix, d.code), 0) for d in DIMENSIONS] if prev else None
    change = [t - p for t, p in zip(total, previous, strict=True)] if previous else None
    codes = [d.code for d in DIMENSIONS]
    for row in rows:
        row["cells"] = list(zip(codes, row["values"], strict=True))
    return {
        "rows": rows,
        "total": total,
        "previous": previous,
        "change": change,
        "previous_period": prev,
        "dimensions": DIMENSIONS,
        "total_cells": list(zip(codes, total, strict=True)),
    }


def trend(prefix, indicators) -> dict:
    periods = list(periods_for(prefix))
    values = cells([p.pk for p in periods], [prefix], indicators)
    return {
        "weeks": [f"W{p.iso_week:02d}" for p in periods],
        "series": [
            {
                "code": code,
                "name": str(BY_CODE[code].label),
                "data": [values.get((p.pk, prefix, code), 0) for p in periods],
            }
            for code in indicators
        ],
    }


def completeness(period, prefix) -> list[dict]:
    """Per child region: villages, households expected, assessed, submitted, approved, late villages."""
    child_digits = NEXT_DIGITS.get(len(prefix), 12)
    names = {c.prefix: c.name for c in children_of(prefix)}
    rows = defaultdict(lambda: defaultdict(int))
    now = timezone.now()
    reports = VillageReport.objects.filter(period=period, region_code__range=code_range(prefix)).values_list(
        "region_code", "status", "expected", "assessed"
    )
    for code, status, expected, assessed in reports:
        row = rows[code[:child_digits]]
        row["villages"] += 1
        row["expected"] += expected
        row["assessed"] += assessed
        if status in SUBMITTED_OR_LATER:
            row["submitted_villages"] += 1
            row["submitted"] += assessed
        if status == ReportStatus.APPROVED:
            row["approved_villages"] += 1
            row["approved"] += assessed
        if status not in SUBMITTED_OR_LATER and now > period.due_at:
            row["late_villages"] += 1
    result = []
    for child_prefix in sorted(set(names) | set(rows)):
        row = dict(rows.get(child_prefix, {}))
        row.update(prefix=child_prefix, name=names.get(child_prefix, child_prefix))
        row["rate"] = round(100 * row.get("assessed", 0) / row["expected"]) if row.get("expected") else 0
        result.append(row)
    return result


def totals(rows) -> dict:
    keys = [
        "villages",
        "expected",
        "assessed",
        "submitted",
        "approved",
        "submitted_villages",
        "approved_villages",
        "late_villages",
    ]
    total = {k: sum(r.get(k, 0) for r in rows) for k in keys}
    total["rate"] = round(100 * total["assessed"] / total["expected"]) if total["expected"] else 0
    return total


def late_or_missing(period, prefix):
    """Village reports not yet submitted (late once the due time has passed), with region names."""
    reports = list(
        VillageReport.objects.filter(period=period, region_code__range=code_range(prefix))
        .exclude(status__in=SUBMITTED_OR_LATER)
        .order_by("region_code")
    )
    names = dict(Region.objects.filter(code__in=[r.region_code for r in reports]).values_list("code", "name"))
    overdue = timezone.now() > period.due_at
    for r in reports:
        r.name = names.get(r.region_code, r.region_code)
        r.missing = r.assessed == 0
        r.late = overdue
    return reports


def indicator_q(code) -> Q:
    dimension = BY_CODE.get(code)
    if dimension is None:
        raise Http404
    if dimension.kind == "all":
        return Q()
    q = Q()
    for f in dimension.fields:
        q |= _truthy_q(Assessment, f)
    return q


def households_behind(user, period, prefix, indicator):
    """The assessments counted in one number (scoped by visible_to)."""
    return (
        Assessment.objects.visible_to(user)
        .filter(period=period)
        .in_region(prefix)
        .filter(indicator_q(indicator))
        .select_related("household")
        .order_by("region_code", "household__number")
    )


def newly_affected(user, period, prefix):
    """Households newly affected this week: the proposals for the assistance ledger."""
    return (
        Assessment.objects.visible_to(user)
        .filter(period=period)
        .in_region(prefix)
        .exclude(newly_affected="")
        .select_related("household")
        .order_by("region_code", "household__number")
    )


def at_risk_of_return(user, period, prefix):
    return (
        Assessment.objects.visible_to(user)
        .filter(period=period, at_risk_return=True)
        .in_region(prefix)
        .select_related("household")
        .order_by("region_code", "household__number")
    )


def current_risks(prefix, on_date) -> dict[str, AreaRisk]:
    """The latest risk level on a date of each region at or under a prefix, and its ancestors."""
    qs = (
        AreaRisk.objects.filter(
            Q(region_code__range=code_range(prefix)) | Q(region_code__in=ancestors(prefix))
        )
        .filter(effective_on__lte=on_date)
        .order_by("region_code", "effective_on")
    )
    latest = {}
    for risk in qs:
        latest[risk.region_code] = risk
    return latest


def dimension_labels(codes) -> str:
    return "、".join(str(BY_CODE[c].label) for c in codes.split(",") if c in BY_CODE)


def village_names(prefix) -> dict[str, str]:
    return dict(Region.objects.filter(code__range=code_range(prefix), level=5).values_list("code", "name"))


def village_names_for(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))


def need_labels(codes: str) -> str:
    from fupin.reports.choices import Need

    labels = dict(Need.choices)
    return "、".join(str(labels[c]) for c in codes.split(",") if c in labels)
