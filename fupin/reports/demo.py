"""Demo data: the first 12 weeks of the active plan's weekly-tracking span (2020-W06..W17 for the 2020
plan) of assessments for every household of the region the plan covers.

The story: the epidemic disrupts work, schooling and farming from early February, peaks mid-February,
and recovers by April. Weeks are approved except the latest, which is partly submitted with some villages
late. Answers are drawn with numpy per week (fast enough for 400,000 households), inserted in bulk
(COPY / executemany), then the roll-up and the completeness counts are rebuilt once per week.
"""

import datetime
import itertools

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fupin.employment.creditcode import make_credit_code
from fupin.plan.queries import active_plan, tracking_of
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.reports.choices import AssessmentSource, RecipientKind, ReminderKind, ReportStatus
from fupin.reports.dimensions import AFFECTING
from fupin.reports.models import (
    AreaRisk,
    Assessment,
    ReportPeriod,
    SubmissionReminder,
    SupplyAllocation,
    VillageReport,
)
from fupin.reports.rollup import rebuild_period
from fupin.reports.services import create_village_reports, due_time

WEEKS = 12
# Share of the peak disruption in each week from the start of tracking (Feb 3 .. Apr 26 in 2020).
INTENSITY = [0.55, 0.9, 1.0, 0.92, 0.78, 0.6, 0.45, 0.32, 0.22, 0.15, 0.1, 0.07]
BATCH = 5000


def build_demo(rng, log):
    households = list(
        Household.objects.order_by("pk").values_list("pk", "region_id", "water_safe", "housing_grade")
    )
    if not households:
        log("reports: no households, nothing to do")
        return
    tracking = tracking_of(active_plan())
    if tracking is None:
        log("reports: the plan sets no weekly tracking, no weeks opened")
    else:
        subset = [h for h in households if h[1].startswith(tracking.region_prefix)]
        gen = np.random.default_rng(rng.randrange(2**32))
        _build_region(tracking, subset, gen, rng, log)
    _risks_and_supplies(households, rng, log)


def demo_weeks(tracking) -> list[datetime.date]:
    """The Mondays of the first WEEKS weeks of the span (fewer if the span is shorter)."""
    first = tracking.starts_on - datetime.timedelta(days=tracking.starts_on.weekday())
    mondays = [first + datetime.timedelta(weeks=w) for w in range(WEEKS)]
    return [m for m in mondays if m <= tracking.ends_on]


def _build_region(tracking, households, gen, rng, log):
    n = len(households)
    ids = np.array([h[0] for h in households])
    regions = [h[1] for h in households]
    fixed = {
        "water": np.array([not h[2] for h in households]),
        "housing": np.array([h[3] in ("C", "D") for h in households]),
    }
    # Per-household susceptibility: the same households tend to stay affected week after week.
    u = gen.random((8, n))
    previous_affected = np.zeros((len(AFFECTING), n), dtype=bool)
    mondays = demo_weeks(tracking)
    for w, monday in enumerate(mondays):
        latest = w == len(mondays) - 1
        period = _open(tracking, monday)
        include = np.ones(n, dtype=bool)
        if latest:
            include = _latest_week_coverage(period, regions, rng)
        answers = _answers(gen, u, INTENSITY[w], w, fixed, n)
        previous_affected = _insert(period, ids, regions, answers, include, previous_affected)
        rebuild_period(period.pk)
        _set_completeness(period, rng, latest=latest)
        log(f"reports: {period.label} {int(include.sum())} assessments")


def _open(tracking, monday):
    iso_year, iso_week, _day = monday.isocalendar()
    sunday = monday + datetime.timedelta(days=6)
    period, _created = ReportPeriod.objects.get_or_create(
        iso_year=iso_year,
        iso_week=iso_week,
        region_prefix=tracking.region_prefix,
        defaults={"starts_on": monday, "ends_on": sunday, "due_at": due_time(tracking, sunday)},
    )
    create_village_reports(period)
    return period


def _answers(gen, u, intensity, w, fixed, n):
    def hit(row, p):
        return u[row] < p * intensity * (0.85 + 0.3 * gen.random(n))

    not_back = np.where(hit(0, 0.45), gen.integers(1, 3, n), 0)
    farming = hit(1, 0.3)
    unsold_kg = np.where(farming & (gen.random(n) < 0.5), gen.integers(100, 2000, n), 0)
    return {
        "confirmed_members": np.where(hit(2, 0.001), 1, 0),
        "suspected_members": np.where(hit(2, 0.006), 1, 0),
        "isolated_members": np.where(hit(2, 0.05), gen.integers(1, 4, n), 0),
        "supplies_received": gen.random(n) < min(0.95, 0.25 + 0.15 * w),
        "children_out_of_school": np.where(hit(3, 0.015), 1, 0),
        "children_no_online_class": np.where(hit(3, 0.12) if 1 <= w <= 10 else np.zeros(n, bool), 1, 0),
        "unmet_medical": hit(4, 0.06),
        "uninsured_members": np.where(u[4] > 0.995, 1, 0),
        "housing_unsafe": fixed["housing"],
        "water_unsafe": fixed["water"],
        "members_not_back": not_back,
        "members_wanting_work": np.where(gen.random(n) < 0.7, not_back, 0),
        "income_lost": not_back * gen.integers(600, 2500, n),
        "farming_disrupted": farming,
        "business_disrupted": hit(5, 0.06),
        "unsold_produce_kg": unsold_kg,
        "unsold_produce_yuan": unsold_kg * gen.integers(2, 7, n),
        "at_risk_return": u[6] < 0.01 + 0.04 * intensity,
        "newly_in_difficulty": hit(7, 0.02),
    }


