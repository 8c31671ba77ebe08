"""Finance (R3.4): loan limits, the 15× ceiling, the quarterly subsidy paid once, deferral, escalation,
the bank list import, pages and API."""

import datetime
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, OutOfScope
from fupin.employment.tests.factories import EnterpriseFactory
from fupin.finance import jobs, queries, services
from fupin.finance.models import InterestSubsidy, Loan
from fupin.finance.tests.factories import LoanFactory
from fupin.funds import services as fund_services
from fupin.funds.models import Disbursement
from fupin.jobs.models import JobStatus
from fupin.ledgers.models import LedgerItem
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db
VILLAGE, TOWN = "440703101201", "440703101000"
D = datetime.date(2020, 1, 15)


def microcredit(user, household=None, **values):
    defaults = {
        "kind": "microcredit",
        "household": household or HouseholdFactory(region_id=VILLAGE),
        "bank": "江门农商银行",
        "contract_number": f"JMNS-{Loan.objects.count() + 1:04d}",
        "amount": Decimal("10000"),
        "rate": Decimal("4.35"),
        "term_months": 12,
        "disbursed_on": D,
    }
    return services.register_loan(by=user, **{**defaults, **values})


def zhengyinbao(user, amount, **values):
    defaults = {
        "kind": "zhengyinbao",
        "enterprise": EnterpriseFactory(region_code=TOWN),
        "bank": "江门农商银行",
        "contract_number": f"ZYB-{Loan.objects.count() + 1:04d}",
        "amount": Decimal(amount),
        "rate": Decimal("6"),
        "term_months": 12,
        "disbursed_on": D,
        "insurer": "人保财险江门分公司",
        "premium": Decimal("1200"),
    }
    return services.register_loan(by=user, **{**defaults, **values})


def subsidy_allocation(funds, city_user, amount="100000"):
    return fund_services.allocate(
        funds["zhengyinbao-subsidy"],
        by=city_user,
        region=Region.objects.get(code=TOWN),
        amount=amount,
        document_number="江财农〔2020〕20号",
        date=D,
    )


def test_microcredit_limits_are_refused_with_a_clear_message(village_user):
    with pytest.raises(DomainError, match="每户不超过5万元"):
        microcredit(village_user, amount=Decimal("50000.01"))
    with pytest.raises(DomainError, match="不超过3年"):
        microcredit(village_user, term_months=37)
    with pytest.raises(DomainError, match="基准利率"):
        microcredit(village_user, rate=Decimal("5.5"))
    loan = microcredit(village_user, amount=Decimal("50000"), term_months=36, rate=Decimal("4.75"))
    assert (loan.balance, loan.due_on) == (Decimal("50000"), datetime.date(2023, 1, 15))
    assert AuditEntry.objects.filter(action="finance.loan.registered", target_id=str(loan.pk)).exists()


def test_zhengyinbao_rate_is_capped_at_6_percent_and_volume_at_15_times_the_fund(funds, town_user):
    with pytest.raises(DomainError, match="不超过6%"):
        zhengyinbao(town_user, "100000", rate=Decimal("6.5"))
    zhengyinbao(town_user, "29000000")  # the fund is 2,000,000: at most 30,000,000 of loans
    with pytest.raises(DomainError, match=re.escape("尚可放贷 1,000,000.00 元")):
        zhengyinbao(town_user, "1000000.01")
    zhengyinbao(town_user, "1000000")
    assert queries.zhengyinbao_volume() == (Decimal("30000000"), Decimal("30000000"))


def test_the_quarter_subsidy_is_computed_paid_to_the_bank_and_never_twice(
    funds, city_user, town_user, village_user
):
    loan = microcredit(village_user)
    services.record_repayment(loan, by=village_user, paid_on=datetime.date(2020, 5, 1), principal="5000")
    allocation = subsidy_allocation(funds, city_user)

    first = services.pay_quarter_subsidy(
        allocation, by=town_user, quarter="2020Q2", on=datetime.date(2020, 7, 5)
    )
    again = services.pay_quarter_subsidy(
        allocation, by=town_user, quarter="2020Q2", on=datetime.date(2020, 7, 6)
    )

    assert (first["loans"], first["amount"]) == (1, "73.10")
    assert again["loans"] == 0
    subsidy = InterestSubsidy.objects.get()
    assert (subsidy.quarter, subsidy.days, subsidy.amount) == ("2020Q2", 91, Decimal("73.10"))
    payment = Disbursement.objects.get()
    assert (payment.payee_kind, payment.payee_name, payment.amount) == (
        "bank",
        "江门农商银行",
        Decimal("73.10"),
    )
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("73.10")
    assert AuditEntry.objects.filter(action="finance.subsidy.paid").count() == 1


def test_the_subsidy_runs_as_a_job(funds, city_user, town_user, village_user):
    microcredit(village_user)
    job = jobs.start_subsidy_job(
        by=town_user, allocation=subsidy_allocation(funds, city_user), quarter="2020Q1"
    )
    assert job.status == JobStatus.SUCCEEDED and job.result["loans"] == 1
    with pytest.raises(DomainError, match="季度格式"):
        jobs.start_subsidy_job(
            by=town_user, allocation=subsidy_allocation(funds, city_user, "10"), quarter="2020Q5"
        )


