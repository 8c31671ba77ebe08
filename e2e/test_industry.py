"""Journeys of issue 17: a town cadre registers a project with its households, the district approves and an
allocation of the industry fund pays it, and the board's household industry coverage moves; a bank's loan
list with one bad row is refused whole."""

import datetime

import openpyxl
import pytest

from e2e.conftest import login
from fupin.employment.tests.factories import EnterpriseFactory
from fupin.finance.models import Loan
from fupin.funds import services as fund_services
from fupin.industry.models import Project
from fupin.plan.tests.factories import plan_2020
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

PASSWORD = "Fupin-Test-2020"
TOWN, VILLAGE = "440703101000", "440703101201"


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/accounts/login/" in url)


def household_with_labour():
    return MemberFactory(household=HouseholdFactory(region_id=VILLAGE), labor_ability="1").household


def coverage_on_board(page):
    page.goto(page.base_url + "/")
    row = page.locator("#targets tr", has_text="有劳动能力的贫困户至少发展1项特色产业")
    return row.locator("td.num").nth(1).inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_project_is_declared_approved_paid_and_moves_the_coverage(
    page, city_user, district_user, town_user
):
    plan = plan_2020()
    fund_services.open_plan_funds(plan)
    fund = plan.budget_lines.get(code="industry-fund").fund
    fund_services.allocate(
        fund,
        by=city_user,
        region=Region.objects.get(code="440703000000"),
        amount="300000",
        document_number="江财农〔2020〕30号",
        date=datetime.date(2020, 4, 1),
    )
    operator = EnterpriseFactory(region_code=TOWN, name="棠下丝苗米专业合作社")
    linked, _other = household_with_labour(), household_with_labour()

    login(page, town_user.username, PASSWORD)
    assert coverage_on_board(page).startswith("0")
    page.goto(page.base_url + "/industry/projects/new/")
    page.fill("#id_name", "棠下丝苗米种植基地")
    page.fill("#id_region_code", TOWN)
    page.select_option("#id_kind", "planting")
    page.select_option("#id_business_model", "cooperative")
    page.select_option("#id_link_mode", "employment")
    page.select_option("#id_operator", str(operator.pk))
    page.fill("#id_budget", "200000")
    page.fill("#id_declared_on", "2020-03-02")
    page.click("button:has-text('保存')")
    page.wait_for_url("**/industry/projects/*/")
    project_url = page.url
    page.fill("form:has(input[value=link]) input[name=household]", linked.number)
    page.select_option("form:has(input[value=link]) select[name=benefit]", "wage")
    page.fill("form:has(input[value=link]) input[name=amount]", "12000")
    page.click("button:has-text('添加带动户')")
    assert linked.number in page.inner_text("body")
    assert coverage_on_board(page).startswith("50")
    logout(page)

    login(page, district_user.username, PASSWORD)
    page.goto(project_url)
    page.click("button:has-text('审批通过')")
    assert "审批通过" in page.inner_text("#project-status")
    page.select_option("form:has(input[value=fund]) select[name=allocation]", index=1)
    page.fill("form:has(input[value=fund]) input[name=amount]", "120000")
    page.fill("form:has(input[value=fund]) input[name=date]", "2020-04-20")
    page.fill("form:has(input[value=fund]) input[name=voucher]", "记-0420")
    page.click("button:has-text('拨付资金')")
    assert "120,000.00" in page.inner_text("#project-funded")
    project = Project.objects.get()
    assert (project.status, project.funded) == ("approved", 120000)


@pytest.mark.django_db(transaction=True)
def test_a_bank_loan_list_with_one_bad_row_is_refused_and_names_the_row(page, village_user, tmp_path):
    one, two = HouseholdFactory(region_id=VILLAGE), HouseholdFactory(region_id=VILLAGE)
    book = openpyxl.Workbook()
    for row in (
        ["合同编号", "户编号", "贷款银行", "贷款金额", "年利率", "期限(月)", "放款日期"],
        ["JM-001", one.number, "江门农商银行", 30000, 4.35, 12, "2020-03-02"],
        ["JM-002", two.number, "江门农商银行", 80000, 4.35, 12, "2020-03-02"],
    ):
        book.active.append(row)
    path = tmp_path / "贷款清单.xlsx"
    book.save(path)

    login(page, village_user.username, PASSWORD)
    page.goto(page.base_url + "/finance/loans/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('导入')")
    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").first.inner_text() == "3"
    assert "5万元" in errors.first.inner_text()
    assert not Loan.objects.exists()
