"""The maintained roll-up equals the one rebuilt from raw assessments after any sequence of writes."""

import contextlib
import random

import pytest
from django.core.management import call_command

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.plan.tests.factories import plan_2020
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import rollup, services
from fupin.reports.dimensions import ANSWER_FIELDS, affected_codes
from fupin.reports.models import Assessment, RollupCell
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db


def random_answers(rng):
    answers = {}
    for name in ANSWER_FIELDS:
        if name in services.BOOL_FIELDS:
            answers[name] = rng.random() < 0.3
        elif name in services.INT_FIELDS:
            answers[name] = rng.choice([0, 0, 0, 1, 2, 5, 1200])
    answers["needs"] = ",".join(rng.sample(["1", "2", "3", "6"], rng.randint(0, 2)))
    answers["notes"] = ""
    return answers


def newly_affected_from_scratch(weeks) -> dict[int, str]:
    """Every assessment's newly affected dimensions, recomputed from the stored answers of the week before."""
    by_week = [{a.household_id: a for a in Assessment.objects.filter(period=p)} for p in weeks]
    expected = {}
    for i, rows in enumerate(by_week):
        for household_id, a in rows.items():
            prev = by_week[i - 1].get(household_id) if i else None
            before = affected_codes(prev) if prev else set()
            expected[a.pk] = ",".join(sorted(affected_codes(a) - before))
    return expected


def test_maintained_roll_up_equals_rebuilt_after_random_saves_edits_deletes_and_imports(
    district_user, villages
):
    rng = random.Random(2020)
    codes = ["440703101201", "440703101202", "440703102201"]
    households = [HouseholdFactory(region_id=rng.choice(codes)) for _ in range(12)]
    weeks = [make_period(iso_week=9), make_period(iso_week=10), make_period(iso_week=11)]
    earlier_week_writes = 0
    for _ in range(160):
        i, household = rng.randrange(len(weeks)), rng.choice(households)
        period = weeks[i]
        if (
            i + 1 < len(weeks)
            and Assessment.objects.filter(period=weeks[i + 1], household=household).exists()
        ):
            earlier_week_writes += 1
        op = rng.random()
        if op < 0.55:
            services.save_assessment(
                by=district_user,
                period=period,
                household=household,
                answers=random_answers(rng),
                confirm_warnings=True,  # random answers look unusual; the roll-up is what is tested
            )
        elif op < 0.7:
            existing = Assessment.objects.filter(period=period, household=household).first()
            if existing:
                services.delete_assessment(by=district_user, assessment=existing)
        elif op < 0.8:
            with contextlib.suppress(DomainError):
                services.carry_forward(by=district_user, period=period, household=household)
        else:
            chosen = rng.sample(households, 3)
            rows = [{"number": h.number, **random_answers(rng)} for h in chosen]
            if rng.random() < 0.3:
                rows.append({"number": "MISSING", **random_answers(rng)})  # whole import refused
            with contextlib.suppress(DomainError):
                services.import_assessments(by=district_user, period=period, rows=rows)
    assert earlier_week_writes > 20, "the sequence should edit earlier weeks after later ones exist"
    for period in weeks:
        maintained = rollup.maintained_cells(period.pk)
        assert maintained, "the sequence should have left data"
        assert maintained == dict(rollup.computed_cells(period.pk))
    stored = dict(Assessment.objects.values_list("pk", "newly_affected"))
    assert stored == newly_affected_from_scratch(weeks)
    assert AuditEntry.objects.filter(action="reports.assessment.recomputed").exists()


def test_rebuild_command_restores_a_damaged_roll_up(village_user, villages):
    period = make_period()
    household = HouseholdFactory(region_id="440703101201")
    services.save_assessment(
        by=village_user,
        period=period,
        household=household,
        answers={"members_not_back": 3, "at_risk_return": True},
    )
    before = rollup.maintained_cells(period.pk)
    RollupCell.objects.filter(indicator="not_back").update(value=99)
    call_command("rebuild_rollup", verbosity=0)
    assert rollup.maintained_cells(period.pk) == before


def test_open_report_period_command_opens_the_week(city_user):
    plan_2020()
    call_command("open_report_period", "2020", "12", "--by", "city", verbosity=0)
    from fupin.reports.models import ReportPeriod

    assert ReportPeriod.objects.filter(iso_year=2020, iso_week=12, region_prefix="4407").exists()


def test_a_change_adds_to_existing_cells_and_creates_the_missing_ones_in_a_few_statements(
    villages, django_assert_max_num_queries
):
    period = make_period()
    village = "440703101201"
    rollup.apply_delta(period.pk, village, {"assessed": 1})  # the village's first save of the week

    # A second indicator appears while the first changes by another amount: the existing cells of all five
    # levels are incremented, the missing ones created with their value, in one statement each (plus the lock).
    with django_assert_max_num_queries(4):
        rollup.apply_delta(period.pk, village, {"assessed": 2, "not_back": -1})

    cells = {(c.region_prefix, c.indicator): c.value for c in RollupCell.objects.filter(period=period)}
    for prefix in rollup.ancestor_prefixes(village):
        assert cells[(prefix, "assessed")] == 3
        assert cells[(prefix, "not_back")] == -1
