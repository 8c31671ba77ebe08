"""Screening (全面排查, R5.2): failed checklist items become problem-list items; passing later offers closing.

The village register (村情登记) lives here too: which villages are old revolutionary villages (革命老区村,
whose 饮水难 and 行路难 items the screening asks about) and each village's collective income by year.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_scope
from fupin.ledgers import services
from fupin.ledgers.choices import (
    CHECK_CATEGORY,
    HOUSEHOLD_CHECKS,
    OLD_BASE_CHECKS,
    VILLAGE_CHECKS,
    CheckItem,
    ItemStatus,
    LedgerKind,
    ScreeningScope,
    Source,
)
from fupin.ledgers.models import CollectiveIncome, LedgerItem, ScreeningCheck, ScreeningResult, VillageProfile
from fupin.plan.queries import target as plan_target
from fupin.regions.models import Region, RegionLevel

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
    if set(results) & set(OLD_BASE_CHECKS) and not is_old_revolutionary(region_code):
        raise DomainError(_("该村未登记为革命老区村，不排查老区村饮水难、行路难。"), field="results")
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise DomainError(_("排查日期不能晚于今天。"), field="checked_on")
    check = ScreeningCheck.objects.create(
        scope=scope,
        region_code=region_code,
        household=household,
        by=by,
        checked_on=checked_on,
        collective_income=collective_income,
    )
    if scope == ScreeningScope.VILLAGE and collective_income is not None:
        record_collective_income(
            by=by, region_code=region_code, year=checked_on.year, amount=collective_income
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


# ---- The village register (村情登记) ---------------------------------------------------------------------


def is_old_revolutionary(region_code):
    return VillageProfile.objects.filter(region_code=region_code, old_revolutionary=True).exists()


def _village_code(region_code):
    region = Region.objects.filter(code=region_code or "").first()
    if region is None or region.level != RegionLevel.VILLAGE:
        raise DomainError(_("请选择一个村(居)。"), field="region_code")
    return region.code


@transaction.atomic
def register_village(*, by, region_code, old_revolutionary=False, note=""):
    """Put a village in the register, marked as an old revolutionary village or not (district/city office)."""
    region_code = _village_code(region_code)
    check_scope(by, "ledgers.manage_supervision", region_code)
    if VillageProfile.objects.filter(region_code=region_code).exists():
        raise DomainError(_("该村已在村情登记中。"), field="region_code")
    village = VillageProfile.objects.create(
        region_code=region_code, old_revolutionary=old_revolutionary, note=note or ""
    )
    record(
        "ledgers.villageprofile.registered",
        by=by,
        target=village,
        changes=diff({}, snapshot(village, ["old_revolutionary", "note"])),
    )
    return village


@transaction.atomic
def update_village(village, *, by, version, **changes):
    """Mark or unmark an old revolutionary village, or change its note; the version seen must be current."""
    check_scope(by, "ledgers.manage_supervision", village.region_code)
    changes = {k: v for k, v in changes.items() if k in ("old_revolutionary", "note")}
    before = snapshot(VillageProfile.objects.get(pk=village.pk), list(changes))  # not the form's copy
    if not VillageProfile.objects.filter(pk=village.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    ):
        raise ConflictError()
    village.refresh_from_db()
    changed = diff(before, snapshot(village, list(changes)))
    if changed:
        record("ledgers.villageprofile.changed", by=by, target=village, changes=changed)
    return village


@transaction.atomic
def record_collective_income(*, by, region_code, year, amount):
    """A village's collective disposable income of a year (the village screening records it too); the
    village enters the register when it is not there yet. A second figure for the year replaces the first."""
    region_code = _village_code(region_code)
    check_scope(by, "ledgers.change_item", region_code)
    amount = Decimal(str(amount))
    if amount < 0:
        raise DomainError(_("村级集体收入不能为负数。"), field="amount")
    if not 2013 <= int(year) <= timezone.localdate().year:
        raise DomainError(_("年度应在2013年至今年之间。"), field="year")
    village, _created = VillageProfile.objects.get_or_create(region_code=region_code)
    row = CollectiveIncome.objects.filter(village=village, year=year).first()
    old = None if row is None else str(row.amount)
    if row is None:
        row = CollectiveIncome.objects.create(
            village=village, region_code=region_code, year=year, amount=amount, by=by
        )
    else:
        CollectiveIncome.objects.filter(pk=row.pk).update(amount=amount, by=by, updated_at=timezone.now())
    record(
        "ledgers.collectiveincome.recorded",
        by=by,
        target=village,
        changes={f"income_{year}": [old, str(amount)]},
    )
    return row