def test_only_a_household_hit_by_the_epidemic_may_defer_and_a_deferred_loan_is_not_overdue(village_user):
    loan = microcredit(village_user, disbursed_on=datetime.date(2019, 3, 1))  # due 2020-03-01
    with pytest.raises(DomainError, match="受疫情影响"):
        services.defer_loan(loan, by=village_user, version=loan.version, months=6)
    Assessment.objects.create(
        period=make_period(), household=loan.household, region_code=VILLAGE, income_lost=3000
    )
    with pytest.raises(DomainError, match="最长6个月"):
        services.defer_loan(loan, by=village_user, version=loan.version, months=7)
    on = datetime.date(2020, 5, 1)
    assert queries.households_with_overdue_loans(on=on) == {loan.household_id}

    loan = services.defer_loan(loan, by=village_user, version=loan.version, months=6)

    assert loan.deferred_until == datetime.date(2020, 9, 1)
    assert queries.households_with_overdue_loans(on=on) == set()
    assert queries.households_with_overdue_loans(on=datetime.date(2020, 9, 2)) == {loan.household_id}
    assert AuditEntry.objects.filter(action="finance.loan.deferred").exists()


def test_overdue_loans_escalate_to_the_problem_list_once(town_user, village_user):
    loan = LoanFactory(
        disbursed_on=datetime.date(2019, 1, 1),
        due_on=datetime.date(2020, 1, 1),
        repay_by=datetime.date(2020, 1, 1),
    )
    LoanFactory()  # not due yet
    assert services.escalate_overdue(by=town_user, on=datetime.date(2020, 5, 1)) == 1
    assert services.escalate_overdue(by=town_user, on=datetime.date(2020, 5, 2)) == 0
    item = LedgerItem.objects.get()
    assert (item.household_id, item.kind, item.category) == (loan.household_id, "problem", "income")
    assert loan.contract_number in item.description


def test_other_village_cannot_repay_my_loan(village_user, other_village_user):
    loan = microcredit(village_user)
    with pytest.raises(OutOfScope):
        services.record_repayment(loan, by=other_village_user, paid_on=D, principal="100")


def _workbook(tmp_path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "loans.xlsx"
    book.save(path)
    return path


HEADER = ["合同编号", "户编号", "贷款银行", "贷款金额", "年利率", "期限(月)", "放款日期", "贷款用途"]


def test_a_bank_loan_list_with_one_bad_row_imports_nothing_and_names_the_row(client, village_user, tmp_path):
    one, two = HouseholdFactory(region_id=VILLAGE), HouseholdFactory(region_id=VILLAGE)
    rows = [
        HEADER,
        ["JM-001", one.number, "江门农商银行", 20000, 4.35, 12, "2020-03-02", "发展户产业"],
        ["JM-002", two.number, "江门农商银行", 60000, 4.35, 12, "2020-03-02", "发展户产业"],
    ]
    client.force_login(village_user)
    with open(_workbook(tmp_path, rows), "rb") as handle:
        response = client.post(reverse("finance:loan_import"), {"file": handle})
    assert response.status_code == 200
    assert [e.row for e in response.context["result"].errors] == [3]
    assert not Loan.objects.exists()

    rows[2][3] = 40000
    with open(_workbook(tmp_path, rows), "rb") as handle:
        response = client.post(reverse("finance:loan_import"), {"file": handle})
    assert response.status_code == 302
    assert sorted(Loan.objects.values_list("contract_number", flat=True)) == ["JM-001", "JM-002"]
    assert set(
        AuditEntry.objects.filter(action="finance.loan.registered").values_list("source", flat=True)
    ) == {"import:loans.xlsx"}


def test_finance_pages_open_and_need_the_permission(client, funds, town_user, auditor_user):
    loan = LoanFactory()
    client.force_login(town_user)
    for name in ("home", "loan_list", "loan_create", "loan_import", "subsidy_list"):
        assert client.get(reverse(f"finance:{name}")).status_code == 200, name
    assert client.get(reverse("finance:loan_detail", args=[loan.pk])).status_code == 200
    assert (
        client.get(reverse("finance:loan_list"), {"export": "csv", "standing": "current"}).status_code == 200
    )
    client.force_login(auditor_user)
    assert client.get(reverse("finance:home")).status_code == 403


def test_the_api_registers_a_loan_and_refuses_one_over_the_ceiling(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    api = APIClient()
    api.force_authenticate(village_user)
    body = {
        "kind": "microcredit",
        "household": household.number,
        "bank": "邮储银行",
        "contract_number": "YC-1",
        "amount": "50000.00",
        "rate": "4.35",
        "term_months": 12,
        "disbursed_on": "2020-04-01",
    }
    assert api.post("/api/v1/finance/loans/", body, format="json").status_code == 201
    response = api.post(
        "/api/v1/finance/loans/", {**body, "contract_number": "YC-2", "amount": "60000"}, format="json"
    )
    assert response.status_code == 400 and "5万元" in response.content.decode()
