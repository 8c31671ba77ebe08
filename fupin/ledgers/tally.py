"""The ledger tally kept on write: LedgerTally rows per (town, kind, lead unit, status).

The ledger services call `apply_delta` / `move` in the transaction of every write that creates an item or
changes its kind, lead unit or status. Increments commute (`UPDATE items = items + d`), so two writers in the
same town never lose an update; the row is created first when it does not exist. Bulk writers (the demo
generator, benchmarks) call `rebuild`: one DELETE and one INSERT ... SELECT ... GROUP BY.

The city and district boards read the status counts from here (a few thousand rows for a city) and count
only the overdue items live, because overdue depends on the day, not on a write.
"""

from django.db import connection, transaction
from django.db.models import F

from fupin.core.regioncodes import CODE_LENGTH, LEVEL_DIGITS
from fupin.ledgers.models import LedgerItem, LedgerTally

TOWN_DIGITS = LEVEL_DIGITS[4]  # 9: the tally's finest grain (levels: province 1 … village 5)


def area_of(region_code: str) -> str:
    """The tally's region for an item: its town (or the county or city itself when the item sits there)."""
    return region_code[:TOWN_DIGITS].ljust(CODE_LENGTH, "0")


def key_of(item) -> tuple[str, str, str, str]:
    return area_of(item.region_code), item.kind, item.lead_unit or "", item.status


def apply_delta(key, delta: int) -> None:
    """Add `delta` items to one (town, kind, lead unit, status); runs in the caller's transaction."""
    if not delta:
        return
    region_code, kind, lead_unit, status = key
    row = LedgerTally.objects.filter(region_code=region_code, kind=kind, lead_unit=lead_unit, status=status)
    if row.update(items=F("items") + delta):
        return
    LedgerTally.objects.bulk_create(
        [LedgerTally(region_code=region_code, kind=kind, lead_unit=lead_unit, status=status)],
        ignore_conflicts=True,
    )
    row.update(items=F("items") + delta)


def move(old_key, new_key) -> None:
    """One item moved from one key to another (its status, kind or lead unit changed)."""
    if tuple(old_key) == tuple(new_key):
        return
    apply_delta(old_key, -1)
    apply_delta(new_key, 1)


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole tally from the items; returns the number of rows written."""
    LedgerTally.objects.all().delete()
    qn = connection.ops.quote_name
    town = f"SUBSTR(region_code, 1, {TOWN_DIGITS})"
    padding = "0" * (CODE_LENGTH - TOWN_DIGITS)
    area = f"{town} || '{padding}'"
    sql = (
        f"INSERT INTO {qn(LedgerTally._meta.db_table)} (region_code, kind, lead_unit, status, items) "  # quoted table names and constants only  # nosec B608
        f"SELECT {area}, kind, lead_unit, status, COUNT(*) FROM {qn(LedgerItem._meta.db_table)} "
        f"GROUP BY {area}, kind, lead_unit, status"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def serves(prefixes) -> bool:
    """True if the tally answers exactly for a scope of these region prefixes: none finer than a town."""
    return bool(prefixes) and all(len(p) <= TOWN_DIGITS for p in prefixes)
