"""Turn the week's proposals (newly affected households) into assistance-ledger items, in one batch.

One item per household and affected dimension, created through the ledgers create service (which checks
ledgers.create_item over the village and audits each item). A household+dimension+week that already has
an item (found by its ``origin`` key) is not created twice. All or nothing: one failure rolls the batch back.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError, OutOfScope
from fupin.core.scope import check_anywhere, check_scope
from fupin.ledgers import services as ledger_services
from fupin.ledgers.choices import Category, LedgerKind, Source
from fupin.ledgers.models import LedgerItem
from fupin.reports.dimensions import BY_CODE
from fupin.reports.models import Assessment

DEFAULT_DEADLINE_DAYS = 14
MAX_DEADLINE_DAYS = 365
DIMENSION_CATEGORY = {
    "hh_epidemic": Category.EPIDEMIC,
    "hh_education": Category.EDUCATION,
    "hh_medical": Category.MEDICAL,
    "housing_unsafe": Category.HOUSING,
    "water_unsafe": Category.WATER,
    "hh_employment": Category.INCOME,
    "hh_production": Category.INCOME,
    "at_risk_return": Category.INCOME,
    "newly_in_difficulty": Category.TWO_NO_WORRIES,
}


def item_key(period_id, household_id, dimension) -> str:
    """The item's origin: identifies the week, household and dimension it came from."""
    return f"weekly:{period_id}:{household_id}:{dimension}"


def dimensions_of(assessment) -> list[str]:
    return [c for c in assessment.newly_affected.split(",") if c in DIMENSION_CATEGORY]


def existing_items(period, assessments) -> dict[str, LedgerItem]:
    """{key: item} of the items already created from these proposals (any status)."""
    keys = [item_key(period.pk, a.household_id, d) for a in assessments for d in dimensions_of(a)]
    if not keys:
        return {}
    qs = LedgerItem.objects.filter(
        kind=LedgerKind.ASSISTANCE,
        source=Source.WEEKLY,
        household_id__in={a.household_id for a in assessments},
        origin__in=keys,
    )
    return {item.origin: item for item in qs}


def check_days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise DomainError(_("整改期限天数必须是1至365之间的整数。"), field="days") from None
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise DomainError(_("整改期限天数必须是1至365之间的整数。"), field="days")
    return days


@transaction.atomic
def create_ledger_items(*, by, period, assessment_ids, days=DEFAULT_DEADLINE_DAYS):
    """Create the assistance-ledger items of the chosen proposals; returns (created, skipped) item lists.

    Every chosen assessment must be of this week and in the user's regions (else OutOfScope: nothing is
    created) and a proposal; the ledgers service checks ledgers.create_item on each village (NotAllowed rolls
    back all).
    """
    days = check_days(days)
    ids = {int(i) for i in assessment_ids}
    if not ids:
        raise DomainError(_("请选择要纳入台账的户。"), field="assessments")
    chosen = list(
        Assessment.objects.filter(period=period, pk__in=ids)
        .select_related("household")
        .order_by("region_code", "household__number")
    )
    if len(chosen) != len(ids):
        raise OutOfScope()
    for assessment in chosen:
        check_scope(by, "reports.view_assessment", assessment.region_code)
    check_anywhere(by, "ledgers.create_item")
    assessments = [a for a in chosen if a.newly_affected]
    if len(assessments) != len(chosen):
        raise DomainError(_("所选的户本周不是新增受影响户，不能纳入台账。"), field="assessments")
    existing = existing_items(period, assessments)
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    created, skipped = [], []
    for a in assessments:
        for dim in dimensions_of(a):
            key = item_key(period.pk, a.household_id, dim)
            if key in existing:
                skipped.append(existing[key])
                continue
            description = _("%(week)s每周跟踪：户%(number)s新增受影响（%(dimension)s）") % {
                "week": period.label,
                "number": a.household.number,
                "dimension": BY_CODE[dim].label,
            }
            item = ledger_services.create_item(
                by=by,
                region_code=a.region_code,
                household=a.household,
                deadline=deadline,
                description=description,
                kind=LedgerKind.ASSISTANCE,
                source=Source.WEEKLY,
                category=DIMENSION_CATEGORY[dim],
                origin=key,
                source_note=f"weekly:{period.pk}",
            )
            existing[key] = item
            created.append(item)
    return created, skipped
