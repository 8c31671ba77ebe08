"""The facts the risk rules need, for every household at once: a few bulk reads of the registry, the
weekly tracking, employment, the screening and the signals already recorded, joined in Python by household.

These are reads of other apps' tables in the domain layer (no page or API reads them here), made in bulk
because the rules run over a province's registry as one job; each source is one query (or one per chunk).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count

from fupin.finance import queries as finance_queries
from fupin.insurance import queries as insurance_queries
from fupin.monitoring.models import Signal
from fupin.monitoring.rules import Facts

CHUNK = 20_000


def households(prefix=""):
    """(id, village code, income per capita) of every household under `prefix`, in id order, chunked."""
    from fupin.registry.models import Household

    rows = Household.objects.order_by("pk")
    if prefix:
        rows = rows.in_region(prefix)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", "region_id", "income_per_capita")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def household_sizes(ids):
    from fupin.registry.models import Member

    rows = Member.objects.filter(household_id__in=ids).values("household_id").annotate(n=Count("id"))
    return {row["household_id"]: row["n"] for row in rows.order_by()}


def declared_spending():
    """The latest declared yearly rigid spending of each household (applications, department lists)."""
    rows = (
        Signal.objects.filter(rigid_spending__isnull=False)
        .order_by("household_id", "detected_on", "id")
        .values_list("household_id", "rigid_spending")
    )
    return dict(rows)


def weekly_tracking(today, weeks):
    """{household: (flagged, income lost, members not back, business disrupted)} over the recent weeks."""
    from fupin.reports.models import Assessment

    since = today - datetime.timedelta(weeks=weeks)
    rows = Assessment.objects.filter(period__starts_on__gte=since, period__starts_on__lte=today).values_list(
        "household_id", "at_risk_return", "income_lost", "members_not_back", "business_disrupted"
    )
    found = {}
    for household_id, flagged, lost, not_back, disrupted in rows.iterator(chunk_size=5000):
        old = found.get(household_id, (False, 0, 0, False))
        found[household_id] = (old[0] or flagged, old[1] + lost, max(old[2], not_back), old[3] or disrupted)
    return found


def lost_placements(today, days):
    """{household: laborers whose post or referral ended in the last `days` days and who are not at work}."""
    from fupin.employment.choices import AT_WORK
    from fupin.employment.models import PostOccupancy, Referral

    since = today - datetime.timedelta(days=days)
    ended = set(
        PostOccupancy.objects.filter(ended_on__range=(since, today), laborer__isnull=False).values_list(
            "laborer_id", "laborer__member__household_id", "laborer__work_status"
        )
    )
    ended |= set(
        Referral.objects.filter(ended_on__range=(since, today), placed_on__isnull=False).values_list(
            "laborer_id", "laborer__member__household_id", "laborer__work_status"
        )
    )
    found = defaultdict(set)
    for laborer_id, household_id, work_status in ended:
        if work_status not in AT_WORK:
            found[household_id].add(laborer_id)
    return {household_id: len(laborers) for household_id, laborers in found.items()}


def failed_checks(today, days=365):
    """{household: checklist items failed at its latest screening within `days` days}."""
    from fupin.ledgers.models import ScreeningResult

    since = today - datetime.timedelta(days=days)
    rows = (
        ScreeningResult.objects.filter(
            screening__household__isnull=False, screening__checked_on__range=(since, today)
        )
        .order_by("screening__household_id", "screening__checked_on", "screening_id")
        .values_list("screening__household_id", "screening_id", "item", "passed")
    )
    latest = {}
    for household_id, screening_id, item, passed in rows.iterator(chunk_size=5000):
        seen = latest.get(household_id)
        if seen is None or seen[0] != screening_id:
            seen = latest[household_id] = (screening_id, [])
        if not passed:
            seen[1].append(item)
    return {household_id: tuple(items) for household_id, (_s, items) in latest.items() if items}


class Sources:
    """The per-household sources read once for a run."""

    def __init__(self, today, *, weeks=4, days=90):
        self.spending = declared_spending()
        self.weekly = weekly_tracking(today, weeks)
        self.lost = lost_placements(today, days)
        self.failed = failed_checks(today)
        # Claims of any size are gathered; each rule's own threshold decides (fupin.monitoring.rules).
        self.claims = insurance_queries.households_with_large_claims(
            year=today.year, threshold=Decimal("0.01")
        )
        self.overdue = finance_queries.households_with_overdue_loans(on=today)

    def facts(self, chunk):
        sizes = household_sizes([row[0] for row in chunk])
        for household_id, region_code, income in chunk:
            weekly = self.weekly.get(household_id, (False, 0, 0, False))
            yield Facts(
                household_id=household_id,
                region_code=region_code,
                size=sizes.get(household_id, 1),
                income_per_capita=Decimal(income or 0),
                rigid_spending=self.spending.get(household_id),
                weekly_flag=weekly[0],
                income_lost=weekly[1],
                members_not_back=weekly[2],
                business_disrupted=weekly[3],
                lost_placements=self.lost.get(household_id, 0),
                failed_checks=self.failed.get(household_id, ()),
                claimed_this_year=self.claims.get(household_id, Decimal(0)),
                overdue_loan=household_id in self.overdue,
            )
