"""Reads shared by pages, API, exports and boards: board counts, overdue summaries, the escalation inbox."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from fupin.core.regioncodes import LEVEL_DIGITS, code_range, minimal_prefixes, significant_prefix, subtree_q
from fupin.ledgers import payments
from fupin.ledgers.choices import OLD_BASE_CHECKS, ItemStatus, LedgerKind, ScreeningScope, SupervisionGroup
from fupin.ledgers.models import (
    CollectiveIncome,
    LedgerItem,
    LedgerTally,
    ScreeningCheck,
    ScreeningResult,
    SupervisionTarget,
    VillageProfile,
)
from fupin.plan.queries import target as plan_target
from fupin.regions.models import Region, RegionLevel

RECTIFIED = (ItemStatus.CLOSE_REQUESTED, ItemStatus.CLOSED)


def _empty():
    return {"found": 0, "rectified": 0, "in_progress": 0, "overdue": 0, "closed": 0}


def _finish(row):
    row["rate"] = round(100 * row["closed"] / row["found"], 1) if row["found"] else 0.0
    return row


def child_prefix(code, depth_prefix):
    """The prefix one level below `depth_prefix` that contains `code` (the village code at the bottom)."""
    for digits in sorted(LEVEL_DIGITS.values()):
        if digits > len(depth_prefix):
            return code[:digits]
    return code


def board(qs, today, *, group_prefix=None, tally_rows=None):
    """Counts per kind: totals, by child region of `group_prefix` and by lead unit.

    found = all items; rectified = 申请销号 + 已销号; in progress = 未整改 + 整改中; closed = 已销号.
    `tally_rows` (LedgerTally rows of the same scope, when the scope is no finer than a town) gives the
    status counts of a city or district board; only the overdue items are then counted live. The number of
    queries never grows with the rows: see _tallied_rows, _grouped_rows and _counted_rows.
    """
    wide = group_prefix is not None and 0 < len(group_prefix) <= 6
    if wide and tally_rows is not None:
        rows = _tallied_rows(tally_rows, qs, today, group_prefix)
    elif wide:
        rows = _counted_rows(qs, today, group_prefix)
    else:
        rows = _grouped_rows(qs, today, group_prefix)
    result = {
        k: {"total": _empty(), "regions": defaultdict(_empty), "units": defaultdict(_empty)}
        for k in LedgerKind.values
    }
    for kind, key, name, status, n, late in rows:
        _add(result[kind][key][name or "—"], status, n, late)
        if key == "regions":
            _add(result[kind]["total"], status, n, late)
    for kind in result.values():
        _finish(kind["total"])
        kind["regions"] = sorted(
            ((k, _finish(v)) for k, v in kind["regions"].items() if v["found"]), key=lambda kv: kv[0]
        )
        kind["units"] = sorted(
            ((k, _finish(v)) for k, v in kind["units"].items() if v["found"]), key=lambda kv: -kv[1]["found"]
        )
    return result


def _tallied_rows(tally_rows, qs, today, group_prefix):
    """Status counts from the tally (two grouped queries over its rows: by child region, by unit), overdue
    counts live (_late_rows). Both are limited to the group's region, so the units add up to the total."""
    inside = Q(region_code__range=code_range(group_prefix))
    rows = tally_rows.filter(inside, items__gt=0).order_by()
    digits = _child_digits(group_prefix)
    by_child = rows.annotate(child=Substr("region_code", 1, digits)).values_list("kind", "child", "status")
    for kind, child, status, n in by_child.annotate(n=Sum("items")):
        yield kind, "regions", child, status, n, 0
    units = set()
    for kind, unit, status, n in rows.values_list("kind", "lead_unit", "status").annotate(n=Sum("items")):
        units.add(unit)
        yield kind, "units", unit, status, n, 0
    yield from _late_rows(qs.filter(inside), today, group_prefix, sorted(units))


def _child_digits(group_prefix):
    return sorted(d for d in LEVEL_DIGITS.values() if d > len(group_prefix))[0]


def _late_rows(qs, today, group_prefix, units):
    """(kind, key, name, None, 0, overdue) per child region and per unit: one COUNT subquery for each, an
    index range seek on (kind, status, region_code, deadline) or (kind, status, lead_unit, ...)."""
    parts = []
    for name, region_q in _children(group_prefix):
        parts += _late_parts(qs.filter(region_q), today, "regions", name)
    for unit in units:
        parts += _late_parts(qs.filter(lead_unit=unit), today, "units", unit)
    for chunk, values in _run_counts(parts):
        for (kind, key, name), late in zip((p[0] for p in chunk), values, strict=True):
            if late:
                yield kind, key, name, None, 0, late