def _needs(row):
    codes = []
    if row["members_not_back"]:
        codes.append("1")
    if not row["supplies_received"] and (row["isolated_members"] or row["suspected_members"]):
        codes.append("2")
    if row["unmet_medical"]:
        codes.append("4")
    if row["children_no_online_class"]:
        codes.append("5")
    if row["unsold_produce_kg"]:
        codes.append("6")
    return ",".join(codes)


NEED_KEYS = [
    "members_not_back",
    "supplies_received",
    "isolated_members",
    "suspected_members",
    "unmet_medical",
    "children_no_online_class",
    "unsold_produce_kg",
]


def needs_column(cols) -> list[str]:
    return [
        _needs(dict(zip(NEED_KEYS, values, strict=True)))
        for values in zip(*[cols[k] for k in NEED_KEYS], strict=True)
    ]


def affected_matrix(answers) -> np.ndarray:
    """(dimensions x households) booleans: which affecting dimensions each household counts in."""
    return np.array([np.logical_or.reduce([np.asarray(answers[f]) > 0 for f in d.fields]) for d in AFFECTING])


def bulk_insert_assessments(period, cols: dict, n: int) -> None:
    """Insert n assessments given column lists by attname (COPY on PostgreSQL, executemany on SQLite): the
    ORM's bulk_create spends most of its time preparing values, which matters at 400,000 households a week."""
    now = timezone.now()
    static = {
        "period_id": period.pk,
        "source": AssessmentSource.DEMO,
        "notes": "",
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "assessed_by_id": None,
        "newly_affected": "",
        "warnings": "[]",  # the JSON text of no plausibility warnings
    }
    fields = [f for f in Assessment._meta.concrete_fields if f.column != "id"]
    rows = zip(
        *[cols[f.attname] if f.attname in cols else itertools.repeat(static[f.attname], n) for f in fields],
        strict=False,
    )
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # names from model meta, values as parameters  # nosec B608
            while batch := list(itertools.islice(rows, BATCH)):
                cursor.executemany(sql, batch)


def _insert(period, ids, regions, answers, include, previous_affected):
    """Insert the included rows; returns this week's affected matrix (for next week's newly affected)."""
    affected = affected_matrix(answers)
    newly = affected & ~previous_affected
    codes = [d.code for d in AFFECTING]
    newly_text = [""] * len(ids)
    for i in np.nonzero(newly.any(axis=0))[0]:
        newly_text[i] = ",".join(sorted(codes[k] for k in np.nonzero(newly[:, i])[0]))
    keep = np.nonzero(include)[0]
    cols = {k: np.asarray(v)[keep].tolist() for k, v in answers.items()}
    cols.update(
        household_id=np.asarray(ids)[keep].tolist(),
        region_code=[regions[i] for i in keep],
        needs=needs_column(cols),
    )
    cols["newly_affected"] = [newly_text[i] for i in keep]
    bulk_insert_assessments(period, cols, len(keep))
    return affected & include


def _latest_week_coverage(period, regions, rng):
    """The latest week: most villages done, some partly filled, a few not started."""
    villages = sorted(set(regions))
    state = {v: rng.choices(["done", "partial", "missing"], weights=[80, 12, 8])[0] for v in villages}
    period._demo_state = state
    return np.array([state[r] == "done" or (state[r] == "partial" and rng.random() < 0.5) for r in regions])


