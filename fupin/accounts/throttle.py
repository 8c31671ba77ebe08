"""Login throttling with two limits: per account and per address.

django-axes counts failures for each lockout parameter separately (AXES_LOCKOUT_PARAMETERS =
["username", "ip_address"]) but compares them all with one limit. An office behind one address needs a
higher limit than an account does, so the address count is compared with LOGIN_ADDRESS_FAILURE_LIMIT
here and reported to axes as "at the limit" once it reaches it.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (_failures(a) for a in self.get_user_attempts(request, credentials))
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account