def _late_parts(qs, today, key, name):
    sql, params = _count_sql(qs.filter(kind=KIND_SLOT, status__in=OPEN_STATUSES, deadline__lt=today))
    return [
        ((kind, key, name), sql, [kind if p == KIND_SLOT else p for p in params])
        for kind in LedgerKind.values
    ]


def _run_counts(parts):
    """Send the scalar COUNT subqueries in statements of BATCH; yields (chunk, values)."""
    for start in range(0, len(parts), BATCH):
        chunk = parts[start : start + BATCH]
        sql = "SELECT " + ", ".join(p[1] for p in chunk)
        params = [x for p in chunk for x in p[2]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            yield chunk, cursor.fetchone()


def _grouped_rows(qs, today, group_prefix):
    """Town and village boards: two grouped queries, (kind, region_code, status) and (kind, lead_unit, status)."""
    overdue = Count("id", filter=Q(deadline__lt=today) & ~Q(status=ItemStatus.CLOSED))
    for key, field in (("regions", "region_code"), ("units", "lead_unit")):
        for row in qs.order_by().values("kind", field, "status").annotate(n=Count("id"), late=overdue):
            name = row[field]
            if key == "regions" and group_prefix is not None:
                name = child_prefix(name, group_prefix)
            yield row["kind"], key, name, row["status"], row["n"], row["late"]


OPEN_STATUSES = [ItemStatus.OPEN, ItemStatus.IN_PROGRESS, ItemStatus.CLOSE_REQUESTED]
BATCH = 400  # scalar subqueries per statement (SQLite allows 2,000 result columns)


def _counted_rows(qs, today, group_prefix):
    """City and district boards: one COUNT(*) subquery per (kind, status, child region or unit), sent as a
    few statements of scalar subqueries.

    Grouping 200,000 rows costs SQLite per-row bookkeeping; each of these counts is an index range seek
    on (kind, status, region_code, deadline) or (kind, status, lead_unit, region_code, deadline) instead.
    The number of subqueries depends on the code lists, the child regions and the units, never on the rows.
    """
    parts = []
    for name, region_q in _children(group_prefix):
        parts += _count_parts(qs.filter(region_q), today, "regions", name)
    units = list(qs.order_by().values_list("lead_unit", flat=True).distinct())
    for unit in units:
        parts += _count_parts(qs.filter(lead_unit=unit), today, "units", unit)
    for chunk, values in _run_counts(parts):
        yield from _merge(chunk, values)


KIND_SLOT, STATUS_SLOT = "\x00kind", "\x00status"


def _count_parts(qs, today, key, name):
    """The COUNT subqueries of one child region or unit; compiled once, then filled per kind and status."""
    base = qs.filter(kind=KIND_SLOT, status=STATUS_SLOT)
    templates = {"n": _count_sql(base), "late": _count_sql(base.filter(deadline__lt=today))}
    parts = []
    for kind in LedgerKind.values:
        for status in ItemStatus.values:
            for what, (sql, params) in templates.items():
                if what == "late" and status == ItemStatus.CLOSED:
                    continue
                filled = [kind if p == KIND_SLOT else status if p == STATUS_SLOT else p for p in params]
                parts.append(((kind, key, name, status, what), sql, filled))
    return parts


def _count_sql(qs):
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS c)", list(params)  # the ORM's own SQL, values as parameters  # nosec B608


def _merge(chunk, values):
    counts = defaultdict(lambda: [0, 0])
    for (kind, key, name, status, what), value in zip((p[0] for p in chunk), values, strict=True):
        counts[(kind, key, name, status)][0 if what == "n" else 1] += value or 0
    for (kind, key, name, status), (n, late) in counts.items():
        if n:
            yield kind, key, name, status, n, late


def _children(group_prefix):
    """(label, Q) for the group's own level and each child region under it."""
    from fupin.regions.models import Region

    own = group_prefix.ljust(12, "0")
    children = [(child_prefix(own, group_prefix), Q(region_code=own))]
    digits = _child_digits(group_prefix)
    level = next(lv for lv, d in LEVEL_DIGITS.items() if d == digits)
    for code in Region.objects.under(group_prefix).filter(level=level).values_list("code", flat=True):
        prefix = code[:digits]
        children.append((prefix, Q(region_code__range=(prefix.ljust(12, "0"), prefix.ljust(12, "9")))))
    return children


def _add(bucket, status, n, late):
    bucket["found"] += n
    bucket["overdue"] += late
    if status in RECTIFIED:
        bucket["rectified"] += n
    else:
        bucket["in_progress"] += n
    if status == ItemStatus.CLOSED:
        bucket["closed"] += n


