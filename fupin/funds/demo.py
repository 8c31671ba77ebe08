"""Demo data for funds: a fund per budget line of the active plan, allocations to towns (household money)
and districts (project money), and disbursements to households and projects, never beyond any line."""

import datetime
from decimal import Decimal

from django.db.models import F

from fupin.core.plausibility import as_dicts
from fupin.funds import plausibility, services
from fupin.funds.choices import DisbursementStatus, PayeeKind
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.funds.rules import INSURANCE_LINE, UNSTABLE_LINE, unstable_household_ids
from fupin.plan.queries import active_plan
from fupin.regions.models import Region
from fupin.registry.choices import Relation
from fupin.registry.models import Member

HUNDRED = Decimal("100")
# budget line -> (payee kind, smallest and largest payment in yuan, purpose)
PAYMENTS = {
    "unstable-household-industry": (PayeeKind.HOUSEHOLD, 2000, 6000, "发展种养殖产业补助"),
    "housing-renovation": (PayeeKind.HOUSEHOLD, 10000, 40000, "住房改造提升补助"),
    # Allocated here, paid by the apps they belong to: projects (industry), loan subsidies (finance),
    # premiums to the insurers (insurance), never to households.
    "insurance-premiums": (None, 0, 0, "贫困户商业保险保费"),
    "industry-fund": (None, 0, 0, "产业项目扶持资金"),
    "zhengyinbao-subsidy": (None, 0, 0, "政银保贷款贴息及保费补贴"),
    "training-budget": (PayeeKind.OTHER, 8000, 30000, "技能培训经费"),
}
PROJECT_NAMES = [
    "蔬菜种植专业合作社",
    "生猪养殖专业合作社",
    "陈皮加工有限公司",
    "茶叶种植家庭农场",
    "水产养殖专业合作社",
]
TRAINING_PAYEES = ["市技师学院", "职业技术学校", "家政服务培训中心"]
INSURERS = ["中国人民财产保险江门分公司", "中国人寿江门分公司", "平安财产保险江门中心支公司"]
MAX_TOWNS = 12


def build_demo(rng, log):
    plan = active_plan()
    if plan is None:
        log("funds: no active plan, nothing to do")
        return 0
    services.open_plan_funds(plan)
    funds = list(Fund.objects.filter(budget_line__plan=plan).select_related("budget_line"))
    if Allocation.objects.filter(fund__in=funds).exists():
        log("funds: allocations already made, nothing to do")
        return 0
    heads = _heads_by_town(plan.region_code[:4])
    if not heads:
        log("funds: no households, nothing to do")
        return 0
    towns = _pick_towns(rng, heads)
    serial = iter(range(11, 999))
    allocations = disbursements = 0
    for fund in funds:
        made = _fund_demo(rng, fund, towns, heads, serial)
        allocations += made[0]
        disbursements += made[1]
    log(f"funds: {len(funds)} funds, {allocations} allocations, {disbursements} disbursements")
    return allocations


def _heads_by_town(city_prefix):
    """{town code: [(household id, village code, head's name)]} for the city's households."""
    heads = {}
    rows = Member.objects.filter(relation=Relation.HEAD, region_code__startswith=city_prefix).values_list(
        "household_id", "region_code", "name"
    )
    for household_id, village, name in rows.order_by("household_id")[:200_000]:
        heads.setdefault(village[:9].ljust(12, "0"), []).append((household_id, village, name))
    return heads


def _eligible(heads):
    """The heads of the households the unstable-household line may pay (fupin.funds.rules)."""
    ids = [h[0] for rows in heads.values() for h in rows]
    allowed = set()
    for start in range(0, len(ids), 5000):
        allowed |= unstable_household_ids(ids[start : start + 5000])
    return {town: [h for h in rows if h[0] in allowed] for town, rows in heads.items()}


def _pick_towns(rng, heads):
    codes = sorted(heads)
    keep = [c for c in codes if c.startswith("440703101")]  # the demo town work group's town
    others = [c for c in codes if c not in keep]
    rng.shuffle(others)
    return keep + sorted(others[: MAX_TOWNS - len(keep)])


