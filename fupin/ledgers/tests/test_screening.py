import datetime

import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import OutOfScope
from fupin.ledgers import screening
from fupin.ledgers.choices import CheckItem, ItemStatus, LedgerKind, Source
from fupin.ledgers.models import LedgerItem
from fupin.plan.models import Target
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
ALL_PASS = {
    c: True
    for c in (
        CheckItem.SAN_LUOSHI,
        CheckItem.SAN_JINGZHUN,
        CheckItem.EDUCATION,
        CheckItem.MEDICAL,
        CheckItem.HOUSING,
        CheckItem.YI_TISHENG,
        CheckItem.WATER,
    )
}


def test_failed_household_items_create_linked_problem_items(village_user, plan):
    household = HouseholdFactory()
    check = screening.screen(
        by=village_user,
        region_code="",
        household=household,
        results={**ALL_PASS, CheckItem.WATER: False, CheckItem.HOUSING: False},
    )
    items = LedgerItem.objects.filter(kind=LedgerKind.PROBLEM, household=household)
    assert items.count() == 2
    assert {i.category for i in items} == {"water", "housing"} and {i.source for i in items} == {
        Source.SCREENING
    }
    failed = check.results.filter(passed=False)
    assert {r.ledger_item_id for r in failed} == set(items.values_list("id", flat=True))
    assert AuditEntry.objects.get(action="ledgers.screeningcheck.recorded").changes == {
        "failed": [None, ["housing", "water"]]
    }
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.created").count() == 2


def test_failing_again_does_not_duplicate_the_open_item(village_user, plan):
    household = HouseholdFactory()
    screening.screen(
        by=village_user, region_code="", household=household, results={**ALL_PASS, CheckItem.WATER: False}
    )
    screening.screen(
        by=village_user, region_code="", household=household, results={**ALL_PASS, CheckItem.WATER: False}
    )
    assert LedgerItem.objects.filter(household=household).count() == 1


def test_passing_later_offers_and_files_the_close_request(village_user, town_user, plan):
    household = HouseholdFactory()
    first = screening.screen(
        by=village_user, region_code="", household=household, results={**ALL_PASS, CheckItem.WATER: False}
    )
    item = first.results.get(item=CheckItem.WATER).ledger_item
    assert screening.closable_items(first) == []
    later = screening.screen(
        by=village_user,
        region_code="",
        household=household,
        results=ALL_PASS,
        checked_on=datetime.date.today(),
    )
    assert screening.closable_items(later) == [(CheckItem.WATER, item)]
    item = screening.request_close_from_screening(item, later, by=village_user, version=item.version)
    assert item.status == ItemStatus.CLOSE_REQUESTED
    assert item.evidence.get().screening == later
    from fupin.ledgers import services

    assert services.close_item(item, by=town_user, version=item.version).status == ItemStatus.CLOSED


def test_village_collective_income_is_judged_against_the_plan_threshold(village_user, district_user, plan):
    screening.register_village(by=district_user, region_code="440703101201", old_revolutionary=True)
    check = screening.screen(
        by=village_user,
        region_code="440703101201",
        collective_income=150000,
        results={CheckItem.OLD_BASE_WATER: True, CheckItem.OLD_BASE_ROAD: False},
    )
    failed = {r.item for r in check.results.filter(passed=False)}
    assert failed == {CheckItem.COLLECTIVE_INCOME, CheckItem.OLD_BASE_ROAD}
    assert LedgerItem.objects.filter(region_code="440703101201", household=None).count() == 2


def test_threshold_comes_from_plan_data(village_user, plan):
    Target.objects.filter(code="village-collective-income").update(value=100000)
    check = screening.screen(
        by=village_user, region_code="440703101201", collective_income=150000, results={}
    )
    assert check.results.get(item=CheckItem.COLLECTIVE_INCOME).passed


def test_other_village_cannot_screen_my_household(other_village_user, plan):
    with pytest.raises(OutOfScope):
        screening.screen(
            by=other_village_user, region_code="", household=HouseholdFactory(), results=ALL_PASS
        )