def tally_rows_for(user):
    """The user's LedgerTally rows, or None when their scope is finer than a town (the tally cannot say)."""
    from fupin.ledgers import tally

    if not tally.serves(user.prefixes_for("ledgers.view_item")):
        return None
    return LedgerTally.objects.visible_to(user)


def board_prefix(user):
    """The region prefix a user's board groups under: their widest ledger scope."""
    prefixes = minimal_prefixes(user.prefixes_for("ledgers.view_item"))
    return min(prefixes, key=len) if prefixes else ""


def overdue_summary(qs, today, group_prefix, *, tally_rows=None):
    """Overdue items per child region and per lead unit, as sorted (name, count) lists.

    City and district: one COUNT per (kind, child region or unit), the units taken from the tally when it
    serves the scope. Towns and villages: two grouped queries over their few overdue items.
    """
    if 0 < len(group_prefix or "") <= 6:
        by_region, by_unit = defaultdict(int), defaultdict(int)
        source = tally_rows if tally_rows is not None else qs
        units = sorted(set(source.order_by().values_list("lead_unit", flat=True).distinct()))
        for _kind, key, name, _status, _n, late in _late_rows(qs, today, group_prefix, units):
            (by_region if key == "regions" else by_unit)[name or "—"] += late
        by_region, by_unit = (
            {k: v for k, v in by_region.items() if v},
            {k: v for k, v in by_unit.items() if v},
        )
    else:
        late = qs.overdue(today).order_by()
        by_region = defaultdict(int)
        for row in late.values("region_code").annotate(n=Count("id")):
            by_region[child_prefix(row["region_code"], group_prefix)] += row["n"]
        by_unit = {
            row["lead_unit"] or "—": row["n"] for row in late.values("lead_unit").annotate(n=Count("id"))
        }
    return sorted(by_region.items()), sorted(by_unit.items(), key=lambda kv: -kv[1])


# ---- Escalation inbox -------------------------------------------------------------------------------------
BUCKETS = [("overdue", None), ("1", 1), ("3", 3), ("7", 7)]


def responsible_q(user):
    """Items naming the user as a responsible person (by phone, else by name) or their unit.

    The rule: a user is the responsible person of an item if their phone equals the district, town or village
    responsible phone; if they have no phone, if their display name equals one of the responsible names.
    A department user is responsible for items whose lead unit or responsible units name one of their units.
    """
    q = Q(pk__in=[])
    if user.phone:
        q |= Q(district_phone=user.phone) | Q(town_phone=user.phone) | Q(village_phone=user.phone)
    elif user.display_name:
        q |= (
            Q(district_person=user.display_name)
            | Q(town_person=user.display_name)
            | Q(village_person=user.display_name)
        )
    for unit in user.units:
        q |= Q(lead_unit=unit) | Q(responsible_units__contains=unit)
    return q


def subordinate_q(user):
    """Items in regions strictly below a level where the user holds ledgers.close_item (their superior role)."""
    q = Q(pk__in=[])
    for prefix in user.prefixes_for("ledgers.close_item"):
        if len(prefix) < 12:
            q |= Q(region_code__range=(prefix.ljust(12, "0"), prefix.ljust(12, "9"))) & ~Q(
                region_code=prefix.ljust(12, "0")
            )
    return q


def bucket_of(item, today):
    days = (item.deadline - today).days
    if days < 0:
        return "overdue"
    return "1" if days <= 1 else "3" if days <= 3 else "7"


def inbox(user, today, *, limit=200):
    """Items due within 7 days or overdue: {'mine': {bucket: [items]}, 'below': {bucket: [items]}}.

    'mine' = the user is a responsible person (responsible_q); 'below' = items of the levels the user supervises
    (subordinate_q) that are not already in 'mine'.
    """
    visible = LedgerItem.objects.visible_to(user).not_closed().filter(deadline__lte=today + timedelta(days=7))
    mine_qs = visible.filter(responsible_q(user))
    below_qs = visible.filter(subordinate_q(user)).exclude(responsible_q(user))
    return {"mine": _bucketed(mine_qs, today, limit), "below": _bucketed(below_qs, today, limit)}


def _bucketed(qs, today, limit):
    buckets = {key: [] for key, _days_ in BUCKETS}
    for item in qs.order_by("deadline", "id")[:limit]:
        buckets[bucket_of(item, today)].append(item)
    return buckets


