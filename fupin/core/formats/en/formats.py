"""English pages share the Chinese pages' formats (see the package docstring)."""

from fupin.core.formats.zh_Hans.formats import (  # noqa: F401 (read by Django's format lookup)
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_SEPARATOR,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
