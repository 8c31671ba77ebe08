"""The matching's optimum on small cases with a known answer (pure functions, no database)."""

from fupin.consumption.matching import DemandData, ListingData, components, match

CITY_BUYER = "440703000000"


def listing(i, *, qty=100, unsold=False, poor=False, code="440703101201", category="vegetable", price=400):
    return ListingData(i, code, category, price, qty, unsold, poor)


def demand(i, qty, **kw):
    return DemandData(i, kw.pop("code", CITY_BUYER), kw.pop("category", "vegetable"), qty, **kw)


def sold(result, listings, demands):
    return {(listings[li].id, demands[di].id): q for li, di, q, _e in result.flows}


def test_unsold_produce_is_sold_before_other_produce():
    listings = [listing(1, qty=100), listing(2, qty=100, unsold=True)]
    demands = [demand(10, 120)]

    _edges, result = match(listings, demands)

    assert sold(result, listings, demands) == {(2, 10): 100, (1, 10): 20}


def test_poor_household_produce_outranks_a_nearby_preference():
    listings = [listing(1, qty=50, code="440704001001"), listing(2, qty=50, poor=True, code="451425100201")]
    demands = [demand(10, 50, preferred_origin="440704")]

    _edges, result = match(listings, demands)

    assert sold(result, listings, demands) == {(2, 10): 50}


def test_paired_region_is_preferred_when_the_buyer_asks():
    listings = [listing(1, qty=30, code="440785100201"), listing(2, qty=30, code="451425100201")]

    _e, plain = match(listings, [demand(10, 30)])
    _e, paired = match(listings, [demand(10, 30, prefer_paired=True)])

    assert sold(plain, listings, [demand(10, 30)]) == {(1, 10): 30}  # the same city wins without the wish
    assert sold(paired, listings, [demand(10, 30)]) == {(2, 10): 30}


def test_quantities_are_respected_and_the_total_is_the_optimum():
    # Listing 1 (滞销, 60) fits both demands; listing 2 (40) only demand B (price). The optimum gives demand A
    # all of listing 1 it can use and lets demand B take listing 2 first: every unit sold, 滞销 all sold.
    listings = [listing(1, qty=60, unsold=True, price=300), listing(2, qty=40, price=500)]
    demands = [demand(10, 50, price_max_cents=400), demand(11, 50)]

    edges, result = match(listings, demands)

    flows = sold(result, listings, demands)
    assert flows == {(1, 10): 50, (1, 11): 10, (2, 11): 40}
    assert result.quantity == 100
    per_unit = {(listings[li].id, demands[di].id): int(edges.score[e]) for li, di, _q, e in result.flows}
    assert result.objective == sum(per_unit[k] * q for k, q in flows.items())
    for lst in listings:
        assert sum(q for (lid, _d), q in flows.items() if lid == lst.id) <= lst.remaining


def test_a_listing_of_another_category_or_too_dear_is_never_proposed():
    listings = [listing(1, category="fruit"), listing(2, price=900)]

    edges, result = match(listings, [demand(10, 10, price_max_cents=800)])

    assert len(edges) == 0 and result.flows == []


def test_each_reason_names_its_points():
    parts = components(listing(1, unsold=True, poor=True), demand(10, 5))

    assert parts == {"sold": 10, "unsold": 20, "poor": 10, "origin": 5, "paired": 0}


def test_listings_grouped_into_classes_keep_the_optimum_of_the_listings_one_by_one():
    import random

    from fupin.consumption.matching import score_edges, solve

    rng = random.Random(7)
    codes = ["440703101201", "440703102201", "440704001001", "451425100201"]
    listings = [
        listing(
            i,
            qty=rng.randint(1, 40),
            unsold=rng.random() < 0.3,
            poor=rng.random() < 0.5,
            code=rng.choice(codes),
            price=rng.choice([300, 400]),
            category=rng.choice(["vegetable", "fruit"]),
        )
        for i in range(60)
    ]
    demands = [
        demand(
            100 + j,
            rng.randint(5, 80),
            category=rng.choice(["vegetable", "fruit"]),
            price_max_cents=rng.choice([300, 400, 10**12]),
            preferred_origin=rng.choice(["", "440704", "4514"]),
            prefer_paired=rng.random() < 0.3,
        )
        for j in range(15)
    ]

    _edges, grouped = match(listings, demands)
    plain = solve(score_edges(listings, demands), listings, demands)

    assert grouped.objective == plain.objective
    for i, lst in enumerate(listings):
        assert sum(q for li, _d, q, _e in grouped.flows if li == i) <= lst.remaining
    for j, dem in enumerate(demands):
        assert sum(q for _l, di, q, _e in grouped.flows if di == j) <= dem.quantity