@transaction.atomic
def _set_completeness(period, rng, latest):
    counts = (
        Assessment.objects.filter(period=period, region_code=OuterRef("region_code"))
        .order_by()
        .values("region_code")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reports = VillageReport.objects.filter(period=period)
    reports.update(assessed=Coalesce(Subquery(counts), 0))
    now = timezone.now()
    if not latest:
        reports.update(status=ReportStatus.APPROVED, submitted_at=now, town_approved_at=now, approved_at=now)
        _set_lateness(period, reports.values_list("region_code", flat=True), rng)
        return
    state = getattr(period, "_demo_state", {})
    done = [code for code, s in state.items() if s == "done"]
    by_status = {}
    for code in done:
        status = rng.choices(
            [
                ReportStatus.SUBMITTED,
                ReportStatus.TOWN_APPROVED,
                ReportStatus.APPROVED,
                ReportStatus.RETURNED,
            ],
            weights=[45, 30, 15, 10],
        )[0]
        by_status.setdefault(status, []).append(code)
    for status, codes in by_status.items():
        for i in range(0, len(codes), 500):
            reports.filter(region_code__in=codes[i : i + 500]).update(
                status=status,
                submitted_at=now,
                town_approved_at=now
                if status in (ReportStatus.TOWN_APPROVED, ReportStatus.APPROVED)
                else None,
                approved_at=now if status == ReportStatus.APPROVED else None,
                return_reason="未返岗人数与上周差异较大，请核实" if status == ReportStatus.RETURNED else "",
            )
    _set_lateness(period, done, rng, one_late=True)
    _remind(period, rng)


# How late the late villages came (minutes past the due time), and the share of villages that were late.
LATENESS = [40, 150, 600, 1500]
LATE_SHARE = 0.12


def _set_lateness(period, codes, rng, one_late=False):
    """Most villages submitted before the due time, some after it (by one of LATENESS): the completeness
    pages and the reporting-discipline list show on time, late and how late (`one_late`: at least one)."""
    codes = list(codes)
    buckets = {0: []}
    for i, code in enumerate(codes):
        late = rng.choice(LATENESS) if rng.random() < LATE_SHARE or (one_late and i == 0) else 0
        buckets.setdefault(late, []).append(code)
    for minutes, chunk_codes in buckets.items():
        submitted_at = period.due_at + datetime.timedelta(minutes=minutes or -360)
        for i in range(0, len(chunk_codes), 500):
            VillageReport.objects.filter(period=period, region_code__in=chunk_codes[i : i + 500]).update(
                late_minutes=minutes, submitted_at=submitted_at
            )


def _remind(period, rng):
    """The reminders the scheduler would have sent for the latest week: a day before the due time to every
    village not submitted then (the late ones and those still missing), and at the due time to the same."""
    late_or_missing = VillageReport.objects.filter(period=period).exclude(late_minutes=0)
    reminders = [
        SubmissionReminder(
            period=period,
            region_code=r.region_code,
            kind=kind,
            sent_at=period.due_at - datetime.timedelta(days=1)
            if kind == ReminderKind.BEFORE_DUE
            else period.due_at,
            status_then=ReportStatus.DRAFT,
            assessed_then=r.assessed if kind == ReminderKind.AT_DUE else r.assessed // 2,
            expected_then=r.expected,
        )
        for r in late_or_missing.only("region_code", "assessed", "expected")
        for kind in (ReminderKind.BEFORE_DUE, ReminderKind.AT_DUE)
    ]
    SubmissionReminder.objects.bulk_create(reminders, batch_size=2000, ignore_conflicts=True)


def _risks_and_supplies(households, rng, log):
    counties = list(Region.objects.filter(level=3, code__in={h[1][:6] + "000000" for h in households}))
    steps = [
        (datetime.date(2020, 2, 3), ["medium", "high"]),
        (datetime.date(2020, 2, 24), ["medium", "low"]),
        (datetime.date(2020, 3, 16), ["low"]),
    ]
    risks = [
        AreaRisk(region_code=c.code, effective_on=day, level=rng.choice(levels), note="演示")
        for c in counties
        for day, levels in steps
    ]
    AreaRisk.objects.bulk_create(risks, ignore_conflicts=True)
    sample = rng.sample(households, min(len(households), max(20, len(households) // 50)))
    allocations = [
        SupplyAllocation(
            region_code=h[1],
            allocated_on=datetime.date(2020, 2, rng.randint(5, 28)),
            household_id=h[0],
            recipient_kind=RecipientKind.HOUSEHOLD,
            item=rng.choice(["mask", "disinfectant", "food"]),
            quantity=rng.choice([10, 20, 50]),
        )
        for h in sample
    ]
    for i, c in enumerate(counties):
        allocations.append(
            SupplyAllocation(
                region_code=c.code,
                allocated_on=datetime.date(2020, 2, 20),
                enterprise_name=f"{c.name}扶贫车间{i + 1}",
                recipient_kind=RecipientKind.ENTERPRISE,
                item="mask",
                quantity=2000,
                credit_code=make_credit_code(f"91{c.code[:6]}MA{i:07d}"),
            )
        )
    allocations += _village_supplies(households, rng)
    SupplyAllocation.objects.bulk_create(allocations, batch_size=2000)
    log(f"reports: {len(risks)} area risk levels, {len(allocations)} supply allocations")


def _village_supplies(households, rng):
    """A few allocations to villages (for their checkpoints), one with the reason it skipped the priority."""
    villages = sorted({h[1] for h in households})[:3]
    reasons = ["村卡点值守人员急需口罩，贫困户已于次日补发", "", ""]
    return [
        SupplyAllocation(
            region_code=code,
            allocated_on=datetime.date(2020, 2, 12 + i),
            recipient_kind=RecipientKind.VILLAGE,
            item="mask",
            quantity=300,
            skip_reason=reasons[i],
        )
        for i, code in enumerate(villages)
    ]
