"""The household tally kept on write: HouseholdTally rows per (village, poverty status, category).

The services call `apply_delta` in the transaction of every write that adds, removes or moves a household
or a member (`UPDATE households = households + d`, increments commute, so concurrent writes in the same
village never lose an update; the row is created first when it does not exist yet). Bulk writers (the
import, the demo generator) call `rebuild` for the villages they touched, in their own transaction: one
DELETE and one INSERT ... SELECT ... GROUP BY per batch of villages.

Members are counted under their household's village, status and category.
"""

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Substr

from fupin.core.regioncodes import CODE_LENGTH, LEVEL_DIGITS, code_range, minimal_prefixes
from fupin.registry.models import Household, HouseholdTally, Member

# Villages per statement: keeps the IN list and the OR of ranges well inside both databases' limits.
BATCH = 500


def apply_delta(region_code: str, status: str, category: str, households: int = 0, members: int = 0):
    """Add to the tally of one (village, status, category); runs in the caller's transaction."""
    if not households and not members:
        return
    row = HouseholdTally.objects.filter(region_code=region_code, status=status, category=category)
    values = {"households": F("households") + households, "members": F("members") + members}
    if row.update(**values):
        return
    # First household of this kind in the village: make the row (a concurrent writer may have just made
    # it: ignore the conflict), then add, so the increment is never a read-modify-write.
    HouseholdTally.objects.bulk_create(
        [HouseholdTally(region_code=region_code, status=status, category=category)], ignore_conflicts=True
    )
    row.update(**values)


def move(old_key, new_key, households: int = 1, members: int = 0):
    """Move a household (and its members) from one (village, status, category) to another."""
    if tuple(old_key) == tuple(new_key):
        return
    apply_delta(*old_key, households=-households, members=-members)
    apply_delta(*new_key, households=households, members=members)


def _region_q(prefixes, field="region_code"):
    """Villages by IN, wider prefixes by ranges (no OR chain per village: SQLite limits the depth)."""
    villages = [p for p in prefixes if len(p) == CODE_LENGTH]
    q = Q(**{f"{field}__in": villages}) if villages else Q()
    for prefix in prefixes:
        if len(prefix) < CODE_LENGTH:
            q |= Q(**{f"{field}__range": code_range(prefix)})
    return q


def _batches(prefixes):
    prefixes = minimal_prefixes(prefixes)
    for start in range(0, len(prefixes), BATCH):
        yield prefixes[start : start + BATCH]


def _insert_select(prefixes):
    """INSERT INTO the tally the registry's counts (all of it, or under the prefixes): one statement."""
    tally, household, member = (m._meta.db_table for m in (HouseholdTally, Household, Member))
    qn = connection.ops.quote_name
    where, params = "", []
    if prefixes is not None:
        clauses = []
        villages = [p for p in prefixes if len(p) == CODE_LENGTH]
        if villages:
            clauses.append(f"h.region_code IN ({', '.join(['%s'] * len(villages))})")
            params.extend(villages)
        for prefix in prefixes:
            if len(prefix) < CODE_LENGTH:
                clauses.append("h.region_code BETWEEN %s AND %s")
                params.extend(code_range(prefix))
        where = "WHERE " + " OR ".join(clauses)
    sql = (
        f"INSERT INTO {qn(tally)} (region_code, status, category, households, members) "  # quoted table names, values as parameters  # nosec B608
        f"SELECT h.region_code, h.status, h.category, COUNT(*), "
        f"COALESCE(SUM((SELECT COUNT(*) FROM {qn(member)} m WHERE m.household_id = h.id)), 0) "
        f"FROM {qn(household)} h {where} GROUP BY h.region_code, h.status, h.category"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def rebuild(region_prefixes=None) -> int:
    """Recompute the tally from the registry for these villages/region prefixes (None: everything);
    returns the number of rows written. Call it inside the transaction that wrote the households."""
    if region_prefixes is None:
        HouseholdTally.objects.all().delete()
        return _insert_select(None)
    written = 0
    for batch in _batches(region_prefixes):
        HouseholdTally.objects.filter(_region_q(batch)).delete()
        written += _insert_select(batch)
    return written


def _rows(prefixes=None, queryset=None):
    rows = HouseholdTally.objects.all() if queryset is None else queryset
    if prefixes is not None:
        rows = rows.in_prefixes(prefixes)
    return rows.order_by()


def counts_for(prefixes=None, *, queryset=None) -> dict:
    """{"by_status": {status: households}, "by_category": {category: households}, "households": n,
    "members": n} summed over the tally rows under the prefixes (and inside `queryset`, e.g.
    `HouseholdTally.objects.visible_to(user)`). One grouped query over at most 12 rows per village."""
    grouped = (
        _rows(prefixes, queryset)
        .values_list("status", "category")
        .annotate(h=Sum("households"), m=Sum("members"))
    )
    by_status, by_category, households, members = {}, {}, 0, 0
    for status, category, h, m in grouped:
        if not h and not m:
            continue
        by_status[status] = by_status.get(status, 0) + h
        by_category[category] = by_category.get(category, 0) + h
        households += h
        members += m
    return {"by_status": by_status, "by_category": by_category, "households": households, "members": members}


def child_counts(parent_region, *, queryset=None) -> dict[str, tuple[int, int]]:
    """{child prefix: (households, members)} for the children of a region (county, town...), from the
    tally rows under it (and inside `queryset`); children without households are absent."""
    digits = LEVEL_DIGITS[parent_region.level + 1]
    grouped = (
        _rows([parent_region.prefix], queryset)
        .annotate(child=Substr("region_code", 1, digits))
        .values_list("child")
        .annotate(h=Sum("households"), m=Sum("members"))
    )
    return {child: (h, m) for child, h, m in grouped if h or m}


def maintained() -> dict[tuple[str, str, str], tuple[int, int]]:
    """The tally's non-empty rows, {(village, status, category): (households, members)} (for checks)."""
    rows = HouseholdTally.objects.exclude(households=0, members=0)
    return {(r.region_code, r.status, r.category): (r.households, r.members) for r in rows}
