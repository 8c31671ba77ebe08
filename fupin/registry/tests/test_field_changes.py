"""Fields other apps set on a household through the registry's services (the monitoring mark, the living
conditions a supervision found): only what differs is written, with the version bumped and one audit entry."""

import pytest

from fupin.audit.models import AuditEntry
from fupin.registry import services
from fupin.registry.choices import HousingGrade, MonitoringMark
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


def test_living_conditions_write_only_the_values_given_and_changed(villages, town_user):
    household = household_with_members(1, housing_grade=HousingGrade.C, water_safe=True)

    services.set_living_conditions(
        household, by=town_user, housing_grade=HousingGrade.A, water_safe=True, note="改造"
    )

    household.refresh_from_db()
    entry = AuditEntry.objects.get(action="registry.household.conditions_changed")
    assert (household.housing_grade, household.water_safe, household.version) == (HousingGrade.A, True, 2)
    assert entry.changes == {"housing_grade": [HousingGrade.C, HousingGrade.A]} and entry.note == "改造"


def test_setting_what_is_already_stored_writes_nothing(villages, town_user):
    household = household_with_members(1, housing_grade=HousingGrade.A)

    services.set_living_conditions(household, by=town_user, housing_grade=HousingGrade.A)
    services.set_monitoring_mark(household, by=town_user, mark="")

    household.refresh_from_db()
    assert household.version == 1 and not AuditEntry.objects.filter(action__startswith="registry.household.")


def test_the_mark_set_twice_is_audited_once(villages, town_user):
    household = household_with_members(1)

    services.set_monitoring_mark(household, by=town_user, mark=MonitoringMark.EDGE)
    services.set_monitoring_mark(household, by=town_user, mark=MonitoringMark.EDGE)

    household.refresh_from_db()
    assert household.monitoring_mark == MonitoringMark.EDGE and household.version == 2
    assert AuditEntry.objects.filter(action="registry.household.mark_changed").count() == 1
