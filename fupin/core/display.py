"""How a page, an export or a message shows a value to people (docs/display.md): money with thousands
separators and two decimals, counts grouped, one date form, regions by name with the code on hover.

Templates reach these through the `display` template library (`{% load display %}`: `|money`, `|count`,
`|region`, `|region_name`); exports and messages call the functions. Event labels are in
`fupin/audit/display.py`. Core imports no app, so the region model is looked up through the app registry."""

import datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext

EMPTY = "—"
_CACHE_PREFIX = "region-name:"
_CACHE_SECONDS = 3600


def money(value, decimals=2) -> str:
    """19100000 → "19,100,000.00" in both languages; empty → —."""
    if value in (None, ""):
        return EMPTY
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def count(value) -> str:
    """13207 → "13,207"."""
    if value in (None, ""):
        return EMPTY
    return number_format(value, use_l10n=True, force_grouping=True)


def date_text(value) -> str:
    """A date (or a moment, in local time) the one way the project writes it: 2020-05-08 (12:00)."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def region_names(codes) -> dict:
    """{code: name} for the region codes given: from the cache, the rest in one query. A code without a
    region keeps its code."""
    codes = {str(c) for c in codes if c}
    if not codes:
        return {}
    cached = cache.get_many([_CACHE_PREFIX + c for c in codes])
    names = {key.removeprefix(_CACHE_PREFIX): name for key, name in cached.items()}
    missing = codes - names.keys()
    if missing:
        region = apps.get_model("regions", "Region")
        found = dict(region.objects.filter(code__in=missing).values_list("code", "name"))
        cache.set_many({_CACHE_PREFIX + c: n for c, n in found.items()}, _CACHE_SECONDS)
        names.update(found)
    return names


def region_name(code) -> str:
    """A region's name for text (exports, messages); its code when no region has it; — when empty."""
    if not code:
        return EMPTY
    code = str(code)
    return region_names([code]).get(code, code)


def region_html(code, names=None):
    """A region by name with its code on hover; `—` when there is none."""
    if not code:
        return EMPTY
    code = str(code)
    name = (names if names is not None else region_names([code])).get(code, code)
    return format_html('<span class="region" title="{}">{}</span>', code, name)


def data_text(text):
    """A text of shipped reference data in the current language (see `|data`); empty stays empty."""
    return gettext(str(text)) if text else text
