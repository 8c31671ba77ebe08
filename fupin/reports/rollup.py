"""The roll-up kept on write: RollupCell rows per (week, region prefix at every level, indicator).

A save applies the difference between an assessment's old and new indicator values to the cells of the
village and of each of its ancestors, in the caller's transaction: one `UPDATE value = value + d` (a CASE
when the deltas differ) for the cells that exist, and for the others an INSERT ... ON CONFLICT DO NOTHING
and then one UPDATE more (one for each distinct set of indicators the levels lack). Increments
commute, so concurrent saves in the same village never lose an update (no read-modify-write).
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import BigIntegerField, Case, F, Value, When

from fupin.core.regioncodes import LEVEL_DIGITS
from fupin.reports.dimensions import aggregate_expressions, values_of
from fupin.reports.models import Assessment, RollupCell


def ancestor_prefixes(region_code: str) -> list[str]:
    """'440703101201' -> ['44', '4407', '440703', '440703101', '440703101201']."""
    return [region_code[:n] for n in sorted(LEVEL_DIGITS.values())]


def delta(old, new) -> dict[str, int]:
    before, after = values_of(old), values_of(new)
    changes = {code: after.get(code, 0) - before.get(code, 0) for code in set(before) | set(after)}
    return {code: d for code, d in changes.items() if d}


def apply_delta(period_id: int, region_code: str, changes: dict[str, int]) -> None:
    """Add each indicator's delta to the cells of the village and its ancestors: one UPDATE for the cells
    that exist; cells that do not yet (the first non-zero value of a week) are created with 0, then
    incremented: one UPDATE more for the levels lacking the same indicators (usually all of them)."""
    if not changes:
        return
    prefixes = ancestor_prefixes(region_code)
    cells = RollupCell.objects.filter(
        period_id=period_id, region_prefix__in=prefixes, indicator__in=list(changes)
    )
    # Two saves in one town touch the same town, district and city cells: an UPDATE locks them in scan order,
    # which differs between statements, and two such saves deadlock on PostgreSQL. Lock them first in one
    # order every transaction follows (SQLite serialises writers and ignores the clause). The rows locked are
    # the rows incremented: one created meanwhile by another save is among the missing below.
    locked = list(
        cells.order_by("region_prefix", "indicator")
        .select_for_update()
        .values_list("id", "region_prefix", "indicator")
    )
    if locked:
        RollupCell.objects.filter(pk__in=[pk for pk, _p, _c in locked]).update(
            value=F("value") + _increment(changes)
        )
    present = {(p, code) for _pk, p, code in locked}
    missing = defaultdict(list)  # indicators still without a cell -> the levels lacking exactly those
    for p in prefixes:
        lacking = tuple(code for code in sorted(changes) if (p, code) not in present)
        if lacking:
            missing[lacking].append(p)
    if not missing:
        return
    created = sorted((p, code) for codes, levels in missing.items() for p in levels for code in codes)
    RollupCell.objects.bulk_create(  # in the one lock order, as above
        [RollupCell(period_id=period_id, region_prefix=p, indicator=code, value=0) for p, code in created],
        ignore_conflicts=True,  # created meanwhile by another save: incremented below all the same
    )
    for codes, levels in missing.items():
        cells.filter(region_prefix__in=levels, indicator__in=codes).update(
            value=F("value") + _increment({code: changes[code] for code in codes})
        )


def _increment(changes):
    if len(set(changes.values())) == 1:
        return Value(next(iter(changes.values())))
    return Case(
        *[When(indicator=code, then=Value(d)) for code, d in changes.items()],
        default=Value(0),
        output_field=BigIntegerField(),
    )


def apply_change(old, new) -> None:
    """Apply one assessment's change (old/new are instances, dicts or None) to the roll-up."""
    source = new if new is not None else old
    period_id = source["period_id"] if isinstance(source, dict) else source.period_id
    region_code = source["region_code"] if isinstance(source, dict) else source.region_code
    apply_delta(period_id, region_code, delta(old, new))


def computed_cells(period_id: int) -> dict[tuple[str, str], int]:
    """The roll-up of one week recomputed from the raw assessments (SQL by village, then up the tree)."""
    rows = (
        Assessment.objects.filter(period_id=period_id)
        .order_by()
        .values("region_code")
        .annotate(**aggregate_expressions(Assessment))
    )
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        village = row.pop("region_code")
        for prefix in ancestor_prefixes(village):
            for code, value in row.items():
                if value:
                    cells[(prefix, code)] += value
    return cells


def maintained_cells(period_id: int) -> dict[tuple[str, str], int]:
    rows = RollupCell.objects.filter(period_id=period_id).exclude(value=0)
    return {(r.region_prefix, r.indicator): r.value for r in rows}


@transaction.atomic
def rebuild_period(period_id: int) -> int:
    """Replace the week's cells by a recomputation; returns the number of cells written."""
    cells = computed_cells(period_id)
    RollupCell.objects.filter(period_id=period_id).delete()
    RollupCell.objects.bulk_create(
        [
            RollupCell(period_id=period_id, region_prefix=p, indicator=code, value=v)
            for (p, code), v in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)
