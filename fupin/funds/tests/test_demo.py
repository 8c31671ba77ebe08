"""The demo data of the funds app stays within every line and keeps the maintained totals right."""

import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from fupin.funds.choices import DisbursementStatus, PayeeKind
from fupin.funds.demo import build_demo
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_demo_allocates_and_pays_within_every_line_and_runs_once(plan, villages):
    for village in ("440703101201", "440703101202", "440703102201", "440704001001"):
        for _ in range(15):
            MemberFactory(household=HouseholdFactory(region_id=village))
    messages = []

    assert build_demo(random.Random(7), messages.append) > 0

    assert Fund.objects.count() == 6
    for fund in Fund.objects.all():
        allocated = fund.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert fund.allocated == allocated <= fund.amount
    for allocation in Allocation.objects.all():
        paid = allocation.disbursements.filter(status=DisbursementStatus.PAID).aggregate(s=Sum("amount"))["s"]
        assert allocation.spent == (paid or Decimal("0")) <= allocation.amount
    to_households = Disbursement.objects.filter(payee_kind=PayeeKind.HOUSEHOLD)
    assert to_households.exists()
    assert all(d.region_code.startswith(d.allocation.region_id[:9]) for d in to_households)
    premiums = Disbursement.objects.filter(allocation__fund__budget_line__code="insurance-premiums")
    assert not premiums.filter(payee_kind=PayeeKind.HOUSEHOLD).exists()  # the insurance demo pays insurers
    count = Disbursement.objects.count()
    build_demo(random.Random(7), messages.append)
    assert Disbursement.objects.count() == count
