"""Per-user rate limits on the API (docs/security.md "API").

Every request counts against API_RATE; list requests (the way to read many records, personal data among
them) count in addition against a burst rate (API_LIST_BURST_RATE, per minute) and a sustained one
(API_LIST_RATE, per hour), so reading a whole city page after page is slowed to a pace a person can
follow in the audit trail. The counts live in the default cache, which is shared by every process of a
deployment (CACHE_URL in settings). Rates are read from the settings on each request, so a test or a
deployment can change them without a restart of the class definitions.
"""

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class SettingsRateThrottle(UserRateThrottle):
    """A UserRateThrottle whose rate is the setting named `rate_setting` ("600/hour"; empty: no limit)."""

    rate_setting = None

    def get_rate(self):
        return getattr(settings, self.rate_setting, None) or None


class ApiRateThrottle(SettingsRateThrottle):
    """Every API request of a user."""

    scope = "api"
    rate_setting = "API_RATE"


class ListThrottleMixin:
    """Only list requests count: `list` actions of viewsets."""

    def allow_request(self, request, view):
        if getattr(view, "action", None) != "list":
            return True
        return super().allow_request(request, view)


class ListBurstRateThrottle(ListThrottleMixin, SettingsRateThrottle):
    scope = "list_burst"
    rate_setting = "API_LIST_BURST_RATE"


class ListRateThrottle(ListThrottleMixin, SettingsRateThrottle):
    scope = "list"
    rate_setting = "API_LIST_RATE"
