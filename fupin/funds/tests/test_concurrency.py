"""Racing requests never spend beyond a line: many writers at once, each on its own connection.

SQLite lets one writer at a time (IMMEDIATE transactions), so the race only exists on PostgreSQL, where
the conditional UPDATE's row lock and re-checked WHERE are what keep the total within the ceiling."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from fupin.core.errors import DomainError
from fupin.funds import services
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.funds.tests.factories import AllocationFactory, BudgetLineFactory, FundFactory
from fupin.regions.models import Region

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
WRITERS = 24
D = datetime.date(2020, 5, 1)


def race(action):
    """Run action(i) in WRITERS threads released at once; returns the outcomes ("ok" or the refusal)."""
    barrier, outcomes, lock = threading.Barrier(WRITERS), [], threading.Lock()

    def run(i):
        try:
            barrier.wait()
            action(i)
            outcome = "ok"
        except DomainError as exc:
            outcome = str(exc)
        except Exception as exc:  # anything else (an IntegrityError from a CHECK) fails the test below
            outcome = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_racing_payments_never_exceed_the_allocation(town_user):
    allocation = AllocationFactory(region_id="440703101000", amount=Decimal("1000.00"))
    town_user.prefixes_for(services.DISBURSE)  # warm the cached scope before the threads share the user

    outcomes = race(
        lambda i: services.disburse(
            allocation,
            by=town_user,
            amount=Decimal("150.00"),
            date=D,
            payee_kind="project",
            payee_name=f"合作社{i}",
            voucher=f"记-{i:03d}",
        )
    )

    assert len(outcomes) == WRITERS and outcomes.count("ok") == 6  # 6 × 150 = 900; a seventh: 1,050
    assert all(o == "ok" or o.startswith("超出可用额度") for o in outcomes)
    allocation.refresh_from_db()
    paid = sum(Disbursement.objects.filter(allocation=allocation).values_list("amount", flat=True))
    assert allocation.spent == paid == Decimal("900.00")


def test_racing_allocations_never_exceed_the_fund(city_user):
    fund = FundFactory(budget_line=BudgetLineFactory(amount=Decimal("10000.00")))
    town = Region.objects.get(code="440703101000")
    city_user.prefixes_for(services.ALLOCATE)

    outcomes = race(
        lambda i: services.allocate(
            fund, by=city_user, region=town, amount=Decimal("3000.00"), document_number=f"文{i}", date=D
        )
    )

    assert outcomes.count("ok") == 3
    assert all(o == "ok" or o == "超出可用额度：可用余额 1,000.00 元" for o in outcomes)
    fund = Fund.objects.get(pk=fund.pk)
    total = sum(Allocation.objects.filter(fund=fund).values_list("amount", flat=True))
    assert fund.allocated == total == Decimal("9000.00")
