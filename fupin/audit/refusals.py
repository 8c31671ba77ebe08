"""Refused requests counted per user and day: a user who keeps asking for records they may not see (403)
or that are not there for them (404) is probing. At AUDIT_REFUSAL_ALERT refusals in a day one
`audit.refusals.threshold` entry alerts the security administrator (the alerts list of the audit pages).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fupin.audit.models import RefusalCounter
from fupin.audit.recorder import record, user_scope

ALERT_ACTION = "audit.refusals.threshold"
ALERT_ACTIONS = [ALERT_ACTION]


def count_refusal(user, *, path, status) -> int:
    """Add one refusal to the user's count of today; returns the new count."""
    today = timezone.localdate()
    with transaction.atomic():
        counter, _created = RefusalCounter.objects.get_or_create(user=user, day=today)
        RefusalCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        count = RefusalCounter.objects.values_list("count", flat=True).get(pk=counter.pk)
        if count == settings.AUDIT_REFUSAL_ALERT:
            region_code, prefixes = user_scope(user)
            record(
                ALERT_ACTION,
                by=user,
                target=user,
                region_code=region_code,
                changes={
                    "refusals": [None, count],
                    "day": [None, today.isoformat()],
                    "scope": [None, prefixes],
                },
                note=f"{count} refusals today; last: {status} {path[:200]}",
            )
    return count


def _is_record_route(request) -> bool:
    """A URL that names one record (its pattern takes an id or a code)."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.kwargs)


class RefusalCountingMiddleware:
    """After the view: a 403 or 404 to a record route of a signed-in user is counted (API token users
    too: DRF sets the user on the request it wraps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and _is_record_route(request):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                count_refusal(user, path=request.path, status=response.status_code)
        return response
