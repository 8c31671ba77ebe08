"""Filters shared by every app's FilterSets (list pages, exports and the API alike)."""

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field

from fupin.core.regioncodes import CODE_LENGTH, minimal_prefixes, significant_prefix, subtree_q
from fupin.core.widgets import RegionPicker

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


class FilterSet(django_filters.FilterSet):
    """Base of every app's FilterSets. A filter named in Meta.fields and not declared is made from its model
    field (an exact match; a choice list for a field with choices; a bounded NumberFilter for a number),
    labelled with the field's verbose name kept lazy: in each request's language, where django-filter would
    fix the label in the language of its first use. Declare a filter only where it differs from that."""

    FILTER_DEFAULTS = {
        db_field: {"filter_class": NumberFilter}
        if made["filter_class"] is django_filters.NumberFilter
        else made
        for db_field, made in FILTER_FOR_DBFIELD_DEFAULTS.items()
    }

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        made = super().filter_for_field(field, field_name, lookup_expr)
        made.label = capfirst(field.verbose_name)
        return made


def date_range(field_name, label_from, label_to, *, widget=None):
    """The two filters of a range of dates in `field_name`, each bound included: (from, to). `widget` is a
    widget class, for an input of its own each."""

    def bound(label, lookup_expr):
        shown = {"widget": widget()} if widget else {}
        return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, **shown)

    return bound(label_from, "gte"), bound(label_to, "lte")


# The years a year filter accepts: the registry's first records (2013) to far beyond the plan, with room.
YEAR_MIN, YEAR_MAX = 2000, 2100


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(NumberFilter):
    """A calendar year: a whole number from YEAR_MIN to YEAR_MAX, else a form error (400 in the API) with a
    message. A year lookup on a date field (`lookup_expr="year"`) turned 0 into a date out of range: a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("年度须为整数，例如 2020。"),
                "max_value": _("年度不能晚于 %(limit_value)s 年。"),
                "min_value": _("年度不能早于 %(limit_value)s 年。"),
            },
        )
        super().__init__(*args, **kwargs)


# A region filter's text is a name or a code: anything longer is neither (and never reaches a query).
REGION_TEXT_LIMIT = 64
# How many regions of one name a filter takes together (a village name repeats across towns).
SAME_NAME_LIMIT = 50


def region_prefixes(text) -> list[str]:
    """The significant code prefixes of the regions a person typed: a region's name (棠下镇, or a picker
    suggestion 棠下镇 · 蓬江区), its 12-digit code, or a code prefix (4407 is 江门市 and everything under it).
    [] when nothing matches."""
    text = (text or "").strip().split(" · ")[0].strip()
    if not text or len(text) > REGION_TEXT_LIMIT or "\x00" in text:
        return []
    if text.isdigit():
        if len(text) > CODE_LENGTH:
            return []
        return [significant_prefix(text) if len(text) == CODE_LENGTH else text]
    region = apps.get_model("regions", "Region")  # core imports no app (docs/architecture.md)
    codes = region.objects.filter(name=text).values_list("code", flat=True)[:SAME_NAME_LIMIT]
    return minimal_prefixes(significant_prefix(code) for code in codes)


def check_region_text(value):
    """Refuses what is neither a region's name nor a code: no region's name holds a Latin letter or a digit,
    and a code or code prefix is 2 to 12 digits, so `44x7` or `4407a` is a typing error, not a name."""
    text = (value or "").strip().split(" · ")[0].strip()
    if any(c.isascii() and c.isalnum() for c in text) and not (
        text.isdigit() and text.isascii() and 2 <= len(text) <= CODE_LENGTH
    ):
        raise ValidationError(_("区域应为地区名称，或2到12位数字的区划代码。"), code="invalid")


class RegionFilter(django_filters.CharFilter):
    """The one region filter of every list, export and API: a region typed by name, code or code prefix
    (the region picker on pages) keeps the rows of that region and everything under it, as a range over
    the fixed-length codes of `field_name`. A name that is no region keeps nothing.

    `strict=True` refuses malformed text (`check_region_text`: a form error on the page, 400 in the API)
    instead of keeping nothing, for a list whose API promised that answer."""

    def __init__(self, *args, strict=False, **kwargs):
        if strict:
            kwargs["validators"] = [*kwargs.get("validators", []), check_region_text]
        kwargs.setdefault("label", _("区域"))
        kwargs.setdefault("widget", RegionPicker())
        kwargs.setdefault("max_length", REGION_TEXT_LIMIT)
        kwargs.setdefault("help_text", _("地区名称或区划代码"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return self.keep(qs, value, self.field_name)

    @staticmethod
    def keep(qs, value, field_name):
        """`qs` within the region typed as `value` (unchanged when `value` is empty)."""
        if not (value or "").strip():
            return qs
        prefixes = region_prefixes(value)
        return qs.filter(subtree_q(prefixes, field_name)) if prefixes else qs.none()
