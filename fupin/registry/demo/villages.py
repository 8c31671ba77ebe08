"""Demo villages (村委会) and communities (社区) under the real, shipped towns."""

import math

from fupin.regions.models import Region, RegionLevel
from fupin.registry.demo import names

# Town-level units without villages of their own (prisons, forest farms, parks, development zones).
SKIPPED_TOWN_WORDS = ("监狱", "林场", "管委会", "园区", "开发区", "新区")
VILLAGES_PER_TOWN = (5, 15)
# Aim at about this many households per village when there are too few households to fill every town.
HOUSEHOLDS_PER_VILLAGE = 30


def eligible_towns(prefix: str) -> list[Region]:
    towns = Region.objects.under(prefix).filter(level=RegionLevel.TOWN).order_by("code")
    return [t for t in towns if not any(word in t.name for word in SKIPPED_TOWN_WORDS)]


def plan_villages(rng, towns: list[Region], households: int, keep_town: str = "") -> dict[str, int]:
    """How many villages each town gets: 5–15 each, or fewer towns and villages for a small data set.

    Every county keeps at least one town with a village; `keep_town` (the demo users' town) keeps two.
    """
    full = {t.code: rng.randint(*VILLAGES_PER_TOWN) for t in towns}
    wanted = max(1, math.ceil(households / HOUSEHOLDS_PER_VILLAGE))
    if wanted >= sum(full.values()):
        return full
    shrink = math.sqrt(wanted / sum(full.values()))
    by_county: dict[str, list[Region]] = {}
    for town in towns:
        by_county.setdefault(town.code[:6], []).append(town)
    plan = {}
    for county_towns in by_county.values():
        order = sorted(county_towns, key=lambda t: (t.code != keep_town, rng.random()))
        for town in order[: max(1, round(len(order) * shrink))]:
            plan[town.code] = max(1, round(full[town.code] * shrink))
    if keep_town in plan:
        plan[keep_town] = max(2, plan[keep_town])
    return plan


def _village_name(rng, town: Region, street: bool, zhuang: bool, taken: set[str]) -> str:
    for _attempt in range(200):
        if street:
            i = rng.randrange(0, len(names.COMMUNITY_WORDS) - 1, 2)
            name = names.COMMUNITY_WORDS[i : i + 2] + "社区"
        elif zhuang:
            name = rng.choice(names.ZHUANG_VILLAGE_FIRST) + rng.choice(names.ZHUANG_VILLAGE_SECOND) + "村委会"
        else:
            name = (
                rng.choice(names.GUANGDONG_VILLAGE_FIRST)
                + rng.choice(names.GUANGDONG_VILLAGE_SECOND)
                + "村委会"
            )
        if name not in taken and name[:-3] != town.name[:2]:
            taken.add(name)
            return name
    raise RuntimeError(f"no free village name left in {town.name}")


def create_villages(
    rng, plan: dict[str, int], towns: dict[str, Region], *, paired_prefix: str
) -> list[Region]:
    """Create the planned villages (codes 2xx for 村委会, 0xx for 社区) in towns that have none yet."""
    existing = set(
        Region.objects.filter(level=RegionLevel.VILLAGE, parent_id__in=list(plan)).values_list(
            "parent_id", flat=True
        )
    )
    new = []
    for code, count in sorted(plan.items()):
        if code in existing:
            continue
        town = towns[code]
        street = code[6] == "0"  # town-level 0xx are 街道: their units are communities
        taken: set[str] = set()
        for i in range(count):
            name = _village_name(rng, town, street, code.startswith(paired_prefix), taken)
            suffix = f"{i + 1:03d}" if street else f"{200 + i + 1:03d}"
            new.append(Region(code=code[:9] + suffix, name=name, level=RegionLevel.VILLAGE, parent_id=code))
    Region.objects.bulk_create(new, batch_size=500)
    return list(Region.objects.filter(level=RegionLevel.VILLAGE, parent_id__in=list(plan)).order_by("code"))
