"""Pure rules of the cooperation board: an indicator's light and whether an exit criterion is met."""

import datetime
from decimal import Decimal

from fupin.cooperation.choices import CriterionKind, Light

# An indicator is amber while its actual keeps pace with the time gone since the year began, red when it
# falls behind that pace or misses its deadline.
YEAR_START = (1, 1)


def expected_share(deadline: datetime.date, today: datetime.date) -> Decimal:
    """The share of the target that should be done by today, pro rata from 1 January to the deadline."""
    start = datetime.date(deadline.year, *YEAR_START)
    if today >= deadline:
        return Decimal(1)
    if today <= start:
        return Decimal(0)
    return Decimal((today - start).days) / Decimal((deadline - start).days or 1)


def light(actual, target, deadline: datetime.date, today: datetime.date) -> str:
    """green: target met; red: deadline passed, or behind the pro-rata pace; amber: on the way."""
    actual, target = Decimal(actual or 0), Decimal(target)
    if actual >= target:
        return Light.GREEN
    if today > deadline or actual < target * expected_share(deadline, today):
        return Light.RED
    return Light.AMBER


def criterion_met(kind: str, figure, threshold) -> bool:
    """Incidence and unmet guarantees must stay at or under the threshold; villages exited and
    satisfaction must reach it."""
    if figure is None:
        return False
    figure, threshold = Decimal(figure), Decimal(threshold)
    if kind in (CriterionKind.INCIDENCE, CriterionKind.ASSURANCES):
        return figure <= threshold
    return figure >= threshold
