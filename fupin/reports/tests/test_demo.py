import random

import pytest
from django.utils import timezone

from fupin.plan.tests.factories import plan_2020
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import rollup
from fupin.reports.choices import ReportStatus
from fupin.reports.demo import WEEKS, build_demo
from fupin.reports.models import Assessment, ReportPeriod, VillageReport

pytestmark = pytest.mark.django_db


def test_demo_builds_twelve_weeks_that_peak_in_february_and_recover_by_april(villages):
    plan = plan_2020()
    for i in range(60):
        HouseholdFactory(region_id=["440703101201", "440703101202", "440703102201"][i % 3])
    build_demo(random.Random(1), lambda message: None)
    periods = list(ReportPeriod.objects.filter(region_prefix="4407").order_by("starts_on"))
    assert len(periods) == WEEKS
    assert [(p.iso_week, str(p.starts_on)) for p in (periods[0], periods[-1])] == [
        (6, "2020-02-03"),
        (17, "2020-04-20"),
    ]
    assert plan.tracking_starts_on <= periods[0].starts_on and periods[-1].ends_on <= plan.tracking_ends_on
    assert {timezone.localtime(p.due_at).strftime("%a %H") for p in periods} == {"Mon 12"}
    affected = [rollup.maintained_cells(p.pk).get(("4407", "hh_employment"), 0) for p in periods]
    assert max(affected[1:4]) > affected[-2] * 2
    assert Assessment.objects.filter(period=periods[0]).count() == 60
    assert (
        not VillageReport.objects.filter(period__in=periods[:-1])
        .exclude(status=ReportStatus.APPROVED)
        .exists()
    )
    for p in periods:
        assert rollup.maintained_cells(p.pk) == dict(rollup.computed_cells(p.pk))


def test_demo_opens_no_weeks_when_the_plan_runs_no_weekly_tracking(villages):
    plan_2020(tracking_starts_on=None, tracking_ends_on=None)
    HouseholdFactory(region_id="440703101201")
    build_demo(random.Random(1), lambda message: None)
    assert not ReportPeriod.objects.exists()


def test_demo_shows_late_submissions_reminders_and_supplies_by_recipient(villages):
    from fupin.reports.choices import RecipientKind
    from fupin.reports.models import SubmissionReminder, SupplyAllocation

    plan_2020()
    for i in range(60):
        HouseholdFactory(region_id=["440703101201", "440703101202", "440703102201"][i % 3])
    build_demo(random.Random(1), lambda message: None)
    latest = ReportPeriod.objects.filter(region_prefix="4407").order_by("starts_on").last()

    assert VillageReport.objects.filter(late_minutes__gt=0).exists()
    assert VillageReport.objects.filter(late_minutes=0).exists()
    assert SubmissionReminder.objects.filter(period=latest).exists()
    kinds = set(SupplyAllocation.objects.values_list("recipient_kind", flat=True))
    assert kinds == {RecipientKind.ENTERPRISE, RecipientKind.HOUSEHOLD, RecipientKind.VILLAGE}
    assert SupplyAllocation.objects.exclude(skip_reason="").exists()
