"""The monitoring tally kept on write: MonitoringTally rows per (village, source, board key).

The monitoring services call `apply_delta` / `move` (or `apply_counts` for a bulk write) in the transaction
of every write that creates a signal, case or exit or changes one of the columns the board groups by.
Increments commute (`UPDATE count = count + d`), so two writers in the same village never lose an update;
the row is created first when it does not exist. Bulk writers (the demo generator, benchmarks) call
`rebuild`: one DELETE and three grouped reads of the monitoring's own tables.

The early-warning board reads its counts from here; overdue steps depend on the day, not on a write, and
are counted live over the steps under way.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, F

from fupin.monitoring.choices import TallySource
from fupin.monitoring.models import ExitCase, MonitoringCase, MonitoringTally, Signal

# A row's key is what makes it unique: the columns of the table's unique constraint, in its order.
KEY_FIELDS = next(c.fields for c in MonitoringTally._meta.constraints if c.name == "monitoring_tally_unique")
# The columns each source fills, in KEY_FIELDS order after region_code and source; the others stay blank.
SOURCE_FIELDS = {
    TallySource.SIGNAL: ("status", "channel", "colour"),
    TallySource.CASE: ("colour", "step", "outcome", "monitored", "kind", "risk_type"),
    TallySource.EXIT: ("step",),
}
BLANK = {"status": "", "channel": "", "colour": "", "step": "", "outcome": "", "monitored": False}
BLANK |= {"kind": "", "risk_type": ""}
MODELS = {TallySource.SIGNAL: Signal, TallySource.CASE: MonitoringCase, TallySource.EXIT: ExitCase}


def _key(source, values) -> tuple:
    row = {**BLANK, **{name: values[name] for name in SOURCE_FIELDS[source]}}
    row["region_code"], row["source"] = values["region_code"], str(source)
    return tuple(str(row[f]) if f != "monitored" else bool(row[f]) for f in KEY_FIELDS)


def _of(source, obj) -> tuple:
    return _key(source, {name: getattr(obj, name) for name in ("region_code", *SOURCE_FIELDS[source])})


def signal_key(signal) -> tuple:
    return _of(TallySource.SIGNAL, signal)


def case_key(case) -> tuple:
    return _of(TallySource.CASE, case)


def exit_key(exit_case) -> tuple:
    return _of(TallySource.EXIT, exit_case)


def apply_delta(key, delta: int) -> None:
    """Add `delta` to one row; runs in the caller's transaction."""
    if not delta:
        return
    lookup = dict(zip(KEY_FIELDS, key, strict=True))
    row = MonitoringTally.objects.filter(**lookup)
    if row.update(count=F("count") + delta):
        return
    MonitoringTally.objects.bulk_create([MonitoringTally(**lookup)], ignore_conflicts=True)
    row.update(count=F("count") + delta)


def apply_counts(counts: Counter) -> None:
    """A bulk write's deltas, one per key (the rule run's signals)."""
    for key, delta in sorted(counts.items()):
        apply_delta(key, delta)


def move(old_key, new_key) -> None:
    """One record moved from one key to another (its status, step, outcome … changed)."""
    if tuple(old_key) == tuple(new_key):
        return
    apply_delta(old_key, -1)
    apply_delta(new_key, 1)


def recount() -> dict:
    """{key: count} counted from the signals, cases and exits themselves (what the tally must equal)."""
    counts = {}
    for source, model in MODELS.items():
        fields = ("region_code", *SOURCE_FIELDS[source])
        for row in model.objects.order_by().values(*fields).annotate(n=Count("id")):
            counts[_key(source, row)] = row["n"]
    return counts


def current() -> dict:
    """{key: count} of the tally's non-empty rows."""
    rows = MonitoringTally.objects.filter(count__gt=0).values_list(*KEY_FIELDS, "count")
    return {tuple(row[:-1]): row[-1] for row in rows}


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole tally from the signals, cases and exits; returns the number of rows written."""
    MonitoringTally.objects.all().delete()
    rows = [
        MonitoringTally(**dict(zip(KEY_FIELDS, key, strict=True)), count=n) for key, n in recount().items()
    ]
    MonitoringTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
