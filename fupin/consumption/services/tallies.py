"""The maintained sales figures (docs/architecture.md, "Counts that stay fast"): SalesTally rows per month ×
origin × channel × 滞销, at the origin and again at its county; each linked household's sales income; each
buyer's purchases. Order services apply an order's lines with +1 when it is placed and −1 when it is
cancelled, in the same transaction; `rebuild` recounts everything from the orders (rebuild_sales_tally)."""

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from fupin.consumption.choices import OrderStatus, TallyGrain
from fupin.consumption.models import Buyer, HouseholdSale, OrderLine, SalesTally

CENT = Decimal("0.01")


def _bump(model, key: dict, deltas: dict):
    """Add the deltas to the row with the key, creating it when missing (a concurrent creation retried)."""
    update = {k: F(k) + v for k, v in deltas.items()}
    if model.objects.filter(**key).update(**update):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **deltas)
    except IntegrityError:
        model.objects.filter(**key).update(**update)


def household_shares(amount: Decimal, household_ids) -> dict:
    """A sale's amount split evenly among the supplier's linked households (the last takes the rounding)."""
    ids = sorted(household_ids)
    if not ids:
        return {}
    each = (amount / len(ids)).quantize(CENT)
    shares = {pk: each for pk in ids}
    shares[ids[-1]] += amount - each * len(ids)
    return shares


def county_code(region_code: str) -> str:
    return region_code[:6].ljust(12, "0")


def tally_regions(region_code: str):
    """(grain, region code) of the tally rows a sale of this origin counts in."""
    return ((TallyGrain.ORIGIN, region_code), (TallyGrain.COUNTY, county_code(region_code)))


def apply_order(order, sign: int):
    month = order.placed_on.replace(day=1)
    total = Decimal(0)
    for line in order.lines.all():
        for grain, code in tally_regions(line.region_code):
            key = {
                "grain": grain,
                "month": month,
                "region_code": code,
                "channel": order.channel,
                "unsold": line.unsold,
            }
            deltas = {"quantity": sign * line.quantity, "amount": sign * line.amount, "lines": sign}
            _bump(SalesTally, key, deltas)
        total += line.amount
    linked = dict(order.supplier.households.values_list("pk", "region_id"))
    for household_id, share in household_shares(total, linked).items():
        key = {"household_id": household_id, "region_code": linked[household_id]}
        _bump(HouseholdSale, key, {"amount": sign * share})
    Buyer.objects.filter(pk=order.buyer_id).update(purchased=F("purchased") + sign * total)


@transaction.atomic
def rebuild():
    """Recount every maintained figure from the orders that are not cancelled."""
    tally, households, buyers = (
        defaultdict(lambda: [0, Decimal(0), 0]),
        defaultdict(Decimal),
        defaultdict(Decimal),
    )
    lines = OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED).values_list(
        "order_id",
        "order__placed_on",
        "region_code",
        "order__channel",
        "unsold",
        "quantity",
        "amount",
        "order__buyer_id",
        "order__supplier_id",
    )
    per_order = defaultdict(Decimal)
    supplier_of = {}
    for order_id, placed, region, channel, unsold, qty, amount, buyer_id, supplier_id in lines.iterator():
        for grain, code in tally_regions(region):
            row = tally[(grain, placed.replace(day=1), code, channel, unsold)]
            row[0], row[1], row[2] = row[0] + qty, row[1] + amount, row[2] + 1
        buyers[buyer_id] += amount
        per_order[order_id] += amount
        supplier_of[order_id] = supplier_id
    _rebuild_households(per_order, supplier_of, households)
    SalesTally.objects.all().delete()
    SalesTally.objects.bulk_create(
        (
            SalesTally(grain=g, month=m, region_code=r, channel=c, unsold=u, quantity=q, amount=a, lines=n)
            for (g, m, r, c, u), (q, a, n) in tally.items()
        ),
        batch_size=5000,
    )
    HouseholdSale.objects.all().delete()
    HouseholdSale.objects.bulk_create(
        HouseholdSale(household_id=h, region_code=r, amount=a) for (h, r), a in households.items()
    )
    Buyer.objects.update(purchased=0)
    for buyer_id, amount in buyers.items():
        Buyer.objects.filter(pk=buyer_id).update(purchased=amount)
    return len(tally)


def _rebuild_households(per_order, supplier_of, households):
    from fupin.consumption.models import Supplier

    linked = defaultdict(dict)
    for supplier_id, household_id, region in Supplier.households.through.objects.filter(
        supplier_id__in=set(supplier_of.values())
    ).values_list("supplier_id", "household_id", "household__region_id"):
        linked[supplier_id][household_id] = region
    for order_id, amount in per_order.items():
        codes = linked[supplier_of[order_id]]
        for household_id, share in household_shares(amount, codes).items():
            households[(household_id, codes[household_id])] += share
