"""Funds (R3.1): opening, allocating, disbursing, reversing; nothing is ever spent beyond its line."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.funds import services
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.funds.tests.factories import BudgetLineFactory, FundFactory
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 4, 1)
TOWN, OTHER_TOWN, DISTRICT = "440703101000", "440703102000", "440703000000"


def allocate(fund, user, code, amount, doc="江财农〔2020〕1号"):
    return services.allocate(
        fund,
        by=user,
        region=Region.objects.get(code=code),
        amount=Decimal(amount),
        document_number=doc,
        date=D,
    )


def pay(allocation, user, amount, **kw):
    values = {
        "amount": amount,
        "date": D,
        "payee_kind": "project",
        "payee_name": "蔬菜种植专业合作社",
        "voucher": "记-001",
    }
    return services.disburse(allocation, by=user, **{**values, **kw})


def test_open_funds_opens_one_fund_per_budget_line_with_its_amount_and_is_repeatable(plan):
    out = io.StringIO()
    call_command("open_funds", stdout=out)
    call_command("open_funds", stdout=out)
    amounts = dict(Fund.objects.values_list("budget_line__code", "amount"))
    assert amounts == {
        "training-budget": Decimal("500000.00"),
        "unstable-household-industry": Decimal("3040000.00"),
        "industry-fund": Decimal("10000000.00"),
        "zhengyinbao-subsidy": Decimal("2000000.00"),
        "housing-renovation": Decimal("2110000.00"),
        "insurance-premiums": Decimal("1450000.00"),
    }
    assert "0 funds opened, 6 already open" in out.getvalue()
    assert AuditEntry.objects.filter(action="funds.fund.opened").count() == 6


def test_allocating_beyond_the_fund_is_refused_with_the_balance_and_nothing_is_written(funds, city_user):
    fund = funds["training-budget"]
    allocate(fund, city_user, DISTRICT, "300000")
    with pytest.raises(DomainError) as refused:
        allocate(fund, city_user, TOWN, "200000.01")
    assert str(refused.value) == "超出可用额度：可用余额 200,000.00 元"
    fund.refresh_from_db()
    assert fund.allocated == Decimal("300000.00")
    assert Allocation.objects.count() == 1
    assert AuditEntry.objects.filter(action="funds.allocation.created").count() == 1


def test_the_whole_balance_can_be_used_to_the_cent(city_user, town_user):
    # 0.10 + 0.20 is not 0.30 in floating point; the ceiling must still be reachable exactly
    fund = FundFactory(budget_line=BudgetLineFactory(amount=Decimal("0.30")))
    first = allocate(fund, city_user, TOWN, "0.10")
    allocate(fund, city_user, TOWN, "0.20")
    with pytest.raises(DomainError, match=r"可用余额 0\.00 元"):
        allocate(fund, city_user, TOWN, "0.01")
    pay(first, town_user, "0.03", voucher="1")
    pay(first, town_user, "0.07", voucher="2")
    first.refresh_from_db()
    assert (first.spent, first.remaining) == (Decimal("0.10"), Decimal("0.00"))


def test_paying_beyond_the_allocation_is_refused_with_the_balance_and_nothing_is_written(
    funds, city_user, town_user
):
    allocation = allocate(funds["housing-renovation"], city_user, TOWN, "10000")
    pay(allocation, town_user, "6000")
    with pytest.raises(DomainError) as refused:
        pay(allocation, town_user, "4000.01", voucher="记-002")
    assert str(refused.value) == "超出可用额度：可用余额 4,000.00 元"
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("6000.00")
    assert Disbursement.objects.count() == 1
    entry = AuditEntry.objects.get(action="funds.disbursement.created")
    assert entry.region_code == TOWN and entry.changes["amount"] == [None, "6000.00"]


def test_reversing_a_payment_returns_its_money_to_the_allocation(funds, city_user, town_user):
    allocation = allocate(funds["housing-renovation"], city_user, TOWN, "10000")
    payment = pay(allocation, town_user, "6000")
    with pytest.raises(ConflictError):
        services.reverse_disbursement(payment, by=town_user, version=payment.version + 1, reason="账号错误")
    services.reverse_disbursement(payment, by=town_user, version=payment.version, reason="收款账户有误")
    allocation.refresh_from_db()
    payment.refresh_from_db()
    assert allocation.spent == Decimal("0.00")
    assert (payment.status, payment.reversed_reason) == ("reversed", "收款账户有误")
    assert AuditEntry.objects.get(action="funds.disbursement.reversed").note == "收款账户有误"
    with pytest.raises(DomainError, match="已冲销"):
        services.reverse_disbursement(payment, by=town_user, reason="再次冲销")
    pay(allocation, town_user, "10000")  # the whole allocation is available again


def test_an_allocation_is_reduced_only_down_to_what_is_spent_and_cancelled_only_when_nothing_is(
    funds, district_user, town_user
):
    fund = funds["housing-renovation"]
    allocation = allocate(fund, district_user, TOWN, "10000")
    payment = pay(allocation, town_user, "3000")
    with pytest.raises(DomainError, match=r"不能低于已支出金额 3,000\.00 元"):
        services.reduce_allocation(allocation, by=district_user, version=allocation.version, amount="2999.99")
    services.reduce_allocation(allocation, by=district_user, version=allocation.version, amount="5000")
    fund.refresh_from_db()
    assert fund.allocated == Decimal("5000.00")
    with pytest.raises(ConflictError):
        services.cancel_allocation(allocation, by=district_user, version=1)
    allocation.refresh_from_db()
    with pytest.raises(DomainError, match=r"已支出 3,000\.00 元"):
        services.cancel_allocation(allocation, by=district_user, version=allocation.version)
    services.reverse_disbursement(payment, by=town_user, reason="项目取消")
    allocation.refresh_from_db()
    services.cancel_allocation(allocation, by=district_user, version=allocation.version, reason="项目取消")
    fund.refresh_from_db()
    assert fund.allocated == Decimal("0.00")
    with pytest.raises(DomainError, match="已撤销"):
        pay(allocation, town_user, "1", voucher="记-009")
    actions = set(
        AuditEntry.objects.filter(action__startswith="funds.allocation.").values_list("action", flat=True)
    )
    assert actions == {"funds.allocation.created", "funds.allocation.reduced", "funds.allocation.cancelled"}


def test_money_goes_down_from_the_city_to_districts_and_from_districts_to_towns(
    funds, city_user, district_user, town_user
):
    fund = funds["industry-fund"]
    assert allocate(fund, city_user, DISTRICT, "1000").region_id == DISTRICT
    assert allocate(fund, district_user, TOWN, "1000").region_id == TOWN
    with pytest.raises(DomainError, match="本级以下"):
        allocate(fund, district_user, DISTRICT, "1000")
    with pytest.raises(DomainError, match="本级以下"):
        allocate(fund, city_user, "440700000000", "1000")
    with pytest.raises(OutOfScope):
        allocate(fund, district_user, "440704000000", "1000")
    with pytest.raises(NotAllowed):
        allocate(fund, town_user, "440703101201", "1000")


def test_only_district_and_town_offices_in_scope_pay_and_never_a_village_cadre(
    funds, city_user, other_town_user, village_user
):
    allocation = allocate(funds["industry-fund"], city_user, TOWN, "1000")
    # The town's allocation is above the village cadre's region and not among what a village reads: not found.
    with pytest.raises(OutOfScope):
        pay(allocation, village_user, "10")
    with pytest.raises(OutOfScope):
        pay(allocation, other_town_user, "10")
    assert not Disbursement.objects.exists()


def test_a_household_paid_must_live_under_the_allocation(funds, city_user, town_user, villages):
    allocation = allocate(funds["housing-renovation"], city_user, TOWN, "50000")
    elsewhere = HouseholdFactory(region_id="440703102201")
    with pytest.raises(DomainError, match="不在该笔下达的地区范围内"):
        pay(allocation, city_user, "100", payee_kind="household", household=elsewhere)
    with pytest.raises(DomainError, match="必须指明贫困户"):
        pay(allocation, town_user, "100", payee_kind="household")
    home = HouseholdFactory(region_id="440703101202")
    paid = pay(allocation, town_user, "20000", payee_kind="household", household=home, payee_name="张三")
    assert paid.region_code == "440703101202"


def test_the_same_payment_cannot_be_entered_twice_and_amounts_must_be_positive_cents(
    funds, city_user, town_user
):
    allocation = allocate(funds["industry-fund"], city_user, TOWN, "10000")
    pay(allocation, town_user, "100")
    with pytest.raises(DomainError, match="已登记过"):
        pay(allocation, town_user, "100")
    for bad in ("0", "-5", "1.005", "abc"):
        with pytest.raises(DomainError):
            pay(allocation, town_user, bad, voucher=f"记-{bad}")
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("100.00")


def test_a_plan_with_funds_is_not_replaced_by_loading_it_again(funds):
    from fupin.core.errors import DomainError
    from fupin.funds.models import Fund
    from fupin.plan.services import load_plan

    with pytest.raises(DomainError, match="不能整体替换"):
        load_plan()

    assert Fund.objects.count() == len(funds)
