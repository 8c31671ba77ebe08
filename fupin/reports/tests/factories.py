import datetime

from fupin.reports.models import ReportPeriod, VillageReport
from fupin.reports.services import create_village_reports, week_bounds


def make_period(iso_year=2020, iso_week=10, region_prefix="4407", due_at=None):
    """A week opened directly (without the service), with village reports for existing households."""
    monday, sunday = week_bounds(iso_year, iso_week)
    due_at = due_at or datetime.datetime.combine(
        sunday + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    period = ReportPeriod.objects.create(
        iso_year=iso_year,
        iso_week=iso_week,
        region_prefix=region_prefix,
        starts_on=monday,
        ends_on=sunday,
        due_at=due_at,
    )
    create_village_reports(period)
    return period


def report_of(period, region_code="440703101201"):
    return VillageReport.objects.get(period=period, region_code=region_code)


ANSWERS = {
    "confirmed_members": 0,
    "suspected_members": 1,
    "isolated_members": 2,
    "supplies_received": True,
    "children_out_of_school": 0,
    "children_no_online_class": 1,
    "unmet_medical": False,
    "uninsured_members": 0,
    "housing_unsafe": False,
    "water_unsafe": False,
    "members_not_back": 2,
    "members_wanting_work": 1,
    "income_lost": 3000,
    "farming_disrupted": True,
    "business_disrupted": False,
    "unsold_produce_kg": 200,
    "unsold_produce_yuan": 800,
    "at_risk_return": False,
    "newly_in_difficulty": False,
    "needs": "1,2",
    "notes": "",
}


def assess_all(period, by, region_code="440703101201"):
    """Save empty answers for every household of the village (a week must be complete to be submitted)."""
    from fupin.registry.models import Household
    from fupin.reports import services

    done = period.assessments.values("household_id")
    for household in Household.objects.filter(region_id=region_code).exclude(pk__in=done):
        services.save_assessment(by=by, period=period, household=household, answers={})


def submitted(period, by, region_code="440703101201"):
    from fupin.reports import services

    assess_all(period, by, region_code)
    return services.submit_report(report_of(period, region_code), by=by)
