"""Supervision targets (挂牌督战, R5.1/R5.4/R5.5): one plan per target, monthly check-ins, done."""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_scope
from fupin.ledgers.choices import TargetKind
from fupin.ledgers.models import SupervisionCheckin, SupervisionTarget

PLAN_FIELDS = [
    "city_work_group",
    "district_person",
    "district_phone",
    "town_person",
    "town_phone",
    "village_person",
    "village_phone",
    "plan_measures",
    "plan_money",
    "plan_start",
    "plan_end",
    "deadline",
]


@transaction.atomic
def add_target(*, by, kind, group, deadline, region_code=None, household=None, member=None, **fields):
    """Put a household, person or village under supervision (district/city office)."""
    if member is not None:
        household = household or member.household
    if household is not None:
        region_code = household.region_id
    if kind == TargetKind.PERSON and member is None:
        raise DomainError(_("督战对象为人时请选择人员。"), field="member")
    if kind == TargetKind.HOUSEHOLD and household is None:
        raise DomainError(_("督战对象为户时请选择贫困户。"), field="household")
    check_scope(by, "ledgers.manage_supervision", region_code)
    fields = {k: v for k, v in fields.items() if k in PLAN_FIELDS}
    target = SupervisionTarget.objects.create(
        kind=kind,
        group=group,
        deadline=deadline,
        region_code=region_code,
        household=household,
        member=member,
        **fields,
    )
    record(
        "ledgers.supervisiontarget.added",
        by=by,
        target=target,
        changes=diff({}, snapshot(target, ["kind", "group", "deadline", "plan_money"])),
    )
    return target


@transaction.atomic
def update_plan(target, *, by, version, **changes):
    """Edit the one plan of a target (一户一策)."""
    check_scope(by, "ledgers.change_item", target.region_code)
    changes = {k: v for k, v in changes.items() if k in PLAN_FIELDS}
    before = snapshot(target, list(changes))
    if not SupervisionTarget.objects.filter(pk=target.pk, version=version).update(
        **changes, version=F("version") + 1
    ):
        raise ConflictError()
    target.refresh_from_db()
    record(
        "ledgers.supervisiontarget.changed",
        by=by,
        target=target,
        changes=diff(before, snapshot(target, list(changes))),
    )
    return target


@transaction.atomic
def check_in(target, *, by, month, text, money_spent=0):
    """The monthly check-in; one per month, a second one for the same month is refused."""
    check_scope(by, "ledgers.change_item", target.region_code)
    month = month.replace(day=1)
    if Decimal(str(money_spent or 0)) < 0:  # the API has no form's min_value in front of it
        raise DomainError(_("本月使用资金不能为负数。"), field="money_spent")
    if SupervisionCheckin.objects.filter(target=target, month=month).exists():
        raise DomainError(_("本月已登记走访。"), field="month")
    checkin = SupervisionCheckin.objects.create(
        target=target, region_code=target.region_code, month=month, text=text, money_spent=money_spent, by=by
    )
    record(
        "ledgers.supervisioncheckin.added",
        by=by,
        target=target,
        note=text[:200],
        changes={"month": [None, str(month)], "money_spent": [None, str(money_spent)]},
    )
    return checkin


@transaction.atomic
def mark_done(target, *, by, version, done_on=None):
    check_scope(by, "ledgers.change_item", target.region_code)
    done_on = done_on or timezone.localdate()
    if not SupervisionTarget.objects.filter(pk=target.pk, version=version, done=False).update(
        done=True, done_on=done_on, version=F("version") + 1
    ):
        raise ConflictError()
    target.refresh_from_db()
    record("ledgers.supervisiontarget.done", by=by, target=target, changes={"done": [False, True]})
    return target
