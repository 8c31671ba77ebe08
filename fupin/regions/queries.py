"""Reads over the region tree: the regions a user may open and the roots of their scope.

Household figures per region are the registry's (`fupin.registry.queries.household_counts_by_child`); the
region browse page that shows both lives in the dashboard (`fupin/dashboard/region_views.py`).
"""

from django.db.models.functions import Substr

from fupin.core.regioncodes import LEVEL_DIGITS
from fupin.regions.models import Region


def regions_in_scope(user):
    """Regions inside the user's scope (no ancestors): the nodes a user may open."""
    return Region.objects.within_scope_of(user)


def scope_roots(user):
    """The top regions of the user's scope, widest first."""
    prefixes = user.prefixes_for("regions.view_region")
    return list(
        Region.objects.filter(code__in=[p.ljust(12, "0") for p in prefixes]).order_by("level", "code")
    )


def child_length(prefixes) -> int:
    """Digits of the level below the widest of the prefixes (the rows of a by-region table)."""
    shortest = min((len(p) for p in prefixes), default=2)
    longer = [n for n in LEVEL_DIGITS.values() if n > shortest]
    return min(longer) if longer else 12


def by_child_region(qs, prefixes, *, region_field="region_code", **aggregates):
    """Aggregates of `qs` grouped by the child regions of the scope: [{code, name, **values}].
    `region_field` holds the rows' 12-digit code (`region_id` for a link to the region)."""
    n = child_length(prefixes)
    rows = list(
        qs.order_by()
        .annotate(child=Substr(region_field, 1, n))
        .values("child")
        .annotate(**aggregates)
        .order_by("child")
    )
    names = dict(
        Region.objects.filter(code__in=[r["child"].ljust(12, "0") for r in rows]).values_list("code", "name")
    )
    for row in rows:
        row["code"] = row.pop("child")
        row["name"] = names.get(row["code"].ljust(12, "0"), row["code"])
    return rows
