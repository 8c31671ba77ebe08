"""Matching of supply (listings) to buyers' demands (产销对接, R4.1): pure functions over plain data.

A pair is *compatible* when the listing is of the demand's category and its price is within the demand's
highest price. Each unit sold along a compatible pair earns a transparent integer score, the sum of:

- sold (10): every unit sold counts, so the flow sells as much as it can;
- 滞销 (20): the listing is flagged unsold (by its village or the weekly tracking);
- poor household (10): the supplier is a poor household or carries registered households (带贫);
- origin (0–8): the demand's preferred origin 8, else the buyer's own district 5, own city 3;
- paired region (8): the buyer asked for products of the paired region (崇左) and the listing is one.

`solve` maximises the total score with the min-cost flow of employment's matching (OR-Tools
SimpleMinCostFlow over numpy arrays): source → listing (capacity = quantity left) → demand (capacity =
quantity wanted) → sink, cost = −score per unit, plus a zero-cost source → sink bypass so that selling
nothing is always possible. Every score is ≥ 10, so the flow never leaves a compatible unit unsold for
nothing, and 滞销 and poor-household units outrank any preference of origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from django.utils.translation import gettext as _

SOLD, UNSOLD, POOR = 10, 20, 10
PREFERRED, SAME_DISTRICT, SAME_CITY, PAIRED = 8, 5, 3, 8
PAIRED_PROVINCE = "45"  # 广西 (崇左): the paired region of the document's section 六
NO_PRICE = 10**12


# Plain immutable records (named tuples: a run reads tens of thousands, and a tuple is made several times
# faster than a frozen dataclass).
class ListingData(NamedTuple):
    id: int
    region_code: str
    category: str
    price_cents: int
    remaining: int
    unsold: bool = False
    poor: bool = False
    label: str = ""


class DemandData(NamedTuple):
    id: int
    region_code: str
    category: str
    quantity: int
    price_max_cents: int = NO_PRICE
    preferred_origin: str = ""
    prefer_paired: bool = False


@dataclass
class Edges:
    listing: np.ndarray
    demand: np.ndarray
    score: np.ndarray
    capacity: np.ndarray

    def __len__(self):
        return len(self.score)


@dataclass
class Result:
    flows: list  # (listing index, demand index, quantity, edge index)
    objective: int
    quantity: int


def components(lst: ListingData, dem: DemandData) -> dict | None:
    """The points per unit of each component, or None when the pair is not compatible."""
    if lst.category != dem.category or lst.price_cents > dem.price_max_cents:
        return None
    if dem.preferred_origin and lst.region_code.startswith(dem.preferred_origin):
        origin = PREFERRED
    elif lst.region_code[:6] == dem.region_code[:6]:
        origin = SAME_DISTRICT
    elif lst.region_code[:4] == dem.region_code[:4]:
        origin = SAME_CITY
    else:
        origin = 0
    return {
        "sold": SOLD,
        "unsold": UNSOLD if lst.unsold else 0,
        "poor": POOR if lst.poor else 0,
        "origin": origin,
        "paired": PAIRED if dem.prefer_paired and lst.region_code.startswith(PAIRED_PROVINCE) else 0,
    }


def explain(parts: dict) -> list[str]:
    """Why this listing for this demand, one sentence per component that scored (with its points)."""
    texts = {
        "sold": _("品类与价格符合需求"),
        "unsold": _("滞销产品优先"),
        "poor": _("贫困户（带贫）产品"),
        "paired": _("采购方要求优先协作地区产品"),
    }
    origin = {
        PREFERRED: _("产地为指定优先产地"),
        SAME_DISTRICT: _("产地与采购方同区"),
        SAME_CITY: _("产地与采购方同市"),
    }
    reasons = [f"{texts[k]} (+{v})" for k, v in parts.items() if v and k in texts]
    if parts.get("origin"):
        reasons.append(f"{origin[parts['origin']]} (+{parts['origin']})")
    return reasons


def _prefix_ints(codes, n):
    return np.array([int(c[:n]) if c[:n].isdigit() else -1 for c in codes], dtype=np.int64)


def score_edges(listings, demands, *, chunk=4_000_000) -> Edges:
    """Every compatible pair with its score per unit and capacity, block-wise with numpy by category."""
    parts = []
    lcat = np.array([x.category for x in listings], dtype=object)
    dcat = np.array([d.category for d in demands], dtype=object)
    lcodes = [x.region_code for x in listings]
    lpref = {n: _prefix_ints(lcodes, n) for n in PREFIX_LENGTHS}
    lpaired = np.array([c.startswith(PAIRED_PROVINCE) for c in lcodes])
    lprice = np.array([x.price_cents for x in listings], dtype=np.int64)
    lbase = SOLD + UNSOLD * np.array([x.unsold for x in listings], dtype=np.int64)
    lbase += POOR * np.array([x.poor for x in listings], dtype=np.int64)
    lrem = np.array([x.remaining for x in listings], dtype=np.int64)
    for category in sorted(set(dcat.tolist()) & set(lcat.tolist())):
        L = np.nonzero(lcat == category)[0]
        D = np.nonzero(dcat == category)[0]
        step = max(1, chunk // max(len(L), 1))
        for start in range(0, len(D), step):
            block = D[start : start + step]
            parts.append(_score_block(L, block, demands, lpref, lpaired, lprice, lbase, lrem))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Edges(empty, empty, empty, empty)
    return Edges(*(np.concatenate([p[k] for p in parts]) for k in range(4)))


PREFIX_LENGTHS = (2, 4, 6, 9, 12)


def _score_block(L, D, demands, lpref, lpaired, lprice, lbase, lrem):
    dcodes = [demands[j].region_code for j in D]
    d6, d4 = _prefix_ints(dcodes, 6), _prefix_ints(dcodes, 4)
    dmax = np.array([demands[j].price_max_cents for j in D], dtype=np.int64)
    dpaired = np.array([demands[j].prefer_paired for j in D])
    dqty = np.array([demands[j].quantity for j in D], dtype=np.int64)
    prefs = [demands[j].preferred_origin for j in D]
    plen = np.array([len(p) for p in prefs], dtype=np.int64)
    pint = np.array([int(p) if p.isdigit() else -1 for p in prefs], dtype=np.int64)
    ok = lprice[L][:, None] <= dmax[None, :]
    li, di = np.nonzero(ok)
    gl, gd = L[li], D[di]
    origin = np.where(lpref[6][gl] == d6[di], SAME_DISTRICT, np.where(lpref[4][gl] == d4[di], SAME_CITY, 0))
    for n in PREFIX_LENGTHS:
        origin[(plen[di] == n) & (lpref[n][gl] == pint[di])] = PREFERRED
    score = lbase[gl] + origin + PAIRED * (lpaired[gl] & dpaired[di])
    cap = np.minimum(lrem[gl], dqty[di])
    return gl, gd, score.astype(np.int64), cap


def solve_flow(listing_idx, demand_idx, scores, capacity, supply, wanted):
    """Max-score flow over scored edges: (flow per edge, objective). Pure OR-Tools, as employment's."""
    from ortools.graph.python import min_cost_flow

    n_l, n_d = len(supply), len(wanted)
    source, sink = 0, 1 + n_l + n_d
    total = int(np.sum(supply))
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        1 + np.asarray(listing_idx, dtype=np.int64),
        1 + n_l + np.asarray(demand_idx, dtype=np.int64),
        np.asarray(capacity, dtype=np.int64),
        -np.asarray(scores, dtype=np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(n_l, dtype=np.int64),
        1 + np.arange(n_l, dtype=np.int64),
        np.asarray(supply, dtype=np.int64),
        np.zeros(n_l, dtype=np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        1 + n_l + np.arange(n_d, dtype=np.int64),
        np.full(n_d, sink, dtype=np.int64),
        np.asarray(wanted, dtype=np.int64),
        np.zeros(n_d, dtype=np.int64),
    )
    smcf.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)  # selling nothing is possible
    smcf.set_node_supply(source, total)
    smcf.set_node_supply(sink, -total)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    return smcf.flows(arcs), -smcf.optimal_cost()


