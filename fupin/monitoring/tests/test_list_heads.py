"""The signal list and the case ledger name each row's head of household (read for the page's rows only)."""

import pytest
from django.urls import reverse

from fupin.monitoring.tests.factories import CaseFactory, SignalFactory
from fupin.registry.queries import head_names

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "factory"), [("monitoring:signal_list", SignalFactory), ("monitoring:case_list", CaseFactory)]
)
def test_the_list_names_the_head_of_each_household(client, town_user, name, factory):
    first, second = factory(), factory()
    heads = head_names([first.household_id, second.household_id])
    client.force_login(town_user)

    page = client.get(reverse(name)).content.decode()

    assert heads[first.household_id] and heads[first.household_id] in page
    assert heads[second.household_id] in page