# ---- Supervision board ------------------------------------------------------------------------------------
GROUP_TARGETS = {
    SupervisionGroup.INCOME: "unstable-income-people",
    SupervisionGroup.WATER: "water-safety-households",
    SupervisionGroup.HOUSING: "housing-safety-households",
}


def counts_in_unit(group):
    """The column a group's target counts: people for the 950 (a household target counts its members),
    households (or villages) for water and housing."""
    return "people" if group == SupervisionGroup.INCOME else None


def supervised_figures(qs, group):
    """(listed, done) of a group's targets in the unit of the plan's target (950 people, 347 households)."""
    qs = qs.filter(group=group).order_by()
    if counts_in_unit(group) == "people":
        sums = qs.aggregate(listed=Sum("people"), done=Sum("people", filter=Q(done=True)))
        return sums["listed"] or 0, sums["done"] or 0
    counts = qs.aggregate(listed=Count("id"), done=Count("id", filter=Q(done=True)))
    return counts["listed"], counts["done"]


def money_paid(qs, group):
    """Money the funds paid to the households of a group's targets (fupin.ledgers.payments)."""
    ids = qs.filter(group=group, household__isnull=False).values_list("household_id", flat=True)
    return sum(payments.paid_for_group(group, set(ids)).values(), Decimal("0"))


def supervision_board(qs, today):
    """Per group: listed and done in the target's unit, awaiting review, overdue, the plan's target figure,
    money planned and money paid from the funds."""
    rows = {
        r["group"]: r
        for r in qs.order_by()
        .values("group")
        .annotate(
            late=Count("id", filter=Q(done=False, deadline__lt=today)),
            waiting=Count("id", filter=Q(done=False, done_requested_on__isnull=False)),
            money=Sum("plan_money"),
        )
    }
    board_rows = []
    for group in SupervisionGroup:
        row = rows.get(group.value, {})
        goal = plan_target(GROUP_TARGETS[group])
        listed, done = supervised_figures(qs, group)
        board_rows.append(
            {
                "group": group,
                "listed": listed,
                "done": done,
                "waiting": row.get("waiting", 0),
                "overdue": row.get("late", 0),
                "goal": goal,
                "money": row.get("money") or 0,
                "spent": money_paid(qs, group) if row else Decimal("0"),
                "budget": _budget(group),
                "percent": round(100 * done / float(goal.value), 1) if goal and goal.value else 0,
            }
        )
    return board_rows


def _budget(group):
    return plan_target(payments.GROUP_LINES[group]) if group in payments.GROUP_LINES else None


def region_names(codes):
    from fupin.regions.models import Region

    full = {c.ljust(12, "0"): c for c in codes}
    return {full[r.code]: r.name for r in Region.objects.filter(code__in=list(full))}


def level_prefix(code):
    return significant_prefix(code)


# ---- Work queues (我的待办) ------------------------------------------------------------------------------


def items_awaiting_close(user):
    """Items whose 销号 was requested below a level where the user may close them (workflow: the level
    above the item closes it); a department only its units' items."""
    qs = (
        LedgerItem.objects.visible_to(user)
        .filter(status=ItemStatus.CLOSE_REQUESTED)
        .filter(subordinate_q(user))
    )
    units = user.units_for("ledgers.close_item")
    if units is not None:
        qs = qs.for_units(units)
    return qs.order_by("close_requested_on", "deadline", "id")


def items_pending_above(user):
    """The user's items (responsible person or unit) whose 销号 they requested and the level above has not
    decided yet."""
    qs = LedgerItem.objects.visible_to(user).filter(status=ItemStatus.CLOSE_REQUESTED)
    # Those the user closes themselves wait for them, not above (items_awaiting_close).
    qs = qs.filter(responsible_q(user)).exclude(pk__in=items_awaiting_close(user).values("pk"))
    return qs.order_by("close_requested_on", "id")


def items_overdue_for(user, today):
    """The user's open items (responsible person or unit) past their deadline."""
    return (
        LedgerItem.objects.visible_to(user)
        .overdue(today)
        .filter(responsible_q(user))
        .order_by("deadline", "id")
    )


def failed_checks_by_household(today, days=365) -> dict:
    """{household id: checklist items failed at its latest screening within `days` days}, every household
    at once (the monitoring's risk rules; unscoped, the rule run checked its runner's scope)."""
    from fupin.ledgers.models import ScreeningResult

    since = today - timedelta(days=days)
    rows = (
        ScreeningResult.objects.filter(
            screening__household__isnull=False, screening__checked_on__range=(since, today)
        )
        .order_by("screening__household_id", "screening__checked_on", "screening_id")
        .values_list("screening__household_id", "screening_id", "item", "passed")
    )
    latest = {}
    for household_id, screening_id, item, passed in rows.iterator(chunk_size=5000):
        seen = latest.get(household_id)
        if seen is None or seen[0] != screening_id:
            seen = latest[household_id] = (screening_id, [])
        if not passed:
            seen[1].append(item)
    return {household_id: tuple(items) for household_id, (_s, items) in latest.items() if items}


