"""Demo data for finance: 扶贫小额信贷 loans to a share of the households with labour (some repaid, some
deferred for households the weekly tracking found hit, a few overdue), 政银保 loans to the employment demo's
enterprises within 15 × the fund, the households they lift, premiums and two quarters of interest subsidy
paid through the funds service as the city's demo account."""

import datetime
from decimal import Decimal

from fupin.accounts.models import User
from fupin.employment.models import Enterprise
from fupin.finance import queries, rules, services
from fupin.finance.choices import LoanKind, LoanUse
from fupin.finance.models import Loan, LoanHousehold, Repayment
from fupin.funds.models import Allocation
from fupin.funds.rules import LOAN_SUBSIDY_LINE
from fupin.registry.choices import LABOR_ABLE
from fupin.registry.demo.users import DEMO_PREFIX
from fupin.registry.models import Member

BATCH = 5000
BANKS = ["江门农商银行", "中国邮政储蓄银行江门分行", "中国农业银行江门分行"]
INSURERS = ["中国人民财产保险江门分公司", "中华联合财产保险江门中心支公司"]


def build_demo(rng, log):
    if Loan.objects.exists():
        log("finance: loans already made, nothing to do")
        return 0
    households = dict(
        Member.objects.filter(labor_ability__in=LABOR_ABLE)
        .order_by("household_id")
        .values_list("household_id", "region_code")[:200_000]
    )
    if not households:
        log("finance: no households, nothing to do")
        return 0
    loans = _microcredit(rng, households)
    _repayments(rng, loans)
    deferred = _deferrals(rng, loans)
    zhengyinbao = _zhengyinbao(rng, households)
    subsidies = _subsidies()
    log(
        f"finance: {len(loans)} microcredit loans ({deferred} deferred), {zhengyinbao} 政银保 loans, {subsidies}"
    )
    return len(loans)


def _microcredit(rng, households):
    rows = []
    for n, (household_id, village) in enumerate(households.items()):
        if rng.random() > 0.08:
            continue
        term = rng.choice([12, 24, 36])
        start = datetime.date(2018, 6, 1) + datetime.timedelta(days=rng.randint(0, 700))
        amount = Decimal(rng.randint(2, 10) * 5000)
        due = rules.add_months(start, term)
        rows.append(
            Loan(
                kind=LoanKind.MICROCREDIT,
                household_id=household_id,
                region_code=village,
                bank=rng.choice(BANKS),
                contract_number=f"FPXD-{start:%Y}-{n:07d}",
                amount=amount,
                balance=amount,
                rate=rules.base_rate(term),
                term_months=term,
                disbursed_on=start,
                due_on=due,
                repay_by=due,
                use=rng.choice([LoanUse.HOUSEHOLD_INDUSTRY, LoanUse.BUSINESS]),
            )
        )
    Loan.objects.bulk_create(rows, batch_size=BATCH)
    return list(Loan.objects.filter(kind=LoanKind.MICROCREDIT).order_by("pk"))


def _repayments(rng, loans):
    """Loans due before mid-2020 are mostly repaid; a few stay overdue."""
    rows, repaid = [], []
    for loan in loans:
        if loan.due_on < datetime.date(2020, 6, 1) and rng.random() < 0.85:
            rows.append(
                Repayment(loan=loan, region_code=loan.region_code, paid_on=loan.due_on, principal=loan.amount)
            )
            repaid.append(loan.pk)
    Repayment.objects.bulk_create(rows, batch_size=BATCH)
    for start in range(0, len(repaid), BATCH):
        Loan.objects.filter(pk__in=repaid[start : start + BATCH]).update(balance=0, status="repaid")


def _deferrals(rng, loans):
    """Households hit by the epidemic with a loan falling due in 2020 defer it (up to six months)."""
    due_2020 = [
        loan for loan in loans if datetime.date(2020, 1, 1) <= loan.due_on <= datetime.date(2020, 12, 31)
    ]
    hit = queries.households_hit_by_epidemic([loan.household_id for loan in due_2020])
    count = 0
    for loan in due_2020:
        if loan.household_id in hit and rng.random() < 0.7:
            until = rules.add_months(loan.due_on, rng.randint(3, 6))
            Loan.objects.filter(pk=loan.pk).update(
                deferred_until=until,
                repay_by=until,
                deferral_reason="受疫情影响延期还款",
                balance=loan.amount,
                status="active",
            )
            Repayment.objects.filter(loan=loan).delete()
            count += 1
    return count


def _zhengyinbao(rng, households):
    volume, ceiling = queries.zhengyinbao_volume()
    ceiling = ceiling or Decimal(0)
    by_town = {}
    for household_id, village in households.items():
        by_town.setdefault(village[:9] + "000", []).append((household_id, village))
    made, links = 0, []
    for enterprise in Enterprise.objects.filter(poverty_related=True).order_by("pk")[:40]:
        amount = Decimal(rng.randint(10, 100) * 10000)
        if volume + amount > ceiling:
            break
        volume += amount
        start = datetime.date(2020, 3, 1) + datetime.timedelta(days=rng.randint(0, 120))
        loan = Loan.objects.create(
            kind=LoanKind.ZHENGYINBAO,
            enterprise=enterprise,
            region_code=enterprise.region_code,
            bank=rng.choice(BANKS),
            contract_number=f"ZYB-2020-{enterprise.pk:05d}",
            amount=amount,
            balance=amount,
            rate=Decimal(rng.choice(["4.35", "5.00", "5.50", "6.00"])),
            term_months=12,
            disbursed_on=start,
            due_on=rules.add_months(start, 12),
            repay_by=rules.add_months(start, 12),
            use=LoanUse.BUSINESS,
            insurer=rng.choice(INSURERS),
            premium=(amount * Decimal("0.015")).quantize(Decimal("1")),
        )
        pool = by_town.get(enterprise.region_code[:9] + "000", [])
        for household_id, village in rng.sample(pool, min(len(pool), rng.randint(2, 12))):
            links.append(LoanHousehold(loan=loan, household_id=household_id, region_code=village))
        made += 1
    LoanHousehold.objects.bulk_create(links, ignore_conflicts=True)
    return made


def _subsidies():
    """Q1 and Q2 of 2020 paid from each allocation of the loan-subsidy line, as the city's demo account."""
    user = User.objects.filter(username=f"{DEMO_PREFIX}city").first()
    if user is None:
        return "no city account: no subsidy paid"
    paid = []
    for allocation in Allocation.objects.filter(fund__budget_line__code=LOAN_SUBSIDY_LINE, status="active"):
        for quarter, on in (("2020Q1", datetime.date(2020, 4, 10)), ("2020Q2", datetime.date(2020, 7, 10))):
            try:
                on = max(on, allocation.allocated_on)  # a payment before its allocation is refused
                result = services.pay_quarter_subsidy(allocation, by=user, quarter=quarter, on=on)
            except Exception as exc:  # a demo allocation too small for its loans: say so and go on
                paid.append(f"{allocation.region_id} {quarter}: {exc}")
            else:
                paid.append(f"{allocation.region_id} {quarter}: {result['loans']} loans ¥{result['amount']}")
    return "; ".join(paid)
