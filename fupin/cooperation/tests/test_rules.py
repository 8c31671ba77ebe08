"""The board's pure rules, and the follow-up of exited counties read from the return-to-poverty monitoring."""

import datetime
from decimal import Decimal

import pytest

from fupin.cooperation import queries, rules
from fupin.cooperation.choices import Light
from fupin.cooperation.tests.factories import PairingFactory

DEADLINE = datetime.date(2020, 12, 31)


def test_an_indicator_is_green_once_its_target_is_met_whatever_the_date():
    assert rules.light(10, 10, DEADLINE, datetime.date(2021, 3, 1)) == Light.GREEN


def test_an_indicator_keeping_pace_with_the_year_is_amber_and_one_behind_it_red():
    mid_year = datetime.date(2020, 7, 2)

    assert rules.light(6, 10, DEADLINE, mid_year) == Light.AMBER
    assert rules.light(4, 10, DEADLINE, mid_year) == Light.RED


def test_an_indicator_not_met_by_its_deadline_is_red():
    assert rules.light(9, 10, DEADLINE, datetime.date(2021, 1, 1)) == Light.RED


def test_incidence_and_unmet_guarantees_must_stay_under_the_threshold_villages_and_satisfaction_reach_it():
    assert rules.criterion_met("incidence", Decimal("2.5"), 3) and not rules.criterion_met("incidence", 4, 3)
    assert rules.criterion_met("assurances", 0, 0) and not rules.criterion_met("assurances", 1, 0)
    assert rules.criterion_met("satisfaction", 92, 90) and not rules.criterion_met("satisfaction", 85, 90)
    assert not rules.criterion_met("villages", None, 100)


@pytest.mark.django_db
def test_the_follow_up_of_an_exited_county_counts_its_households_under_monitoring(city_user):
    from fupin.monitoring.tests.factories import CaseFactory, exited_household
    from fupin.regions.models import Region, RegionLevel

    Region.objects.get_or_create(
        code="451423100201",
        defaults={"name": "龙州测试村", "level": RegionLevel.VILLAGE, "parent_id": "451423100000"},
    )
    PairingFactory(
        region_code="451423000000", helper_code="440704000000", helper_unit="江海区", stage="exited"
    )
    household = exited_household(region_id="451423100201")
    CaseFactory(household=household)
    CaseFactory(household=household, outcome="confirmed", monitored=True)
    CaseFactory(household=exited_household(region_id="451423100201"), outcome="rejected")
    CaseFactory()  # a Jiangmen household: not 龙州's

    rows = queries.follow_up(city_user)

    assert rows == [{"code": "451423000000", "helper": "江海区", "open": 1, "monitored": 1}]
