"""Screening (全面排查, R5.2): failed checklist items become problem-list items; passing later offers closing."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.ledgers import services
from fupin.ledgers.choices import (
    CHECK_CATEGORY,
    HOUSEHOLD_CHECKS,
    VILLAGE_CHECKS,
    CheckItem,
    ItemStatus,
    LedgerKind,
    ScreeningScope,
    Source,
)
from fupin.ledgers.models import LedgerItem, ScreeningCheck, ScreeningResult
from fupin.plan.queries import target as plan_target

RECTIFY_DAYS = 30


def collective_income_threshold():
    """The plan's village collective income target (¥200,000 in the 2020 plan)."""
    row = plan_target("village-collective-income")
    if row is None:
        raise DomainError(_("工作计划中没有村级集体可支配收入目标，请先导入计划。"))
    return row.value


@transaction.atomic
def screen(*, by, region_code, results, household=None, collective_income=None, notes=None, checked_on=None):
    """Record a screening. `results` maps CheckItem -> passed. Returns the check.

    For a village, collective income (if given) decides the collective income item against the plan's threshold.
    Each failed item without an open problem item for the same household/village and check item creates one.
    """
    if household is not None:
        region_code = household.region_id
    check_scope(by, "ledgers.change_item", region_code)
    scope = ScreeningScope.HOUSEHOLD if household is not None else ScreeningScope.VILLAGE
    allowed = HOUSEHOLD_CHECKS if household is not None else VILLAGE_CHECKS
    results = dict(results)
    if scope == ScreeningScope.VILLAGE and collective_income is not None:
        results[CheckItem.COLLECTIVE_INCOME] = Decimal(collective_income) >= collective_income_threshold()
    unknown = set(results) - set(allowed)
    if unknown or not results:
        raise DomainError(_("排查项无效。"), field="results")
    check = ScreeningCheck.objects.create(
        scope=scope,
        region_code=region_code,
        household=household,
        by=by,
        checked_on=checked_on or timezone.localdate(),
        collective_income=collective_income,
    )
    notes = notes or {}
    for item_code, passed in results.items():
        result = ScreeningResult(
            screening=check, item=item_code, passed=passed, note=notes.get(item_code, "")
        )
        if not passed:
            result.ledger_item = open_problem_for(check, item_code) or _create_problem(
                check, item_code, by, result.note
            )
        result.save()
    record(
        "ledgers.screeningcheck.recorded",
        by=by,
        target=check,
        region_code=region_code,
        changes={"failed": [None, sorted(str(k) for k, v in results.items() if not v)]},
    )
    return check


def open_problem_for(check, item_code):
    """The open problem item an earlier screening of the same household/village raised for this check item."""
    return (
        LedgerItem.objects.not_closed()
        .filter(
            screening_results__item=item_code,
            screening_results__screening__region_code=check.region_code,
            screening_results__screening__household=check.household,
        )
        .order_by("id")
        .first()
    )


def _create_problem(check, item_code, by, note):
    label = CheckItem(item_code).label
    subject = check.household.number if check.household_id else check.region_code
    return services.create_item(
        by=None,
        region_code=check.region_code,
        household=check.household,
        kind=LedgerKind.PROBLEM,
        source=Source.SCREENING,
        category=CHECK_CATEGORY[CheckItem(item_code)],
        description=_("排查发现问题：%(item)s（%(subject)s）%(note)s")
        % {"item": label, "subject": subject, "note": note},
        target=_("%(item)s达标") % {"item": label},
        deadline=check.checked_on + timedelta(days=RECTIFY_DAYS),
        source_note=f"screening:{check.pk}",
    )


def closable_items(check):
    """Open problem items that this (later) screening now passes: the page offers to close them."""
    passed = [r.item for r in check.results.all() if r.passed]
    items = []
    for item_code in passed:
        item = open_problem_for(check, item_code)
        if item is not None and item.status in (ItemStatus.OPEN, ItemStatus.IN_PROGRESS):
            items.append((item_code, item))
    return items


@transaction.atomic
def request_close_from_screening(item, check, *, by, version):
    """File the close request with the passing screening as its evidence."""
    check_scope(by, "ledgers.change_item", item.region_code)
    result = check.results.filter(passed=True).first()
    if result is None or not any(i.pk == item.pk for _code, i in closable_items(check)):
        raise DomainError(_("该排查没有通过此事项对应的排查项。"))
    services.add_evidence(
        item,
        by=by,
        screening=check,
        text=_("%(date)s 复查通过（排查 #%(id)s）") % {"date": check.checked_on, "id": check.pk},
    )
    item.refresh_from_db()
    return services.request_close(
        item, by=by, version=item.version if version is None else version, note=f"screening:{check.pk}"
    )
