"""Industry (R3.2–R3.3): coverage, the project workflow, project money through the funds, the line rules."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.employment.tests.factories import EnterpriseFactory
from fupin.funds import services as fund_services
from fupin.industry import queries, services
from fupin.industry.models import Project
from fupin.industry.tests.factories import HouseholdIndustryFactory, ProjectFactory, ProjectHouseholdFactory
from fupin.ledgers.models import SupervisionTarget
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
VILLAGE, TOWN = "440703101201", "440703101000"
D = datetime.date(2020, 5, 1)


def household_with_labour(village=VILLAGE, ability="1"):
    return MemberFactory(household=HouseholdFactory(region_id=village), labor_ability=ability).household


def audited(action, target):
    return AuditEntry.objects.filter(action=action, target_id=str(target.pk)).exists()


def allocate(fund, by, region=TOWN, amount="1000"):
    return fund_services.allocate(
        fund,
        by=by,
        region=Region.objects.get(code=region),
        amount=amount,
        document_number="江财农〔2020〕8号",
        date=D,
    )


def declare(user, **values):
    defaults = {
        "name": "棠下丝苗米种植",
        "region_code": TOWN,
        "kind": "planting",
        "business_model": "cooperative",
        "link_mode": "employment",
        "operator": EnterpriseFactory(region_code=TOWN),
        "budget": Decimal("1000.00"),
        "declared_on": datetime.date(2020, 3, 1),
    }
    return services.register_project(by=user, **{**defaults, **values})


def test_coverage_is_households_with_labour_on_an_industry_over_households_with_labour(
    village_user, town_user
):
    recorded, linked, uncovered = (household_with_labour() for _ in range(3))
    household_with_labour(ability="5")  # no labour: not counted at all
    services.record_household_industry(recorded, by=village_user, kind="breeding", scale="20头", income=8000)
    ProjectHouseholdFactory(household=linked)

    figures = queries.coverage(town_user)

    assert (figures["covered"], figures["total"], figures["rate"]) == (2, 3, 66.7)
    assert list(queries.households_without_industry(town_user)) == [uncovered]
    assert audited(
        "industry.householdindustry.recorded", recorded.pk and queries.HouseholdIndustry.objects.get()
    )


def test_the_target_board_reads_the_coverage(funds, city_user):
    from fupin.dashboard.targets import target_board

    HouseholdIndustryFactory(household=household_with_labour())
    household_with_labour()
    row = next(r for r in target_board(city_user, D) if r.code == "household-industry-coverage")
    assert row.value == Decimal("50.0") and row.unit == "%"


def test_a_project_needs_an_operator_with_a_valid_credit_code(town_user):
    good = EnterpriseFactory(region_code=TOWN).credit_code
    wrong = "0" if good[-1] != "0" else "1"
    bad = EnterpriseFactory(region_code=TOWN, credit_code=good[:-1] + wrong)
    with pytest.raises(DomainError):
        declare(town_user, operator=bad)
    assert not Project.objects.exists()


def test_the_town_declares_and_the_district_approves_each_step_audited(town_user, district_user):
    project = declare(town_user)
    assert audited("industry.project.declared", project)
    with pytest.raises(NotAllowed):
        services.move_project(project, by=town_user, version=project.version, action="approve")
    project = services.move_project(
        project, by=district_user, version=project.version, action="approve", on=D
    )
    assert (project.status, project.approved_on) == ("approved", D)
    assert audited("industry.project.approve", project)
    with pytest.raises(DomainError, match="当前状态"):
        services.move_project(project, by=district_user, version=project.version, action="approve")
    project = services.move_project(project, by=town_user, version=project.version, action="start")
    assert project.status == "implementing"


def test_other_town_cannot_touch_my_project(town_user, other_town_user):
    project = declare(town_user)
    with pytest.raises(OutOfScope):
        services.move_project(project, by=other_town_user, version=project.version, action="start")
    with pytest.raises(OutOfScope):
        services.link_household(
            project, by=other_town_user, household=household_with_labour(), benefit="wage"
        )


def test_a_project_draws_from_an_allocation_within_its_ceiling_and_its_budget(
    funds, city_user, district_user, town_user
):
    project = declare(town_user, budget=Decimal("900.00"))
    allocation = allocate(funds["industry-fund"], city_user, amount="1000")
    with pytest.raises(DomainError, match="审批通过后"):
        services.fund_project(
            project, by=town_user, allocation=allocation, amount="100", date=D, voucher="记-1"
        )
    project = services.move_project(project, by=district_user, version=project.version, action="approve")

    funding = services.fund_project(
        project, by=town_user, allocation=allocation, amount="600", date=D, voucher="记-1"
    )

    assert (
        funding.disbursement.payee_kind == "project"
        and funding.disbursement.payee_name == project.operator.name
    )
    with pytest.raises(DomainError, match=re.escape("超出项目预算：尚可拨付 300.00 元")):
        services.fund_project(
            project, by=town_user, allocation=allocation, amount="400", date=D, voucher="记-2"
        )
    other = services.move_project(declare(town_user), by=district_user, version=1, action="approve")
    with pytest.raises(DomainError, match=re.escape("超出可用额度：可用余额 400.00 元")):
        services.fund_project(
            other, by=town_user, allocation=allocation, amount="500", date=D, voucher="记-3"
        )
    project.refresh_from_db()
    allocation.refresh_from_db()
    other.refresh_from_db()
    assert (project.funded, allocation.spent, other.funded) == (
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("0.00"),
    )
    assert audited("industry.project.funded", project)


def test_the_industry_fund_pays_only_projects(funds, city_user, town_user):
    allocation = allocate(funds["industry-fund"], city_user)
    with pytest.raises(DomainError, match="只能支付给"):
        fund_services.disburse(
            allocation,
            by=town_user,
            amount="10",
            date=D,
            payee_kind="household",
            household=household_with_labour(),
            payee_name="张三",
            voucher="记-1",
        )


def test_the_unstable_household_line_pays_only_unstable_or_supervised_households(funds, city_user, town_user):
    allocation = allocate(funds["unstable-household-industry"], city_user)
    stable, marked, supervised = (household_with_labour() for _ in range(3))
    type(marked).objects.filter(pk=marked.pk).update(monitoring_mark="1")
    SupervisionTarget.objects.create(
        kind="household",
        group="income",
        region_code=VILLAGE,
        household=supervised,
        deadline=datetime.date(2020, 6, 30),
    )

    def pay(household, voucher):
        return fund_services.disburse(
            allocation,
            by=town_user,
            amount="100",
            date=D,
            payee_kind="household",
            household=household,
            payee_name="户主",
            voucher=voucher,
        )

    with pytest.raises(DomainError, match="不是脱贫不稳定户"):
        pay(stable, "记-1")
    pay(marked, "记-2")
    pay(supervised, "记-3")
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("200.00")


def test_a_town_and_a_village_name_their_leading_industry(town_user):
    row = services.name_leading_industry(by=town_user, region_code=TOWN, kind="planting", product="陈皮")
    again = services.name_leading_industry(
        by=town_user, region_code=TOWN, kind="processing", product="陈皮茶"
    )
    assert row.pk == again.pk and again.product == "陈皮茶"
    assert AuditEntry.objects.filter(action="industry.leadingindustry.named").count() == 2
    with pytest.raises(DomainError):
        services.name_leading_industry(
            by=town_user, region_code="440703000000", kind="planting", product="米"
        )


def test_industry_pages_open_and_need_the_permission(client, town_user, auditor_user):
    project = ProjectFactory(region_code=VILLAGE)
    client.force_login(town_user)
    for name in ("home", "project_list", "project_create", "industry_list", "todo_list", "leading_list"):
        assert client.get(reverse(f"industry:{name}")).status_code == 200, name
    assert client.get(reverse("industry:project_detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("industry:project_list"), {"export": "xlsx"}).status_code == 200
    client.force_login(auditor_user)
    assert client.get(reverse("industry:home")).status_code == 403


def test_a_cadre_declares_links_households_and_the_district_approves_through_the_pages(
    client, town_user, district_user
):
    operator = EnterpriseFactory(region_code=TOWN)
    household = household_with_labour()
    client.force_login(town_user)
    response = client.post(
        reverse("industry:project_create"),
        {
            "name": "生猪托管代养",
            "region_code": TOWN,
            "kind": "breeding",
            "business_model": "leading",
            "link_mode": "custody",
            "operator": operator.pk,
            "budget": "200000",
            "declared_on": "2020-03-02",
            "resumption": "no",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    url = reverse("industry:project_detail", args=[project.pk])
    client.post(
        url, {"action": "link", "household": household.number, "benefit": "dividend", "amount": "1200"}
    )
    assert project.households.get().household == household
    client.force_login(district_user)
    client.post(url, {"action": "move", "move": "approve", "version": project.version})
    project.refresh_from_db()
    assert project.status == "approved"


def test_the_api_declares_and_moves_a_project(town_user, district_user):
    operator = EnterpriseFactory(region_code=TOWN)
    api = APIClient()
    api.force_authenticate(town_user)
    body = {
        "name": "光伏扶贫电站",
        "region_code": TOWN,
        "kind": "solar",
        "business_model": "fusion",
        "link_mode": "asset",
        "operator": operator.pk,
        "budget": "300000.00",
        "declared_on": "2020-03-05",
    }
    response = api.post("/api/v1/industry/projects/", body, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert (
        api.post(
            f"/api/v1/industry/projects/{pk}/move/", {"version": 1, "action": "approve"}, format="json"
        ).status_code
        == 403
    )
    api.force_authenticate(district_user)
    response = api.post(
        f"/api/v1/industry/projects/{pk}/move/", {"version": 1, "action": "approve"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_the_api_changes_a_project_at_the_version_it_read_and_refuses_a_stale_one(town_user):
    project = declare(town_user)
    api = APIClient()
    api.force_authenticate(town_user)
    url = f"/api/v1/industry/projects/{project.pk}/"

    changed = api.patch(url, {"version": 1, "budget": "1200.00"}, format="json")
    stale = api.patch(url, {"version": 1, "budget": "1300.00"}, format="json")

    assert changed.status_code == 200 and changed.json()["budget"] == "1200.00"
    assert changed.json()["version"] == 2 and stale.status_code == 409
    entry = AuditEntry.objects.get(action="industry.project.updated", target_id=str(project.pk))
    assert entry.changes == {"budget": ["1000.00", "1200.00"]}


def test_a_project_page_action_with_a_bad_form_or_an_unknown_household_is_a_message(client, town_user):
    project = declare(town_user)
    client.force_login(town_user)
    url = reverse("industry:project_detail", args=[project.pk])

    bad = client.post(url, {"action": "link", "household": "", "benefit": "dividend"}, follow=True)
    unknown = client.post(url, {"action": "link", "household": "NO-SUCH", "benefit": "dividend"}, follow=True)

    assert "请检查填写的内容。" in bad.content.decode()
    assert "未找到该户编号。" in unknown.content.decode()
    assert client.post(url, {"action": "nothing"}).status_code == 404


def test_the_lists_show_their_form_only_to_those_who_may_change(client, town_user, counterpart_user):
    client.force_login(town_user)
    industries = client.get(reverse("industry:industry_list")).content.decode()
    leading = client.get(reverse("industry:leading_list")).content.decode()
    assert "登记户产业" in industries and 'name="product"' in industries
    assert "登记主导产业" in leading and 'name="note"' in leading

    client.force_login(counterpart_user)  # reads the industries, changes none
    answer = client.get(reverse("industry:leading_list"))
    assert answer.status_code == 200 and 'method="post" class="filters"' not in answer.content.decode()


@pytest.mark.parametrize(
    ("name", "filename", "action"),
    [
        ("project_list", "industry-projects", "industry.project.exported"),
        ("industry_list", "household-industries", "industry.householdindustry.exported"),
        ("todo_list", "households-without-industry", "industry.householdindustry.exported"),
        ("leading_list", "leading-industries", "industry.leadingindustry.exported"),
    ],
)
def test_each_list_exports_under_its_own_file_name_and_audit_code(name, filename, action, client, town_user):
    client.force_login(town_user)

    answer = client.get(reverse(f"industry:{name}"), {"export": "csv"})

    assert answer.status_code == 200
    assert f'filename="{filename}-' in answer["Content-Disposition"]
    assert AuditEntry.objects.filter(action=action).count() == 1


def test_a_household_is_linked_to_a_project_once(town_user):
    project, household = declare(town_user), household_with_labour()
    services.link_household(project, by=town_user, household=household, benefit="wage")

    with pytest.raises(DomainError, match="已在本项目"):
        services.link_household(project, by=town_user, household=household, benefit="wage")

    assert project.households.count() == 1
