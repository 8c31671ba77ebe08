"""Reads of the consumption app: the market, a buyer's own figures, and the board from the maintained tallies."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from fupin.consumption.choices import Channel, TallyGrain
from fupin.consumption.models import VIEW, Base, Buyer, HouseholdSale, Listing, Order, SalesTally
from fupin.core.errors import DomainError
from fupin.plan.queries import rate
from fupin.regions.models import Region

CITY = "4407"  # 江门
PAIRED = "4514"  # 崇左
COUNTY_DIGITS = 6


def market_listings():
    """What every buyer sees: open listings with quantity left, 滞销 first, public supplier fields only."""
    return Listing.objects.on_market().select_related("supplier").order_by("-unsold", "-created_at", "pk")


def own_buyer(user) -> Buyer:
    """The buyer organisation the user's account belongs to; a DomainError for any other account."""
    buyer = Buyer.objects.owned_by(user).first()
    if buyer is None:
        raise DomainError(_("当前账号不属于任何采购方。"))
    return buyer


def region_names(codes) -> dict:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))


def _town_code(region_code) -> str:
    return region_code[:9].ljust(12, "0")


def origin_town(region_code) -> str:
    """The name of the town (乡镇) a listing comes from: what a buyer is told of its origin."""
    code = _town_code(region_code)
    return region_names([code]).get(code, "")


def with_origin_towns(listings) -> list:
    """The listings, each with its `origin_town`, the towns' names read at once."""
    listings = list(listings)
    names = region_names({_town_code(listing.region_code) for listing in listings})
    for listing in listings:
        listing.origin_town = names.get(_town_code(listing.region_code), "")
    return listings


def origin_key(region_code: str) -> str:
    """Jiangmen as one origin, each paired county of Chongzuo by itself, anything else by province."""
    if region_code.startswith(CITY):
        return CITY.ljust(12, "0")
    if region_code.startswith(PAIRED):
        return region_code[:6].ljust(12, "0")
    return region_code[:2].ljust(12, "0")


def buyer_figures(user) -> dict:
    """A buyer's own orders: count, amount, quantity of 滞销 bought (its own rows only)."""
    orders = Order.objects.owned_by(user).exclude(status="cancelled")
    figures = orders.aggregate(n=Count("pk"), amount=Sum("amount"))
    buyer = Buyer.objects.owned_by(user).first()
    return {
        "orders": figures["n"] or 0,
        "amount": figures["amount"] or Decimal(0),
        "share": buyer.share if buyer else Decimal(0),
        "rate": rate(figures["amount"] or 0, buyer.share) if buyer and buyer.share else None,
    }


def _sum_by(rows, key):
    out = defaultdict(lambda: {"quantity": 0, "amount": Decimal(0)})
    for row in rows:
        cell = out[key(row)]
        cell["quantity"] += row["quantity"]
        cell["amount"] += row["amount"]
    return out


def board(user) -> dict:
    """Sales in the user's scope from SalesTally rows (a few per month and county, or per village for a town
    or a village), never the order lines."""
    rows = list(
        SalesTally.objects.visible_to(user)
        .filter(grain=board_grain(user))
        .values("month", "region_code", "channel", "unsold")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by()
    )
    months = _sum_by(rows, lambda r: r["month"])
    channels = _sum_by(rows, lambda r: r["channel"])
    districts = _sum_by(rows, lambda r: r["region_code"][:6].ljust(12, "0"))
    origins = _sum_by(rows, lambda r: origin_key(r["region_code"]))
    unsold = _sum_by([r for r in rows if r["unsold"]], lambda r: "unsold")["unsold"]
    names = region_names(list(districts) + list(origins))
    total = _sum_by(rows, lambda r: "all")["all"]
    income = (
        HouseholdSale.objects.visible_to(user).filter(amount__gt=0).aggregate(n=Count("pk"), s=Sum("amount"))
    )
    return {
        "total": total,
        "unsold": unsold,
        "households": income["n"] or 0,
        "household_income": income["s"] or Decimal(0),
        "months": [{"month": m, **v} for m, v in sorted(months.items())],
        "channels": [
            {"code": c, "label": Channel(c).label, **channels[c]} for c in Channel.values if c in channels
        ],
        "districts": [{"code": c, "name": names.get(c, c), **v} for c, v in sorted(districts.items())],
        "origins": [{"code": c, "name": _origin_name(c, names), **v} for c, v in sorted(origins.items())],
        "bases": bases_by_district(user),
        "buyers": buyers_against_share(user),
    }


def board_grain(user) -> str:
    """The county rows when every region of the user's scope is a county or wider (each county row then lies
    wholly in or out of the scope), else the rows of each origin."""
    prefixes = user.prefixes_for(VIEW) + [p for p, _domain in user.domains_for(VIEW)]
    return TallyGrain.COUNTY if all(len(p) <= COUNTY_DIGITS for p in prefixes) else TallyGrain.ORIGIN


def _origin_name(code, names):
    from django.utils.translation import gettext

    return gettext("江门市") if code.startswith(CITY) else names.get(code, code)


def chart(figures) -> dict:
    return {
        "months": [f"{r['month']:%Y-%m}" for r in figures["months"]],
        "month_amount": [float(r["amount"]) for r in figures["months"]],
        "channels": [{"name": str(r["label"]), "value": float(r["amount"])} for r in figures["channels"]],
        "origins": [{"name": str(r["name"]), "value": float(r["amount"])} for r in figures["origins"]],
    }


def bases_by_district(user) -> list[dict]:
    """Each district of the user's scope with its number of consumption bases (the plan wants ≥ 1)."""
    prefixes = user.prefixes_for(Base.view_permission)
    counts = defaultdict(int)
    for code in Base.objects.visible_to(user).values_list("region_code", flat=True):
        counts[code[:6]] += 1
    districts = Region.objects.filter(level=3, code__startswith=CITY).order_by("code")
    rows = []
    for region in districts:
        if any(region.code.startswith(p) or p.startswith(region.code[:6]) for p in prefixes):
            rows.append({"code": region.code, "name": region.name, "bases": counts.get(region.code[:6], 0)})
    return rows


def base_target_reading(user):
    """(districts with at least one base, districts in scope) for the plan's "≥ 1 base per district"."""
    rows = bases_by_district(user)
    return sum(1 for r in rows if r["bases"] >= 1), len(rows)


def buyers_against_share(user, limit=20) -> list[dict]:
    """Buyers with a purchase share of the plan, what they bought against it (maintained `purchased`)."""
    qs = Buyer.objects.visible_to(user).filter(share__gt=0).order_by("-share")[:limit]
    return [
        {
            "name": b.name,
            "kind": b.get_kind_display(),
            "share": b.share,
            "purchased": b.purchased,
            "rate": rate(b.purchased, b.share),
        }
        for b in qs
    ]


def sales_from(region_prefix: str, year: int | None = None) -> Decimal:
    """Sales of products of a region's origin (消费协作: Chongzuo products bought), from the maintained
    tallies, of a year when given (unscoped: the caller scopes the indicator)."""
    grain = TallyGrain.COUNTY if len(region_prefix) <= COUNTY_DIGITS else TallyGrain.ORIGIN
    qs = SalesTally.objects.in_region(region_prefix).filter(grain=grain)
    if year:
        qs = qs.filter(month__year=year)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)
