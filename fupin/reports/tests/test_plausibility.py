"""The plausibility rules as pure functions: no database."""

import datetime

import pytest

from fupin.reports import plausibility
from fupin.reports.plausibility import HouseholdFacts, Implausible, NeedsConfirmation

MONDAY = datetime.date(2020, 3, 2)
ONE_PERSON = HouseholdFacts(members=1, working_age=1, students=0, compulsory=0)


def test_99_confirmed_cases_in_a_one_person_household_are_refused_with_the_reason():
    with pytest.raises(Implausible) as refused:
        plausibility.check({"confirmed_members": 99}, ONE_PERSON)
    assert refused.value.field == "confirmed_members"
    assert "99" in str(refused.value) and "家庭成员数（1）" in str(refused.value)


def test_more_workers_not_back_than_members_of_working_age_are_refused():
    facts = plausibility.facts_from_birth_dates(
        [datetime.date(1950, 1, 1), datetime.date(1985, 6, 1), datetime.date(2012, 1, 1)], MONDAY
    )
    assert facts == HouseholdFacts(members=3, working_age=1, students=1, compulsory=1)
    hard = plausibility.hard_limits({"members_not_back": 2, "children_out_of_school": 1}, facts)
    assert [f.field for f in hard] == ["members_not_back"]


def test_confirmed_and_suspected_together_cannot_exceed_the_members():
    facts = HouseholdFacts(members=2, working_age=2)
    hard = plausibility.hard_limits({"confirmed_members": 2, "suspected_members": 1}, facts)
    assert [(f.field, f.hard) for f in hard] == [("suspected_members", True)]


def test_a_household_without_members_on_record_has_no_people_bounds():
    assert plausibility.hard_limits({"confirmed_members": 3}, HouseholdFacts()) == []


def test_age_counts_full_years_on_the_day():
    assert plausibility.age_on(datetime.date(2004, 3, 3), MONDAY) == 15
    assert plausibility.age_on(datetime.date(2004, 3, 2), MONDAY) == 16


def test_a_sharp_rise_from_last_week_is_a_warning_not_a_refusal():
    soft = plausibility.jumps({"members_not_back": 4, "income_lost": 9000}, {"members_not_back": 0})
    assert {f.field for f in soft} == {"members_not_back", "income_lost"}
    assert plausibility.jumps({"members_not_back": 2}, {"members_not_back": 1}) == []
    assert plausibility.jumps({"members_not_back": 9}, None) == []


def test_a_value_far_above_the_village_is_an_outlier_only_with_enough_neighbours():
    village = {"income_lost": [0, 500, 800, 1000, 1200, 900]}
    assert [f.code for f in plausibility.outliers({"income_lost": 20000}, village)] == ["outlier"]
    assert plausibility.outliers({"income_lost": 2500}, village) == []
    assert plausibility.outliers({"income_lost": 20000}, {"income_lost": [0, 100]}) == []
    assert plausibility.outliers({"income_lost": 20000}, {"income_lost": [0] * 8}) == []  # none lost: news


def test_unsold_produce_priced_far_above_the_market_is_questioned():
    assert plausibility.price_check({"unsold_produce_kg": 10, "unsold_produce_yuan": 5000})
    assert plausibility.price_check({"unsold_produce_kg": 0, "unsold_produce_yuan": 300})
    assert plausibility.price_check({"unsold_produce_kg": 200, "unsold_produce_yuan": 800}) == []


def test_warnings_need_confirmation_and_are_returned_once_confirmed():
    answers = {"members_not_back": 4}
    with pytest.raises(NeedsConfirmation) as asked:
        plausibility.check(answers, HouseholdFacts(), previous={"members_not_back": 0})
    assert asked.value.code == "needs_confirmation"
    kept = plausibility.check(answers, HouseholdFacts(), previous={"members_not_back": 0}, confirmed=True)
    assert [f.as_dict()["code"] for f in kept] == ["jump"]


def test_a_confirmation_does_not_lift_a_hard_limit():
    with pytest.raises(Implausible):
        plausibility.check({"isolated_members": 5}, ONE_PERSON, confirmed=True)
