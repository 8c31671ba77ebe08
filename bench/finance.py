"""The quarterly interest subsidy of 扶贫小额信贷 for 100,000 loans, computed and paid as one job
(fupin.finance.jobs: every loan's interest for the quarter from its balance, rate and days, one payment per
bank through the funds service, one InterestSubsidy row per loan), then the same job again, which must pay
nothing (a loan is subsidised once a quarter).

    .venv/bin/python bench/finance.py                      # SQLite in /tmp/fupin_bench_finance.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_finance .venv/bin/python bench/finance.py
    .venv/bin/python bench/finance.py --loans 10000        # a quick run

The data is built once (bulk_create) and reused while the count matches; each run starts from no subsidy.
Goal (issue 17): under 30 s on SQLite for the job, and nothing paid twice on a re-run.
"""

import argparse
import os
import random
import time

from common import build_households, build_villages, load_line, log, persona, setup, verdict

os.environ.setdefault("TASKS_BACKEND", "immediate")  # the job runs in this process, as a worker would
setup("sqlite:////tmp/fupin_bench_finance.sqlite3")

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from fupin.accounts.roles import Role  # noqa: E402
from fupin.finance import jobs, rules  # noqa: E402
from fupin.finance.models import InterestSubsidy, Loan, Repayment  # noqa: E402
from fupin.funds import services as fund_services  # noqa: E402
from fupin.funds.models import Allocation, Disbursement  # noqa: E402
from fupin.plan import services as plan_services  # noqa: E402
from fupin.plan.models import BudgetLine  # noqa: E402
from fupin.plan.queries import active_plan  # noqa: E402
from fupin.regions.models import Region  # noqa: E402
from fupin.registry.models import Household  # noqa: E402

COUNTY = "440703000000"
QUARTER = "2020Q2"
BANKS = ["江门农商银行", "中国邮政储蓄银行江门分行", "中国农业银行江门分行", "广东南粤银行江门分行"]
BATCH = 10_000


def build(n):
    if Loan.objects.count() == n:
        log(f"reusing {n} loans")
        return
    Repayment.objects.all().delete()
    InterestSubsidy.objects.all().delete()
    Loan.objects.all().delete()
    villages = [v for v in build_villages(n, per_village=140) if v.startswith(COUNTY[:6])]
    prefix = f"FIN{n}X"  # one set of households per size
    if Household.objects.filter(number__startswith=prefix).count() < n:
        build_households(n, villages, prefix)
    rng = random.Random(17)
    households = (
        Household.objects.filter(number__startswith="FIN").order_by("pk").values_list("pk", "region_id")
    )
    loans = []
    for i, (pk, village) in enumerate(households[:n]):
        term = rng.choice([12, 24, 36])
        start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
        amount = Decimal(rng.randint(1, 10) * 5000)
        due = rules.add_months(start, term)
        loans.append(
            Loan(
                kind="microcredit",
                household_id=pk,
                region_code=village,
                bank=BANKS[i % len(BANKS)],
                contract_number=f"BENCH-{i:07d}",
                amount=amount,
                balance=amount,
                rate=rules.base_rate(term),
                term_months=term,
                disbursed_on=start,
                due_on=due,
                repay_by=due,
            )
        )
        if len(loans) == BATCH:
            Loan.objects.bulk_create(loans)
            loans = []
    Loan.objects.bulk_create(loans)
    repaid = [
        Repayment(loan_id=pk, region_code=code, paid_on=datetime.date(2020, 5, 1), principal=amount / 2)
        for pk, code, amount in Loan.objects.order_by("pk").values_list("pk", "region_code", "amount")[::10]
    ]
    Repayment.objects.bulk_create(repaid, batch_size=BATCH)
    log(f"built {Loan.objects.count()} loans, {len(repaid)} repayments")


def allocation_for(city):
    plan = active_plan() or plan_services.load_plan()
    line, _ = BudgetLine.objects.get_or_create(
        plan=plan,
        code="bench-loan-subsidy",
        defaults={"label": "贴息（测试）", "amount": Decimal("1000000000")},
    )
    fund = fund_services.open_fund(line)
    InterestSubsidy.objects.all().delete()  # each run starts from no subsidy
    Disbursement.objects.filter(allocation__fund=fund).delete()
    Allocation.objects.filter(fund=fund).delete()
    fund.allocated = 0
    fund.save(update_fields=["allocated"])
    return fund_services.allocate(
        fund,
        by=city,
        region=Region.objects.get(code=COUNTY),
        amount="900000000",
        document_number="BENCH-1",
        date=datetime.date(2020, 7, 1),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loans", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.loans)
    city = persona("bench_finance_city", Role.CITY_OFFICE, "440700000000")
    allocation = allocation_for(city)

    log(f"{connection.vendor}: subsidy job for {QUARTER} over {args.loans} loans  {load_line()}")
    started, cpu = time.perf_counter(), time.process_time()
    job = jobs.start_subsidy_job(by=city, allocation=allocation, quarter=QUARTER)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    log(f"first run: {job.status} {job.result} in {first:.1f} s ({first_cpu:.1f} s CPU)")
    started = time.perf_counter()
    again = jobs.start_subsidy_job(by=city, allocation=allocation, quarter=QUARTER)
    second = time.perf_counter() - started
    log(f"re-run: {again.status} {again.result} in {second:.1f} s")

    rows = InterestSubsidy.objects.filter(quarter=QUARTER)
    paid = Disbursement.objects.filter(allocation=allocation).aggregate(s=Sum("amount"))["s"] or 0
    subsidised = rows.aggregate(s=Sum("amount"))["s"] or 0
    allocation.refresh_from_db()
    print(f"loans subsidised: {rows.count()}, per-loan total ¥{subsidised:,.2f}, paid to banks ¥{paid:,.2f}")
    verdict("job for 100,000 loans under 30 s (SQLite)", first < 30, f"{first:.1f} s, {first_cpu:.1f} s CPU")
    verdict(
        "nothing paid twice on a re-run",
        again.result["loans"] == 0
        and rows.count() == rows.values("loan").distinct().count()
        and round(paid, 2) == round(subsidised, 2) == round(allocation.spent, 2),
        f"re-run paid {again.result['loans']} loans",
    )


if __name__ == "__main__":
    main()
