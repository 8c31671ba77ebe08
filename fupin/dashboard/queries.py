"""Read-only compositions for boards; no tables of its own."""

from fupin.registry import tally
from fupin.registry.choices import HouseholdCategory, PovertyStatus
from fupin.registry.models import HouseholdTally


def home_counts(user) -> dict:
    """Households by status and category, and members, within the user's scope (from the household
    tally the registry keeps on write: a sum over at most 12 rows per village)."""
    counts = tally.counts_for(queryset=HouseholdTally.objects.visible_to(user))
    by_status, by_category = counts["by_status"], counts["by_category"]
    return {
        "households": counts["households"],
        "members": counts["members"] if by_status else 0,
        "by_status": [(label, by_status.get(value, 0)) for value, label in PovertyStatus.choices],
        "by_category": [(label, by_category.get(value, 0)) for value, label in HouseholdCategory.choices],
        "status_codes": {label: value for value, label in PovertyStatus.choices},
    }
