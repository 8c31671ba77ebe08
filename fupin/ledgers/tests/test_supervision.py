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
    supervision.check_in(
        target, by=village_user, month=datetime.date(2020, 4, 15), text="入户走访", money_spent=5000
    )
    with pytest.raises(DomainError):
        supervision.check_in(target, by=village_user, month=datetime.date(2020, 4, 2), text="again")
    assert AuditEntry.objects.filter(action="ledgers.supervisioncheckin.added").count() == 1


def test_board_shows_progress_against_plan_targets(district_user, village_user, plan):
    done = _target(district_user)
    _target(district_user)
    _target(district_user, group=SupervisionGroup.WATER)
    supervision.mark_done(done, by=village_user, version=done.version)
    supervision.check_in(
        done, by=village_user, month=datetime.date(2020, 4, 1), text="改造完成", money_spent=20000
    )
    rows = {
        r["group"]: r
        for r in queries.supervision_board(
            SupervisionTarget.objects.visible_to(district_user), datetime.date(2020, 5, 1)
        )
    }
    housing = rows[SupervisionGroup.HOUSING]
    assert (housing["listed"], housing["done"], int(housing["goal"].value)) == (2, 1, 100)
    assert housing["percent"] == 1.0 and housing["spent"] == 20000 and int(housing["budget"].value) == 2110000
    assert int(rows[SupervisionGroup.INCOME]["goal"].value) == 950
    assert int(rows[SupervisionGroup.WATER]["goal"].value) == 347


def test_marking_done_twice_is_a_conflict(district_user, village_user):
    target = _target(district_user)
    supervision.mark_done(target, by=village_user, version=target.version)
    with pytest.raises(ConflictError):
        supervision.mark_done(target, by=village_user, version=target.version)
