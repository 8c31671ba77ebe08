"""The ledger tally kept by the services equals a rebuild from the items after any sequence of writes."""

import datetime
import random

import pytest

from fupin.core.errors import DomainError
from fupin.ledgers import services, tally
from fupin.ledgers.choices import ItemStatus, LedgerKind
from fupin.ledgers.models import LedgerItem, LedgerTally

pytestmark = pytest.mark.django_db


def _tally():
    return {
        (r.region_code, r.kind, r.lead_unit, r.status): r.items for r in LedgerTally.objects.all() if r.items
    }


def test_area_of_an_item_is_its_town_or_its_own_higher_region():
    assert tally.area_of("440703101201") == "440703101000"
    assert tally.area_of("440703000000") == "440703000000"
    assert tally.area_of("440700000000") == "440700000000"


def test_random_workflow_keeps_the_tally_equal_to_its_rebuild(town_user, village_user):
    rng = random.Random(7)
    units = ["市扶贫办", "市水利局", ""]
    items = []
    for step in range(60):
        action = rng.choice(["create", "create", "edit", "progress", "request", "close", "return"])
        try:
            if action == "create" or not items:
                items.append(
                    services.create_item(
                        by=town_user,
                        region_code=rng.choice(["440703101201", "440703101202"]),
                        deadline=datetime.date(2020, 6, 30),
                        description=f"问题{step}",
                        kind=rng.choice(LedgerKind.values),
                        lead_unit=rng.choice(units),
                    )
                )
                continue
            item = LedgerItem.objects.get(pk=rng.choice(items).pk)
            if action == "edit":
                services.update_item(
                    item,
                    by=village_user,
                    version=item.version,
                    lead_unit=rng.choice(units),
                    kind=rng.choice(LedgerKind.values),
                )
            elif action == "progress":
                services.add_progress(item, by=village_user, text="已入户核实")
            elif action == "request":
                services.add_evidence(item, by=village_user, text="整改照片")
                services.request_close(
                    item, by=village_user, version=LedgerItem.objects.get(pk=item.pk).version
                )
            elif action == "close":
                services.close_item(item, by=town_user, version=item.version)
            elif action == "return":
                services.return_item(item, by=town_user, version=item.version, reason="材料不全")
        except DomainError:
            pass  # a transition the item's state does not allow: nothing changes
    maintained = _tally()
    assert sum(maintained.values()) == LedgerItem.objects.count() == len(items)
    assert {k[3] for k in maintained} >= {ItemStatus.IN_PROGRESS}
    tally.rebuild()
    assert _tally() == maintained


def test_rebuild_command_recomputes_the_tally(town_user):
    from django.core.management import call_command

    services.create_item(
        by=town_user,
        region_code="440703101201",
        deadline=datetime.date(2020, 6, 30),
        description="问题",
        kind=LedgerKind.PROBLEM,
    )
    LedgerTally.objects.all().delete()
    call_command("rebuild_ledger_tally", verbosity=0)
    assert _tally() == {("440703101000", LedgerKind.PROBLEM, "", ItemStatus.OPEN): 1}