def solve(edges: Edges, listings, demands) -> Result:
    """The flows with the highest total score over already scored edges."""
    if not len(edges):
        return Result([], 0, 0)
    supply = [x.remaining for x in listings]
    wanted = [d.quantity for d in demands]
    flow, objective = solve_flow(edges.listing, edges.demand, edges.score, edges.capacity, supply, wanted)
    picked = np.nonzero(flow > 0)[0]
    flows = [(int(edges.listing[e]), int(edges.demand[e]), int(flow[e]), int(e)) for e in picked]
    return Result(flows, int(objective), int(flow.sum()))


def listing_classes(listings):
    """Listings no demand can tell apart — same category, price, 滞销, poor-household flag and county — as one
    node whose supply is their sum: every score and every compatibility depends on nothing else (a demand's
    preferred origin is a county or a city), so the flow over classes has the optimum of the flow over
    listings, with far fewer edges. Returns (classes, members: listing indexes per class)."""
    index, classes, members = {}, [], []
    for i, x in enumerate(listings):
        key = (x.category, x.price_cents, x.unsold, x.poor, x.region_code[:6])
        k = index.get(key)
        if k is None:
            index[key] = k = len(classes)
            classes.append([x.region_code[:6].ljust(12, "0"), 0])
            members.append([])
        classes[k][1] += x.remaining
        members[k].append(i)
    nodes = [
        ListingData(k, code, key[0], key[1], total, key[2], key[3])
        for (key, k), (code, total) in zip(index.items(), classes, strict=True)
    ]
    return nodes, members


def match(listings, demands) -> tuple[Edges, Result]:
    """The optimal flows, over listing classes, handed back to the listings of each class in order."""
    classes, members = listing_classes(listings)
    edges = score_edges(classes, demands)
    result = solve(edges, classes, demands)
    left = [x.remaining for x in listings]
    cursor = [0] * len(classes)
    flows = []
    for ci, di, qty, e in result.flows:
        while qty > 0:
            li = members[ci][cursor[ci]]
            take = min(qty, left[li])
            if take:
                flows.append((li, di, take, e))
                left[li] -= take
                qty -= take
            if left[li] == 0:
                cursor[ci] += 1
    return edges, Result(flows, result.objective, result.quantity)
