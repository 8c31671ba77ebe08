"""A matching run end to end (read, solve, store): the proposals it stores are optimal, checked against SciPy's
linear programme over the same instance (a transportation problem: its optimum is integral)."""

import random
from decimal import Decimal

import numpy as np
import pytest
from scipy.optimize import linprog

from fupin.audit.models import AuditEntry
from fupin.consumption import matching
from fupin.consumption.models import Proposal
from fupin.consumption.services import matching_runs
from fupin.consumption.tests.factories import DemandFactory, ListingFactory, SupplierFactory

pytestmark = pytest.mark.django_db
CODES = ["440703101201", "440703101202", "440703102201", "440704001001", "451425100201"]


def scipy_optimum(listings, demands):
    """max Σ score·x over compatible pairs, each listing's and demand's quantity respected."""
    pairs = [
        (i, j, sum(parts.values()))
        for i, lst in enumerate(listings)
        for j, dem in enumerate(demands)
        if (parts := matching.components(lst, dem)) is not None
    ]
    a = np.zeros((len(listings) + len(demands), len(pairs)))
    for k, (i, j, _score) in enumerate(pairs):
        a[i, k] = a[len(listings) + j, k] = 1
    bounds = [x.remaining for x in listings] + [d.quantity for d in demands]
    result = linprog(-np.array([s for _i, _j, s in pairs]), A_ub=a, b_ub=bounds, method="highs")
    return round(-result.fun)


def test_the_proposals_a_run_stores_are_the_optimum_scipy_finds_and_one_audit_entry_records_the_run(
    district_user,
):
    rng = random.Random(18)
    household_supplier = SupplierFactory(kind="household", region_code=CODES[0])
    for i in range(40):
        code = rng.choice(CODES)
        ListingFactory(
            supplier=household_supplier if i % 4 == 0 else SupplierFactory(region_code=code),
            region_code=code,
            category=rng.choice(["vegetable", "fruit"]),
            price=Decimal(rng.choice(["3.00", "4.50", "6.00"])),
            quantity=rng.randint(5, 60),
            unsold=rng.choice(["", "", "village"]),
        )
    for _ in range(12):
        DemandFactory(
            category=rng.choice(["vegetable", "fruit"]),
            quantity=rng.randint(10, 120),
            price_max=rng.choice([None, Decimal("4.50")]),
            preferred_origin=rng.choice(["", "440704", "451425"]),
            prefer_paired=rng.random() < 0.3,
        )
    listings, demands = matching_runs.matching_inputs("440703")

    run = matching_runs.run_matching("440703000000", by=district_user)

    stored = list(
        Proposal.objects.filter(run=run).values_list("listing_id", "demand_id", "quantity", "score")
    )
    assert sum(q * s for _l, _d, q, s in stored) == run.objective == scipy_optimum(listings, demands)
    for lst in listings:
        assert sum(q for lid, _d, q, _s in stored if lid == lst.id) <= lst.remaining
    for dem in demands:
        assert sum(q for _l, did, q, _s in stored if did == dem.id) <= dem.quantity
    assert any(x.poor for x in listings) and any(x.unsold for x in listings)
    assert all(p.reasons and p.status == "proposed" for p in Proposal.objects.filter(run=run))
    assert AuditEntry.objects.filter(action="consumption.matchrun.run").count() == 1
    assert not AuditEntry.objects.filter(action__startswith="consumption.proposal").exists()
