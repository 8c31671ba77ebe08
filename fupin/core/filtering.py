"""Filters shared by every app's FilterSets (list pages, exports and the API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

# The largest number a filter accepts: an id, a count or an amount in yuan stays far below it, and every
# database column we compare with holds it (a larger value overflowed SQLite's 64-bit integers: a 500).
NUMBER_LIMIT = 10**15


class NumberFilter(django_filters.NumberFilter):
    """django-filter's NumberFilter bounded to ±NUMBER_LIMIT: a value beyond is a form error (400 in the
    API) with a message, never an overflow in the query."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -NUMBER_LIMIT)
        kwargs.setdefault("max_value", NUMBER_LIMIT)
        kwargs.setdefault(
            "error_messages",
            {
                "max_value": _("数值过大：不能超过 %(limit_value)s。"),
                "min_value": _("数值过小：不能小于 %(limit_value)s。"),
            },
        )
        super().__init__(*args, **kwargs)
