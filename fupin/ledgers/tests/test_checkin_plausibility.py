"""A supervision check-in cannot be dated in a month still to come: refused with the reason, on the page
and in the API alike (ledgers.plausibility)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.core.plausibility import Implausible
from fupin.ledgers import plausibility, supervision
from fupin.ledgers.models import SupervisionCheckin, SupervisionTarget

TODAY = datetime.date(2020, 6, 10)


def test_a_checkin_month_after_this_month_is_refused_and_this_month_is_not():
    assert plausibility.checkin_findings(datetime.date(2020, 6, 30), TODAY) == []
    assert plausibility.checkin_findings(datetime.date(2019, 1, 1), TODAY) == []
    [finding] = plausibility.checkin_findings(datetime.date(2020, 7, 1), TODAY)
    assert finding.hard and "2020-07" in finding.message


def next_month():
    return (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def target(db, villages):
    return SupervisionTarget.objects.create(
        kind="village", group="water", region_code="440703101201", deadline=datetime.date(2020, 6, 30)
    )


@pytest.mark.django_db
def test_the_service_refuses_a_checkin_of_next_month(target, village_user):
    with pytest.raises(Implausible, match="只能登记已经进行的走访"):
        supervision.check_in(target, by=village_user, month=next_month(), text="入户走访")
    assert not SupervisionCheckin.objects.exists()


@pytest.mark.django_db
def test_the_checkin_page_shows_the_reason(client, target, village_user):
    client.force_login(village_user)
    response = client.post(
        reverse("ledgers:supervision_checkin", args=[target.pk]),
        {"month": next_month().isoformat(), "text": "入户走访"},
        follow=True,
    )
    assert "只能登记已经进行的走访" in response.content.decode()
    assert not SupervisionCheckin.objects.exists()
