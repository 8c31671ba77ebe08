from django.utils import timezone

from fupin.core.views import require_perm
from fupin.monitoring import queries

VIEW, CHANGE, REVIEW, RULES, IMPORT = (
    "monitoring.view_signal",
    "monitoring.change_signal",
    "monitoring.review_case",
    "monitoring.manage_rule",
    "monitoring.import_signal",
)
TABS = "monitoring/includes/_tabs.html"


def require(user, permission=VIEW):
    require_perm(user, permission)


def today():
    return timezone.localdate()


def page_heads():
    """({household id: head's name}, decorate) for a list of records with a household: `decorate` fills the
    dict with the heads of the page's rows only, read through the registry when the page is shown."""
    names = {}

    def decorate(records):
        names.update(queries.household_names([r.household_id for r in records]))
        return records

    return names, decorate
