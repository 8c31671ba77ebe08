"""Reads of the weekly tracking shared by pages, API, exports and boards.

Dashboards and report tables read only RollupCell and VillageReport (a few thousand rows at most), never
aggregate raw assessments per request; only the list of households behind one village's number reads
assessments, through an index on (period, region_code).
"""

import re
from collections import defaultdict

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import OutOfScope
from fupin.core.regioncodes import LEVEL_DIGITS, ancestors, code_range, full_code
from fupin.core.scope import check_anywhere, check_scope
from fupin.regions.models import Region
from fupin.reports.choices import ReportStatus, Timeliness
from fupin.reports.dimensions import BY_CODE, DIMENSIONS, _truthy_q
from fupin.reports.models import (
    AreaRisk,
    Assessment,
    ReportPeriod,
    RollupCell,
    SubmissionReminder,
    VillageReport,
)

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
    return latest_reported(prefix) or periods.last()


def latest_reported(prefix):
    """The latest week with assessments under the region (from the roll-up's `assessed` cell), so that a
    board does not open on a week just opened, still empty."""
    reported = RollupCell.objects.filter(region_prefix=prefix, indicator="assessed", value__gt=0)
    return periods_for(prefix).filter(pk__in=reported.values("period_id")).last()


def with_completeness(periods, prefix) -> list[ReportPeriod]:
    """The weeks, each with `rate`: the share (%) of the region's expected households assessed that week,
    from the village reports (one row per village and week), in one grouped query."""
    periods = list(periods)
    sums = (
        VillageReport.objects.filter(period__in=periods, region_code__range=code_range(prefix))
        .order_by()
        .values("period_id")
        .annotate(expected=Sum("expected"), assessed=Sum("assessed"))
    )
    rates = {r["period_id"]: round(100 * r["assessed"] / r["expected"]) if r["expected"] else 0 for r in sums}
    for p in periods:
        p.rate = rates.get(p.pk, 0)
    return periods


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
        "region_code", "status", "expected", "assessed", "late_minutes"
    )
    for code, status, expected, assessed, late in reports:
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
        if late is not None:
            row["late_submitted_villages" if late else "on_time_villages"] += 1
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
        "on_time_villages",
        "late_submitted_villages",
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
    reminded = reminders_by_village(period, [r.region_code for r in reports])
    for r in reports:
        r.name = names.get(r.region_code, r.region_code)
        r.missing = r.assessed == 0
        r.late = overdue
        r.reminders = reminded.get(r.region_code, [])
    return reports


def reminders_by_village(period, codes) -> dict[str, list]:
    """{village code: [its reminders of the week, oldest first]} for the villages given (one query)."""
    found = defaultdict(list)
    for reminder in SubmissionReminder.objects.filter(period=period, region_code__in=list(codes)).order_by(
        "sent_at"
    ):
        found[reminder.region_code].append(reminder)
    return found


# ---- Reporting discipline (R1.6): on time, late or missing, per village per week ------------------------


def timeliness_q(value, now) -> Q:
    """The village weeks in one state of `choices.Timeliness`, as a filter (late_minutes and the due time)."""
    return {
        Timeliness.ON_TIME: Q(late_minutes=0),
        Timeliness.LATE: Q(late_minutes__gt=0),
        Timeliness.MISSING: Q(late_minutes__isnull=True, period__due_at__lt=now),
        Timeliness.PENDING: Q(late_minutes__isnull=True, period__due_at__gte=now),
    }.get(value, Q())


def village_weeks(user, prefix=None):
    """Every village week the user may read (under `prefix` when given), with its week, newest week first."""
    qs = VillageReport.objects.visible_to(user).select_related("period")
    if prefix:
        qs = qs.filter(region_code__range=code_range(prefix))
    return qs


