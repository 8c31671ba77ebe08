from django.utils import timezone

from fupin.core.listing import list_page
from fupin.monitoring import queries

VIEW, CHANGE, REVIEW, RULES, IMPORT = (
    "monitoring.view_signal",
    "monitoring.change_signal",
    "monitoring.review_case",
    "monitoring.manage_rule",
    "monitoring.import_signal",
)
TABS = "monitoring/includes/_tabs.html"


def today():
    return timezone.localdate()


def list_with_heads(request, *, columns, **options):
    """`list_page` of records with a household, `columns(names)` given {household id: head's name} for the
    rows of the page only, read through the registry when the page is shown."""
    names = {}

    def decorate(records):
        names.update(queries.household_names([r.household_id for r in records]))
        return records

    return list_page(request, columns=columns(names), decorate=decorate, **options)
