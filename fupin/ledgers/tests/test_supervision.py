import datetime

import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed
from fupin.ledgers import queries, supervision
from fupin.ledgers.choices import SupervisionGroup, TargetKind
from fupin.ledgers.models import SupervisionTarget
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _target(by, group=SupervisionGroup.HOUSING, **kw):
    return supervision.add_target(
        by=by,
        kind=TargetKind.HOUSEHOLD,
        group=group,
        household=HouseholdFactory(),
        deadline=datetime.date(2020, 6, 30),
        plan_money=20000,
        **kw,
    )


def test_district_puts_a_household_under_supervision(district_user):
    target = _target(district_user, city_work_group="市级挂钩第1工作组")
    assert target.region_code == "440703101201"
    assert AuditEntry.objects.get(action="ledgers.supervisiontarget.added").actor == district_user


def test_town_cannot_add_supervision_targets(town_user):
    with pytest.raises(NotAllowed):
        _target(town_user)


def test_person_target_needs_a_member(district_user):
    with pytest.raises(DomainError):
        supervision.add_target(
            by=district_user,
            kind=TargetKind.PERSON,
            group=SupervisionGroup.INCOME,
            household=HouseholdFactory(),
            deadline=datetime.date(2020, 12, 31),
        )


def test_monthly_checkin_once_per_month(district_user, village_user):
    target = _target(district_user)
    supervision.check_in(target, by=village_user, month=datetime.date(2020, 4, 15), text="入户走访")
    with pytest.raises(DomainError):
        supervision.check_in(target, by=village_user, month=datetime.date(2020, 4, 2), text="again")
    assert AuditEntry.objects.filter(action="ledgers.supervisioncheckin.added").count() == 1


def test_board_shows_progress_against_plan_targets(district_user, village_user, town_user, plan):
    done = _target(district_user, group=SupervisionGroup.WATER)
    _target(district_user, group=SupervisionGroup.WATER)
    _target(district_user)
    supervision.request_done(done, by=village_user, version=done.version)
    supervision.accept_done(done, by=town_user, version=done.version)
    rows = {
        r["group"]: r
        for r in queries.supervision_board(
            SupervisionTarget.objects.visible_to(district_user), datetime.date(2020, 5, 1)
        )
    }
    water = rows[SupervisionGroup.WATER]
    assert (water["listed"], water["done"], int(water["goal"].value)) == (2, 1, 347)
    assert water["percent"] == round(100 / 347, 1)
    assert int(rows[SupervisionGroup.HOUSING]["goal"].value) == 100
    assert int(rows[SupervisionGroup.HOUSING]["budget"].value) == 2110000
    assert int(rows[SupervisionGroup.INCOME]["goal"].value) == 950


def test_reporting_done_twice_is_refused_and_accepting_twice_is_a_conflict(
    district_user, village_user, town_user
):
    target = _target(district_user, group=SupervisionGroup.WATER)
    seen = target.version
    supervision.request_done(target, by=village_user, version=seen)
    with pytest.raises(DomainError):
        supervision.request_done(target, by=village_user, version=seen)
    stale = SupervisionTarget.objects.get(pk=target.pk)
    supervision.accept_done(target, by=town_user, version=target.version)
    with pytest.raises(ConflictError):
        supervision.accept_done(stale, by=town_user, version=stale.version)