# ---- Screening coverage and the old revolutionary villages (R5.2) ----------------------------------------
OLD_BASE_CATEGORIES = ("water", "road")  # Category.WATER, Category.ROAD: 饮水难, 行路难


def screening_coverage(user, year=None):
    """Villages with a village screening (of `year` when given) among the villages of the user's scope."""
    checks = ScreeningCheck.objects.visible_to(user).filter(scope=ScreeningScope.VILLAGE)
    if year:
        checks = checks.filter(checked_on__year=year)
    screened = checks.order_by().values("region_code").distinct().count()
    prefixes = user.prefixes_for("ledgers.view_item")
    villages = (
        Region.objects.filter(level=RegionLevel.VILLAGE).in_prefixes(prefixes).count() if prefixes else 0
    )
    return {"screened": screened, "villages": villages, "rate": _rate(screened, villages)}


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def old_base_items(items, village_codes):
    """The 饮水难 and 行路难 ledger items of these villages (village items, no household)."""
    return items.filter(
        region_code__in=list(village_codes), household__isnull=True, category__in=OLD_BASE_CATEGORIES
    )


def village_register(villages, items, years):
    """The register's rows with their incomes by year and their open/closed 饮水难 and 行路难 items:
    {pk: {"incomes": {year: amount}, "water": [open, closed], "road": [open, closed]}} for these villages."""
    villages = list(villages)
    rows = {v.pk: {"incomes": {}, "water": [0, 0], "road": [0, 0]} for v in villages}
    for pk, year, amount in CollectiveIncome.objects.filter(
        village__in=[v.pk for v in villages], year__in=years
    ).values_list("village_id", "year", "amount"):
        rows[pk]["incomes"][year] = amount
    by_code = {v.region_code: v.pk for v in villages}
    counts = (
        old_base_items(items, by_code)
        .order_by()
        .values_list("region_code", "category")
        .annotate(
            open_n=Count("id", filter=~Q(status=ItemStatus.CLOSED)),
            closed_n=Count("id", filter=Q(status=ItemStatus.CLOSED)),
        )
    )
    for code, category, open_n, closed_n in counts:
        rows[by_code[code]][category] = [open_n, closed_n]
    return rows


def old_revolutionary_progress(user):
    """The old revolutionary villages of the user's scope, those whose 饮水难 and 行路难 are settled (no open
    item, and either a closed item or a screening that passed them), and their items open and closed."""
    codes = set(
        VillageProfile.objects.visible_to(user)
        .filter(old_revolutionary=True)
        .values_list("region_code", flat=True)
    )
    items = old_base_items(LedgerItem.objects.visible_to(user), codes).order_by()
    open_codes = set(items.not_closed().values_list("region_code", flat=True))
    closed_codes = set(items.filter(status=ItemStatus.CLOSED).values_list("region_code", flat=True))
    passed = set(
        ScreeningResult.objects.filter(
            screening__region_code__in=codes, item__in=OLD_BASE_CHECKS, passed=True
        ).values_list("screening__region_code", flat=True)
    )
    settled = {c for c in codes - open_codes if c in closed_codes or c in passed}
    counts = items.aggregate(total=Count("id"), closed=Count("id", filter=Q(status=ItemStatus.CLOSED)))
    return {
        "villages": len(codes),
        "settled": len(settled),
        "items": counts["total"],
        "closed": counts["closed"],
    }


def targets_awaiting_review(user):
    """Supervision targets whose village reported completion, on the queue of the level that reviews them:
    the town for a village's targets, the district for a town's (supervision.accept_done lets any level above
    decide; the queue is the one whose work it is)."""
    q = Q(pk__in=[])
    for prefix in user.prefixes_for("ledgers.close_item"):
        if len(prefix) == LEVEL_DIGITS[4]:
            q |= subtree_q([prefix])
        elif len(prefix) == LEVEL_DIGITS[3]:
            q |= subtree_q([prefix]) & Q(region_code__endswith="000") & ~Q(region_code=prefix.ljust(12, "0"))
    return (
        SupervisionTarget.objects.visible_to(user, "ledgers.close_item")
        .filter(done=False, done_requested_on__isnull=False)
        .filter(q)
        .order_by("done_requested_on", "pk")
    )