def lateness_text(minutes) -> str:
    """How late a submission came, for people: 2天3小时, 5小时20分钟, 45分钟; empty when on time or not yet."""
    if not minutes:
        return ""
    days, rest = divmod(int(minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d天") % {"n": days})
    if hours:
        parts.append(_("%(n)d小时") % {"n": hours})
    if mins and not days:
        parts.append(_("%(n)d分钟") % {"n": mins})
    return "".join(parts)


def reminders_for(user):
    """Reminders to the villages the user may read (a village cadre: their own villages), newest first."""
    return SubmissionReminder.objects.visible_to(user).select_related("period")


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


def warned_assessments(report) -> list[Assessment]:
    """The village's assessments of the week saved with confirmed plausibility warnings (for the approver),
    each with `head_name`; the (period, region_code) index serves it."""
    from fupin.registry.queries import head_names

    found = list(
        Assessment.objects.filter(period_id=report.period_id, region_code=report.region_code)
        .exclude(warnings=[])
        .select_related("household")
        .order_by("household__number")
    )
    heads = head_names([a.household_id for a in found])
    for a in found:
        a.head_name = heads.get(a.household_id, "")
    return found


# ---- Work queues (我的待办) ------------------------------------------------------------------------------
# The level that acts on a village's week in each status (workflow.TRANSITIONS): a town (9 digits) approves
# what villages submitted, a district (6) what its towns approved.
APPROVED_AT = {ReportStatus.SUBMITTED: (9,), ReportStatus.TOWN_APPROVED: (6,)}
PENDING_ABOVE = {ReportStatus.SUBMITTED, ReportStatus.TOWN_APPROVED}


def _in_prefixes(prefixes) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(region_code__range=code_range(prefix))
    return q


def reports_awaiting_approval(user):
    """Village weeks waiting for this user's approval: submitted ones under the towns where the user
    approves, town-approved ones under the districts (or the city). Served by (status, region_code)."""
    q = Q(pk__in=[])
    prefixes = user.prefixes_for("reports.approve_report")
    for status, levels in APPROVED_AT.items():
        mine = [p for p in prefixes if len(p) in levels]
        if mine:
            q |= Q(status=status) & _in_prefixes(mine)
    return (
        VillageReport.objects.filter(q).select_related("period").order_by("period__starts_on", "region_code")
    )


def villages_filled_by(user) -> list[str]:
    """The villages whose weeks the user fills and submits (a village cadre's)."""
    return [p for p in user.prefixes_for("reports.submit_report") if len(p) == 12]


def reports_due_from(user):
    """Village weeks this user fills and has not submitted: drafts and returned ones of their villages."""
    villages = villages_filled_by(user)
    return (
        VillageReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
        .filter(_in_prefixes(villages))
        .select_related("period")
        .order_by("period__starts_on", "region_code")
    )


def reports_pending_above(user):
    """The user's own submissions still waiting above: a village's weeks submitted or approved by the town,
    a town's villages approved by it and waiting for the district."""
    villages = villages_filled_by(user)
    towns = [p for p in user.prefixes_for("reports.approve_report") if len(p) == 9]
    q = Q(status__in=PENDING_ABOVE) & _in_prefixes(villages) if villages else Q(pk__in=[])
    if towns:
        q |= Q(status=ReportStatus.TOWN_APPROVED) & _in_prefixes(towns)
    return (
        VillageReport.objects.filter(q).select_related("period").order_by("period__starts_on", "region_code")
    )


def with_region_names(reports) -> list:
    """The reports as a list, each with `name` (its village) and `is_late` (not submitted after the due time)."""
    reports = list(reports)
    names = village_names_for([r.region_code for r in reports])
    now = timezone.now()
    for r in reports:
        r.name = names.get(r.region_code, r.region_code)
        r.is_late = r.status not in SUBMITTED_OR_LATER and now > r.period.due_at
    return reports


def latest_village_reports(user) -> list[VillageReport]:
    """The report of the latest week of each village the user fills (a village cadre's "this week")."""
    villages = villages_filled_by(user)[:20]
    latest = []
    for code in villages:
        report = (
            VillageReport.objects.filter(region_code=code)
            .select_related("period")
            .order_by("-period__starts_on")
            .first()
        )
        if report is not None:
            latest.append(report)
    return latest


def weekly_risk_flags(today, weeks) -> dict:
    """{household id: (flagged at risk of return, income lost, members not back, business disrupted)} over
    the assessments of the weeks starting in the `weeks` weeks up to `today`, every household at once (the
    monitoring's risk rules; unscoped, the rule run checked its runner's scope)."""
    import datetime

    since = today - datetime.timedelta(weeks=weeks)
    rows = Assessment.objects.filter(period__starts_on__gte=since, period__starts_on__lte=today).values_list(
        "household_id", "at_risk_return", "income_lost", "members_not_back", "business_disrupted"
    )
    found = {}
    for household_id, flagged, lost, not_back, disrupted in rows.iterator(chunk_size=5000):
        old = found.get(household_id, (False, 0, 0, False))
        found[household_id] = (old[0] or flagged, old[1] + lost, max(old[2], not_back), old[3] or disrupted)
    return found
