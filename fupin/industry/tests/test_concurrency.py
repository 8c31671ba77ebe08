"""Two draws for projects at once never exceed the allocation (PostgreSQL: concurrent writers)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from fupin.core.errors import DomainError
from fupin.funds.models import Allocation
from fupin.funds.tests.factories import AllocationFactory, BudgetLineFactory, FundFactory
from fupin.industry import services
from fupin.industry.tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_two_projects_drawing_at_once_cannot_exceed_the_allocation(town_user):
    fund = FundFactory(budget_line=BudgetLineFactory(code="industry-fund", amount=Decimal("10000000")))
    allocation = AllocationFactory(fund=fund, region_id="440703101000", amount=Decimal("1000.00"))
    projects = [ProjectFactory(status="approved") for _ in range(2)]
    town_user.prefixes_for("funds.disburse_fund")
    town_user.prefixes_for("industry.change_project")
    barrier, outcomes = threading.Barrier(2), []

    def draw(project, i):
        try:
            barrier.wait()
            services.fund_project(
                project,
                by=town_user,
                allocation=allocation,
                amount="700",
                date=datetime.date(2020, 5, 1),
                voucher=f"记-{i}",
            )
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=draw, args=(p, i)) for i, p in enumerate(projects)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert Allocation.objects.get(pk=allocation.pk).spent == Decimal("700.00")
