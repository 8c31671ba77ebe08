"""Demo data for the plan: the 2020 Jiangmen plan from its fixture, with a few tasks under way, the late ones
escalated as of 2020-04-01 (measure 2's training runs to the year's end, its resumption task was due 3-31),
and the roster of first secretaries and town work groups of the demo town."""

from datetime import date

from fupin.plan import services
from fupin.plan.models import PlanTask, Posting, PostingKind, TaskStatus
from fupin.plan.queries import active_plan
from fupin.regions.models import Region, RegionLevel

DEMO_TOWN = "440703101000"  # 蓬江区棠下镇, as in fupin.registry.demo
SENDING_UNITS = [
    "市人力资源社会保障局",
    "市农业农村局",
    "市住房城乡建设局",
    "市水利局",
    "市财政局",
    "市教育局",
]
SURNAMES = "陈李黄张梁林吴何"


def build_demo(rng, log):
    # Loaded once: other apps' records (funds on its budget lines) keep the plan from being replaced.
    plan = active_plan() or services.load_plan()
    tasks = list(PlanTask.objects.filter(measure__plan=plan))
    for task in tasks:
        task.status = rng.choice([TaskStatus.TODO, TaskStatus.DOING, TaskStatus.DOING, TaskStatus.DONE])
    PlanTask.objects.bulk_update(tasks, ["status"])
    escalated = services.escalate_late_tasks(today=date(2020, 4, 1))
    log(f"plan: {plan.code} loaded with {len(tasks)} unit tasks, {escalated} escalated on 2020-04-01")
    log(f"plan: roster of {build_roster(rng)} first secretaries and work groups")
    return plan


def build_roster(rng) -> int:
    """A first secretary for each village of the demo town (the demo secretaries' own accounts linked), one
    of them back from post, and the town's work group covering every village."""
    if Posting.objects.exists():
        return 0
    town = _demo_town()
    villages = list(Region.objects.filter(parent_id=town, level=RegionLevel.VILLAGE).order_by("code"))
    if not villages:
        return 0
    accounts = _secretary_accounts()
    for i, village in enumerate(villages):
        posting = Posting.objects.create(
            kind=PostingKind.FIRST_SECRETARY,
            region_code=village.code,
            name=rng.choice(SURNAMES) + rng.choice(["志强", "伟明", "丽华", "建国", "晓东", "敏"]),
            phone=f"1380750{i:04d}",
            sending_unit=SENDING_UNITS[i % len(SENDING_UNITS)],
            term_starts_on=date(2019, 6, 1),
            term_ends_on=date(2021, 5, 31),
            on_post=i != len(villages) - 1 or len(villages) == 1,
            user=accounts.get(village.code),
        )
        posting.villages.set([village])
    group = Posting.objects.create(
        kind=PostingKind.TOWN_GROUP,
        region_code=town,
        name="梁国栋",
        phone="13807501000",
        sending_unit="蓬江区扶贫办",
        term_starts_on=date(2020, 1, 1),
        on_post=True,
    )
    group.villages.set(villages)
    return len(villages) + 1


def _demo_town():
    """The town of the demo town work group's account (fupin.registry.demo), else 棠下镇."""
    from fupin.accounts.models import RoleAssignment
    from fupin.accounts.roles import Role

    held = RoleAssignment.objects.filter(role=Role.TOWN_GROUP, user__username="demo_town").first()
    return held.region_id if held else DEMO_TOWN


def _secretary_accounts():
    from fupin.accounts.models import RoleAssignment
    from fupin.accounts.roles import Role

    rows = RoleAssignment.objects.filter(role=Role.FIRST_SECRETARY).select_related("user")
    return {a.region_id: a.user for a in rows}
