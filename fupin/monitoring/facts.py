"""The facts the risk rules need, for every household at once: a few bulk reads of the registry, the
weekly tracking, employment, the screening, insurance, finance and the signals already recorded, joined in
Python by household.

Each source is read through the app that owns it (its `queries`), in bulk, because the rules run over a
province's registry as one job; each source is one query (or one per chunk of households).
"""

from decimal import Decimal

from fupin.employment import queries as employment_queries
from fupin.finance import queries as finance_queries
from fupin.insurance import queries as insurance_queries
from fupin.ledgers import queries as ledger_queries
from fupin.monitoring.models import Signal
from fupin.monitoring.rules import Facts
from fupin.registry import queries as registry_queries
from fupin.reports import queries as report_queries

CHUNK = 20_000


def households(prefix=""):
    """(id, village code, income per capita) of every household under `prefix`, in id order, chunked."""
    return registry_queries.household_income_chunks(prefix, CHUNK)


def declared_spending():
    """The latest declared yearly rigid spending of each household (applications, department lists)."""
    rows = (
        Signal.objects.filter(rigid_spending__isnull=False)
        .order_by("household_id", "detected_on", "id")
        .values_list("household_id", "rigid_spending")
    )
    return dict(rows)


class Sources:
    """The per-household sources read once for a run."""

    def __init__(self, today, *, weeks=4, days=90):
        self.spending = declared_spending()
        self.weekly = report_queries.weekly_risk_flags(today, weeks)
        self.lost = employment_queries.households_with_lost_placements(today, days)
        self.failed = ledger_queries.failed_checks_by_household(today)
        # Claims of any size are gathered; each rule's own threshold decides (fupin.monitoring.rules).
        self.claims = insurance_queries.households_with_large_claims(
            year=today.year, threshold=Decimal("0.01")
        )
        self.overdue = finance_queries.households_with_overdue_loans(on=today)

    def facts(self, chunk):
        sizes = registry_queries.household_sizes([row[0] for row in chunk])
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
