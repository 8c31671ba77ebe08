"""The employment board composes employment's figures with training's coverage, within the user's scope."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fupin.employment.tests.factories import LaborerFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.training import services as training
from fupin.training.models import Program

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 4, 1)


def laborer_in(village):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)))


def test_employment_board_shows_the_training_coverage_of_my_town_only(client, town_user, district_user):
    cls = training.open_class(
        by=town_user,
        program=Program.objects.get(kind="chef"),
        name="粤菜师傅第一期",
        mode="central",
        place="棠下镇文化站",
        region_code="440703101000",
        starts_on=D,
        ends_on=D + datetime.timedelta(days=10),
        seats=2,
        cost=Decimal("20000"),
    )
    trained, waiting = laborer_in("440703101201"), laborer_in("440703101201")
    elsewhere = laborer_in("440703102201")
    for lab in (trained, waiting, elsewhere):
        training.record_willingness(lab, by=district_user, willing=True, program_kind="chef")
    training.enroll(cls, by=town_user, laborer=trained)

    client.force_login(town_user)
    page = client.get(reverse("employment:home")).content.decode()

    assert 'id="kpi-training">50.0%<' in page
    assert "1 / 2" in page


def test_employment_board_needs_the_employment_permission(client, auditor_user):
    client.force_login(auditor_user)
    assert client.get(reverse("employment:home")).status_code == 403
