"""The demo data set: villages under the real towns, households, members, demo users, then each app's demo.

`build_demo_dataset` is called by `manage.py demo` and by bench/registry_list.py. It is deterministic for
a given seed and database state. See docs/demo.md for what it makes.
"""

import importlib
import importlib.util
import random
import time

from fupin.audit.recorder import record
from fupin.regions.models import Region, RegionLevel
from fupin.registry import tally
from fupin.registry.demo.dataset import DatasetWriter
from fupin.registry.demo.users import (
    DEMO_PASSWORD,
    DEMO_PREFIX,
    PAIRED_COUNTY,
    create_demo_users,
    demo_accounts,
)
from fupin.registry.demo.villages import create_villages, eligible_towns, plan_villages

DEFAULT_SEED = 2020
PAIRED_SHARE = 0.15  # share of households in the paired region (Chongzuo)
DEMO_TOWN = "440703101"  # 蓬江区棠下镇: the demo town work group and village cadres sit here
APP_DEMOS = [
    "plan",
    "reports",
    "ledgers",
    "funds",  # before employment, which pays some of its subsidies from the funds' allocations
    "employment",
    "training",
    "industry",
    "finance",
    "insurance",
    "consumption",
    "monitoring",
    "cooperation",
]

__all__ = ["DEMO_PASSWORD", "DEMO_PREFIX", "build_demo_dataset"]


def _demo_town(towns: list[Region]) -> str:
    codes = [t.code for t in towns]
    wanted = DEMO_TOWN.ljust(12, "0")
    return wanted if wanted in codes else codes[0]


def _plan_households(rng, writer, plan, *, city, paired, log) -> tuple[str, int]:
    """Create the villages of each region and plan its households; returns (demo town code, villages)."""
    demo_town = ""
    village_total = 0
    for prefix, count in plan:
        towns = eligible_towns(prefix)
        if not towns:
            raise ValueError(f"区划 {prefix} 下没有镇街，请先运行 migrate 加载区划。")
        keep = _demo_town(towns) if prefix == city else ""
        demo_town = demo_town or keep
        village_plan = plan_villages(rng, towns, count, keep_town=keep)
        by_code = {t.code: t for t in towns}
        villages = create_villages(rng, village_plan, by_code, paired_prefix=paired)
        village_total += len(villages)
        log(f"{prefix}: {len(village_plan)} 个镇街，{len(villages)} 个村(居)，{count:,} 户")
        writer.add_city(prefix, villages, count, by_code)
    return demo_town, village_total


def build_demo_dataset(
    *,
    households: int,
    seed: int = DEFAULT_SEED,
    city: str = "4407",
    paired: str = "4514",
    log=print,
    apps=APP_DEMOS,
    pipeline: bool | None = None,
) -> dict:
    """Build the whole demo data set; returns a summary (counts and timings).

    `pipeline` forces (True) or forbids (False) generating in a forked process; by default it is
    used for large data sets. `apps` are the apps whose `fupin.<app>.demo.build_demo(rng, log)` runs
    after the registry (when the module exists).
    """
    started = time.monotonic()
    rng = random.Random(seed)  # reproducible demo data, not a secret  # nosec B311
    paired_count = round(households * PAIRED_SHARE) if paired else 0
    plan = [(city, households - paired_count)] + ([(paired, paired_count)] if paired else [])

    log(f"生成演示数据：{households:,} 户，随机种子 {seed}")
    writer = DatasetWriter(rng, log)
    demo_town, village_total = _plan_households(rng, writer, plan, city=city, paired=paired, log=log)
    writer.write(pipeline=pipeline)
    tally_started = time.monotonic()
    tally_rows = tally.rebuild(region_prefixes=[prefix for prefix, _count in plan])
    log(f"户数统计：{tally_rows:,} 行，用时 {time.monotonic() - tally_started:.1f} 秒")

    demo_villages = list(
        Region.objects.filter(parent_id=demo_town, level=RegionLevel.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)[:2]
    )
    accounts = demo_accounts(city, demo_town, demo_villages, PAIRED_COUNTY)
    users_created = create_demo_users(accounts)
    log(f"演示账号：新建 {users_created} 个（共 {len(accounts)} 个，密码 {DEMO_PASSWORD}）")

    run_app_demos(seed, log, apps)

    summary = {
        "households": writer.created_households,
        "members": writer.created_members,
        "villages": village_total,
        "users": users_created,
        "seconds": round(time.monotonic() - started, 1),
    }
    record(
        "registry.demo.generated",
        region_code=city.ljust(12, "0"),
        changes={},
        note=f"seed={seed} households={summary['households']} members={summary['members']}",
        source="manage.py demo",
    )
    log(f"完成：{summary['households']:,} 户，{summary['members']:,} 人，用时 {summary['seconds']} 秒")
    return summary


def run_app_demos(seed: int, log, apps=APP_DEMOS):
    """Call build_demo(rng, log) of each app that ships a demo module; each app gets its own seeded rng."""
    for app in apps:
        module_name = f"fupin.{app}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        log(f"{app}: 生成演示数据")
        started = time.monotonic()
        importlib.import_module(module_name).build_demo(random.Random(f"{seed}:{app}"), log)  # demo data  # nosec B311
        log(f"{app}: 完成（{time.monotonic() - started:.1f} 秒）")
