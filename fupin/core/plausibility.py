"""The shape of every plausibility rule set (docs/plausibility.md): each app keeps its rules as pure
functions in its own `plausibility.py` (reports: weekly answers; funds: payments; finance: loans) and
returns Findings; this module holds what they share.

A hard finding is a fact the number cannot break (more confirmed cases than members, a payment dated
before its money was allocated): the change is refused with the reason. A soft finding only warns (a
jump from last week, an outlier, a possible double payment): the change is saved when the person
confirms, and the findings stay on the record for whoever checks or approves it.
"""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from fupin.core.display import money
from fupin.core.errors import DomainError

# An outlier is at least this many times the usual (90th percentile) value of comparable records, and is
# judged only with at least MIN_SAMPLE of them.
OUTLIER_FACTOR = 3
MIN_SAMPLE = 5


@dataclass(frozen=True)
class Finding:
    """One rule broken by one answer: hard (refused) or soft (warned)."""

    field: str
    code: str
    message: str
    hard: bool = False

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "hard"}


class Implausible(DomainError):
    """Answers breaking a hard limit; the message lists every reason."""

    def __init__(self, findings):
        super().__init__("；".join(f.message for f in findings), field=findings[0].field, code="implausible")
        self.findings = findings


class NeedsConfirmation(DomainError):
    """Answers that look unusual; saved only when the person confirms (`confirm_warnings`)."""

    def __init__(self, findings):
        message = _("请核实后确认保存：%(reasons)s") % {"reasons": "；".join(f.message for f in findings)}
        super().__init__(message, field=findings[0].field, code="needs_confirmation")
        self.findings = findings


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def usual_ceiling(others, *, floor=0):
    """The value above which a number stands out among `others` (OUTLIER_FACTOR × their 90th percentile),
    or None when there are too few of them or they are all zero (then any number is news, not an outlier).
    Never below `floor`."""
    if len(others) < MIN_SAMPLE:
        return None
    usual = percentile(others, 0.9)
    if usual <= 0:
        return None
    return max(OUTLIER_FACTOR * usual, floor)


def amount_outliers(amount, others, message, *, floor=0) -> list[Finding]:
    """The soft "outlier" finding of an `amount` that stands out among the `others` (`usual_ceiling`), as a
    list of none or one; `message` names the amount as `%(amount)s` and the usual 90th percentile as
    `%(usual)s`."""
    ceiling = usual_ceiling(others, floor=floor)
    if ceiling is None or amount <= ceiling:
        return []
    text = message % {"amount": money(amount), "usual": money(percentile(others, 0.9))}
    return [Finding("amount", "outlier", text)]


def check(hard, soft, *, confirmed=False) -> list[Finding]:
    """The soft findings to keep with the record; Implausible for a hard one, NeedsConfirmation for soft
    findings not yet confirmed."""
    if hard:
        raise Implausible(hard)
    if soft and not confirmed:
        raise NeedsConfirmation(soft)
    return list(soft)


def as_dicts(findings) -> list[dict]:
    """The findings as stored on a record (a JSON list of {field, code, message})."""
    return [f.as_dict() for f in findings]


def messages_of(stored) -> list[str]:
    """The messages of stored findings (what a checker or approver reads)."""
    return [item.get("message", "") for item in stored or [] if isinstance(item, dict)]


def noting_warnings(changes, stored) -> dict:
    """The `changes` of a created record's audit entry, with the warnings `stored` on it (as_dicts) added
    under "warnings" when there are any, so whoever reads the trail sees what the person confirmed."""
    if not stored:
        return changes
    return {**changes, "warnings": [None, messages_of(stored)]}
