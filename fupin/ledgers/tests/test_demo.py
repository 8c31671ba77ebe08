"""The ledgers demo shows issue 15's supervision and screening: an edited plan, targets awaiting the town's
review, renovations, and the old revolutionary villages with their income and water and road items."""

import random

import pytest

from fupin.audit.models import AuditEntry
from fupin.ledgers.demo import build_demo
from fupin.ledgers.models import (
    CollectiveIncome,
    LedgerItem,
    RenovationRecord,
    SupervisionTarget,
    VillageProfile,
)
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_edited_plan_and_the_old_revolutionary_villages(villages, plan):
    for code in ("440703101201", "440703101202", "440703102201"):
        for _ in range(6):
            household_with_members(2, region_id=code, housing_grade="C", water_safe=False)

    build_demo(random.Random(3), lambda message: None)

    assert AuditEntry.objects.filter(action="ledgers.supervisiontarget.changed").exists()
    assert SupervisionTarget.objects.filter(version__gt=1).exists()
    assert SupervisionTarget.objects.filter(done=True).exists()
    assert RenovationRecord.objects.filter(accepted_on__isnull=False).exists()
    old = VillageProfile.objects.filter(old_revolutionary=True)
    assert old.count() == 3 and CollectiveIncome.objects.count() == 6
    assert LedgerItem.objects.filter(
        region_code__in=old.values("region_code"), household=None, category__in=["water", "road"]
    ).exists()
