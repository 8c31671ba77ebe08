"""Demo data for 消费扶贫: suppliers and listings in demo villages (some 滞销 in February–March 2020, some from
Chongzuo), one base per Jiangmen district, buyers of every kind with demo logins (`demo_buyer_<kind>`),
their demands, and orders placed through the order service (so the tallies move as they would)."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from fupin.accounts.models import RoleAssignment, User
from fupin.accounts.otp import install_demo_device
from fupin.accounts.roles import Role
from fupin.consumption.choices import BuyerKind, BuyerStatus, SupplierKind, UnsoldSource
from fupin.consumption.models import Base, Buyer, Demand, Listing, Supplier
from fupin.consumption.services import orders, tallies
from fupin.regions.models import Region
from fupin.registry.demo import DEMO_PASSWORD
from fupin.registry.models import Household

PRODUCTS = {
    "vegetable": [("菜心", 3.5), ("芥蓝", 4.0), ("番茄", 5.0), ("冬瓜", 1.8)],
    "fruit": [("荔枝", 12.0), ("柑橘", 6.0), ("香蕉", 3.0)],
    "livestock": [("走地鸡", 38.0), ("黑猪肉", 32.0)],
    "aquatic": [("鳗鱼", 60.0), ("生蚝", 25.0)],
    "grain_oil": [("丝苗米", 6.5), ("花生油", 28.0)],
    "processed": [("陈皮", 120.0), ("腊味", 55.0)],
}
BUYERS = [
    ("canteen", "区机关食堂"),
    ("unit", "市第一人民医院"),
    ("enterprise", "江门某实业有限公司（以购代捐）"),
    ("ecommerce", "扶贫馆电商平台"),
    ("social", "市慈善会"),
]


def _villages(prefix, limit):
    span = (prefix.ljust(12, "0"), prefix.ljust(12, "9"))
    codes = Household.objects.filter(region__code__range=span).values_list("region_id", flat=True)
    return sorted(set(codes.order_by("region_id")[:50000]))[:limit]


def _suppliers(rng, villages):
    created = []
    for code in villages:
        household = Household.objects.filter(region_id=code).order_by("pk").first()
        name = Region.objects.filter(code=code).values_list("name", flat=True).first() or code
        kind = SupplierKind.HOUSEHOLD if rng.random() < 0.6 else SupplierKind.COOPERATIVE
        supplier = Supplier.objects.create(
            kind=kind,
            region_code=code,
            household=household if kind == SupplierKind.HOUSEHOLD else None,
            name=f"{name}贫困户" if kind == SupplierKind.HOUSEHOLD else f"{name}种养专业合作社",
            contact_name="" if kind == SupplierKind.HOUSEHOLD else "合作社负责人",
            contact_phone="" if kind == SupplierKind.HOUSEHOLD else f"139{rng.randint(10000000, 99999999)}",
        )
        linked = list(
            Household.objects.filter(region_id=code).order_by("pk").values_list("pk", flat=True)[:5]
        )
        supplier.households.set(linked[:1] if kind == SupplierKind.HOUSEHOLD else linked)
        created.append(supplier)
    return created


def _listings(rng, suppliers):
    rows = []
    for supplier in suppliers:
        for _n in range(rng.randint(1, 3)):
            category = rng.choice(list(PRODUCTS))
            product, price = rng.choice(PRODUCTS[category])
            start = datetime.date(2020, rng.randint(2, 6), rng.randint(1, 28))
            unsold = start.month in (2, 3) and rng.random() < 0.6
            qty = rng.randint(200, 5000)
            rows.append(
                Listing(
                    supplier=supplier,
                    region_code=supplier.region_code,
                    product=product,
                    category=category,
                    price=Decimal(str(price)),
                    quantity=qty,
                    remaining=qty,
                    harvest_from=start,
                    harvest_to=start + datetime.timedelta(days=60),
                    unit="公斤",
                    unsold=UnsoldSource.VILLAGE if unsold else UnsoldSource.NONE,
                    certificate_no=f"GDFP2020{rng.randint(10000, 99999)}" if rng.random() < 0.5 else "",
                )
            )
    return Listing.objects.bulk_create(rows)


def _bases(rng, districts):
    for district in districts:
        village = _villages(district.code[:6], 1)
        base = Base.objects.create(
            region_code=village[0] if village else district.code,
            name=f"{district.name}消费扶贫创新创业基地",
            operator=f"{district.name}农业发展有限公司",
            partners="江门供销配送中心、邮政电商",
            established_on=datetime.date(2020, rng.randint(3, 8), 1),
            contact_name="基地经理",
            contact_phone="0750-3000000",
        )
        first = Supplier.objects.filter(region_code__startswith=district.code[:6]).order_by("pk").first()
        if first is not None:
            Supplier.objects.filter(pk=first.pk).update(base=base)


def _buyers(rng, district):
    encoded = make_password(DEMO_PASSWORD)
    created = []
    for kind, name in BUYERS:
        username = f"demo_buyer_{kind}"
        user, _new = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "unit": name, "password": encoded}
        )
        RoleAssignment.objects.get_or_create(user=user, role=Role.BUYER, region=district)
        install_demo_device(user)
        share = (
            Decimal(rng.choice([50000, 100000, 200000])) if kind in (BuyerKind.UNIT, BuyerKind.CANTEEN) else 0
        )
        buyer, _new = Buyer.objects.get_or_create(
            user=user,
            defaults={
                "name": name,
                "kind": kind,
                "region_code": district.code,
                "status": BuyerStatus.APPROVED,
                "share": share,
                "contact_name": "采购负责人",
            },
        )
        created.append(buyer)
    return created


def build_demo(rng, log):
    districts = list(Region.objects.filter(level=3, code__startswith="4407").order_by("code"))
    villages = _villages("4407", 40) + _villages("4514", 10)
    if not villages or not districts:
        return 0
    suppliers = _suppliers(rng, villages)
    listings = _listings(rng, suppliers)
    _bases(rng, [d for d in districts if _villages(d.code[:6], 1)])
    buyers = _buyers(rng, next((d for d in districts if _villages(d.code[:6], 1)), districts[0]))
    placed = 0
    for buyer in buyers:
        for _n in range(3):
            category = rng.choice(list(PRODUCTS))
            Demand.objects.create(
                buyer=buyer,
                region_code=buyer.region_code,
                category=category,
                quantity=rng.randint(100, 2000),
                prefer_paired=rng.random() < 0.3,
            )
        for listing in rng.sample(listings, min(8, len(listings))):
            listing.refresh_from_db()
            qty = min(listing.remaining, rng.randint(20, 300))
            if qty > 0:
                day = datetime.date(2020, rng.randint(2, 9), rng.randint(1, 28))
                orders.place_order(buyer, by=buyer.user, lines=[(listing, qty, None)], placed_on=day)
                placed += 1
    tallies.rebuild()
    log(
        f"consumption: {len(suppliers)} suppliers, {len(listings)} listings, {len(buyers)} buyers, {placed} orders"
    )
    return len(listings)
