"""Read-only compositions for boards; no tables of its own."""

from django.db.models import Count

from fupin.registry.choices import HouseholdCategory, PovertyStatus
from fupin.registry.models import Household, Member


def home_counts(user) -> dict:
    """Households by status and category, and members, within the user's scope."""
    households = Household.objects.visible_to(user)
    by_status = dict(households.order_by().values_list("status").annotate(n=Count("pk")))
    by_category = dict(households.order_by().values_list("category").annotate(n=Count("pk")))
    return {
        "households": sum(by_status.values()),
        "members": Member.objects.visible_to(user).count() if by_status else 0,
        "by_status": [(label, by_status.get(value, 0)) for value, label in PovertyStatus.choices],
        "by_category": [(label, by_category.get(value, 0)) for value, label in HouseholdCategory.choices],
        "status_codes": {label: value for value, label in PovertyStatus.choices},
    }