def _yuan(rng, low, high):
    return Decimal(rng.randint(low // 100, high // 100)) * HUNDRED


def _fund_demo(rng, fund, towns, heads, serial):
    kind, low, high, purpose = PAYMENTS.get(fund.budget_line.code, (PayeeKind.OTHER, 1000, 5000, ""))
    share = Decimal(str(rng.uniform(0.6, 0.9)))
    total = (fund.amount * share / HUNDRED).quantize(Decimal("1")) * HUNDRED
    targets = (
        towns
        if kind == PayeeKind.HOUSEHOLD or fund.budget_line.code == INSURANCE_LINE
        else sorted({t[:6].ljust(12, "0") for t in towns})
    )
    weights = [rng.uniform(1, 3) for _ in targets]
    made = []
    for target, weight in zip(targets, weights, strict=True):
        amount = (total * Decimal(weight / sum(weights)) / HUNDRED).quantize(Decimal("1")) * HUNDRED
        if amount <= 0:
            continue
        made.append(
            Allocation(
                fund=fund,
                region_id=target,
                amount=amount,
                document_number=f"江财农〔2020〕{next(serial)}号",
                allocated_on=datetime.date(2020, 3, 20) + datetime.timedelta(days=rng.randint(0, 60)),
                note=purpose,
            )
        )
    Allocation.objects.bulk_create(made)
    Fund.objects.filter(pk=fund.pk).update(allocated=F("allocated") + sum(a.amount for a in made))
    paid = []
    if kind is None:
        return len(made), 0
    if fund.budget_line.code == UNSTABLE_LINE:  # pays only 脱贫不稳定 or supervised households (funds.rules)
        heads = _eligible(heads)
    for n, allocation in enumerate(Allocation.objects.filter(fund=fund).order_by("pk")):
        rows = _payments(rng, allocation, kind, low, high, purpose, heads)
        if n == 0:
            rows += _confirmed_second_payment(allocation, rows)
        spent = sum(d.amount for d in rows if d.status == DisbursementStatus.PAID)
        Allocation.objects.filter(pk=allocation.pk).update(spent=spent)
        paid += rows
    Disbursement.objects.bulk_create(paid, batch_size=2000)
    return len(made), len(paid)


def _confirmed_second_payment(allocation, rows):
    """One payment entered a second time and confirmed by the clerk over the warning (funds.plausibility):
    the allocation's page shows the warning to whoever checks it."""
    first = next((d for d in rows if d.status == DisbursementStatus.PAID), None)
    if first is None or sum(d.amount for d in rows) + first.amount > allocation.amount:
        return []
    paid_on = first.paid_on + datetime.timedelta(days=3)
    facts = plausibility.PaymentFacts(today=paid_on, payee_payments=[(first.paid_on, first.amount)])
    soft = plausibility.soft_findings(
        first.amount, paid_on, facts, to_household=first.payee_kind == PayeeKind.HOUSEHOLD
    )
    second = Disbursement(
        **{
            f: getattr(first, f)
            for f in ("allocation", "region_code", "amount", "payee_kind", "household_id")
        },
        paid_on=paid_on,
        payee_name=first.payee_name,
        voucher_number=first.voucher_number + "-2",
        purpose=first.purpose,
        warnings=as_dicts(soft),
    )
    return [second]


def _payees(rng, allocation, kind, heads):
    """Endless (household, village, name) for the allocation's region."""
    if kind == PayeeKind.HOUSEHOLD:
        pool = list(heads.get(allocation.region_id, []))
        rng.shuffle(pool)
        yield from pool
        return
    towns = [t for t in heads if t.startswith(allocation.region_id[:6])] or [allocation.region_id]
    names = dict(Region.objects.filter(code__in=towns).values_list("code", "name"))
    while True:
        town = rng.choice(towns)
        if kind == PayeeKind.PROJECT:
            yield None, town, names.get(town, "") + rng.choice(PROJECT_NAMES)
        elif kind == PayeeKind.INSURER:
            yield None, town, rng.choice(INSURERS)
        else:
            yield None, town, rng.choice(TRAINING_PAYEES)


def _payments(rng, allocation, kind, low, high, purpose, heads):
    """Payments from the allocation up to a share of it (40-95%); a few reversed."""
    ceiling = allocation.amount * Decimal(str(rng.uniform(0.4, 0.95)))
    spent, rows = Decimal("0"), []
    for household_id, region_code, name in _payees(rng, allocation, kind, heads):
        amount = _yuan(rng, low, high)
        if spent + amount > ceiling:
            break
        reversed_ = rng.random() < 0.01
        spent += 0 if reversed_ else amount
        rows.append(
            Disbursement(
                allocation=allocation,
                region_code=region_code,
                amount=amount,
                paid_on=allocation.allocated_on + datetime.timedelta(days=rng.randint(5, 150)),
                payee_kind=kind,
                household_id=household_id,
                payee_name=name,
                voucher_number=f"记{allocation.allocated_on:%m}-{allocation.pk:04d}-{len(rows) + 1:03d}",
                purpose=purpose,
                status=DisbursementStatus.REVERSED if reversed_ else DisbursementStatus.PAID,
                reversed_reason="收款账户有误，已退回" if reversed_ else "",
            )
        )
    return rows
