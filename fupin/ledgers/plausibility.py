"""Plausibility of what is typed into a supervision check-in (月度走访): pure functions, the shape of
fupin.core.plausibility. A check-in records a visit that happened, so its month cannot lie ahead of the
current one (refused with the reason). The money of a target is no longer typed here: it is read from the
funds' payments, whose own rules (funds.plausibility) check each amount."""

import datetime

from django.utils.translation import gettext as _

from fupin.core.plausibility import Finding, check


def checkin_findings(month: datetime.date, today: datetime.date) -> list[Finding]:
    """The hard findings of a check-in's month."""
    if month.replace(day=1) > today.replace(day=1):
        message = _("走访月份%(month)s晚于本月：只能登记已经进行的走访。") % {
            "month": month.strftime("%Y-%m")
        }
        return [Finding("month", "future", message, hard=True)]
    return []


def check_checkin(month, today):
    """Implausible when the month breaks a hard limit (a check-in has no soft rules)."""
    return check(checkin_findings(month, today), [])
