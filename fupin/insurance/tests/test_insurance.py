"""Insurance (R7.4): enrolment once a year, bulk enrolment as a job, premiums to the insurer once, claims."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, OutOfScope
from fupin.funds import services as fund_services
from fupin.funds.models import Disbursement
from fupin.insurance import jobs, queries, services
from fupin.insurance.models import Policy, Product
from fupin.insurance.tests.factories import ClaimFactory, PolicyFactory
from fupin.jobs.models import JobStatus
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory, household_with_members

pytestmark = pytest.mark.django_db
VILLAGE, TOWN = "440703101201", "440703101000"
D = datetime.date(2020, 5, 1)


def product(code):
    return Product.objects.get(code=code)


def insurance_allocation(funds, city_user, amount="10000"):
    return fund_services.allocate(
        funds["insurance-premiums"],
        by=city_user,
        region=Region.objects.get(code=TOWN),
        amount=amount,
        document_number="江财社〔2020〕3号",
        date=D,
    )


def test_a_person_is_insured_once_a_year_and_enrolment_is_audited(village_user):
    household = household_with_members(2, region_id=VILLAGE)
    member = household.members.first()
    policy = services.enrol(
        product("medical-2020"), by=village_user, household=household, member=member, year=2020
    )
    with pytest.raises(DomainError, match="已参保"):
        services.enrol(
            product("medical-2020"), by=village_user, household=household, member=member, year=2020
        )
    with pytest.raises(DomainError, match="指明该户的成员"):
        services.enrol(product("medical-2020"), by=village_user, household=household, year=2020)
    assert AuditEntry.objects.filter(action="insurance.policy.enrolled", target_id=str(policy.pk)).exists()


def test_a_district_is_enrolled_in_bulk_as_a_job_and_again_adds_nobody(district_user, village_user):
    for village in (VILLAGE, "440703102201"):
        household_with_members(3, region_id=village)
    job = jobs.start_enrolment_job(
        by=district_user, product=product("accident-2020"), region_code="440703000000", year=2020
    )
    assert job.status == JobStatus.SUCCEEDED and job.result["policies"] == 6
    again = jobs.start_enrolment_job(
        by=district_user, product=product("accident-2020"), region_code="440703000000", year=2020
    )
    assert again.result["policies"] == 0
    rows = {r["product"].code: r for r in queries.coverage(village_user, 2020)}
    assert (
        rows["accident-2020"]["insured"],
        rows["accident-2020"]["total"],
        rows["accident-2020"]["rate"],
    ) == (3, 3, 100.0)
    with pytest.raises(OutOfScope):
        jobs.start_enrolment_job(
            by=village_user, product=product("accident-2020"), region_code="440703102201", year=2020
        )


def test_premiums_are_paid_to_the_insurer_once_per_policy_year(funds, city_user, town_user):
    for _ in range(3):
        PolicyFactory()
    allocation = insurance_allocation(funds, city_user)
    payment = services.pay_premiums(
        product("property-2020"), by=town_user, allocation=allocation, year=2020, date=D, voucher="记-1"
    )
    assert (payment.policies, payment.amount) == (3, Decimal("180.00"))
    paid = Disbursement.objects.get()
    assert (paid.payee_kind, paid.payee_name, paid.household_id) == (
        "insurer",
        "中国人民财产保险江门分公司",
        None,
    )
    with pytest.raises(DomainError, match="没有待付保费"):
        services.pay_premiums(
            product("property-2020"), by=town_user, allocation=allocation, year=2020, date=D, voucher="记-2"
        )
    PolicyFactory()
    assert (
        services.pay_premiums(
            product("property-2020"), by=town_user, allocation=allocation, year=2020, date=D, voucher="记-3"
        ).policies
        == 1
    )
    assert not Policy.objects.filter(payment__isnull=True).exists()


def test_the_insurance_line_never_pays_a_household(funds, city_user, town_user):
    with pytest.raises(DomainError, match="只能支付给"):
        fund_services.disburse(
            insurance_allocation(funds, city_user),
            by=town_user,
            amount="100",
            date=D,
            payee_kind="household",
            household=HouseholdFactory(region_id=VILLAGE),
            payee_name="张三",
            voucher="记-1",
        )


def test_claims_are_filed_in_the_policy_year_settled_and_large_ones_are_signalled(village_user):
    policy = PolicyFactory()
    with pytest.raises(DomainError, match="保单年度"):
        services.file_claim(
            policy, by=village_user, amount="100", cause="illness", occurred_on=datetime.date(2021, 1, 2)
        )
    claim = services.file_claim(policy, by=village_user, amount="12000", cause="epidemic", occurred_on=D)
    services.file_claim(policy, by=village_user, amount="3000", cause="illness", occurred_on=D)
    ClaimFactory(amount=Decimal("20000"), status="rejected")
    ClaimFactory(amount=Decimal("500"))
    claim = services.settle_claim(claim, by=village_user, version=claim.version, status="paid")
    assert claim.status == "paid" and AuditEntry.objects.filter(action="insurance.claim.settled").exists()
    assert queries.households_with_large_claims(year=2020, threshold=10000) == {
        policy.household_id: Decimal("15000.00")
    }


def test_insurance_pages_open_and_need_the_permission(client, funds, town_user, auditor_user):
    ClaimFactory()
    client.force_login(town_user)
    for name in ("home", "policy_list", "claim_list"):
        assert client.get(reverse(f"insurance:{name}")).status_code == 200, name
    assert client.get(reverse("insurance:claim_list"), {"export": "xlsx"}).status_code == 200
    client.force_login(auditor_user)
    assert client.get(reverse("insurance:home")).status_code == 403


def test_a_claim_is_settled_once_and_the_settlement_audited(village_user):
    claim = services.file_claim(
        PolicyFactory(), by=village_user, amount="800", cause="illness", occurred_on=D
    )

    services.settle_claim(claim, by=village_user, version=claim.version, status="rejected")

    with pytest.raises(ConflictError):
        services.settle_claim(claim, by=village_user, version=claim.version, status="paid")
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.settled_on is not None
    entry = AuditEntry.objects.get(action="insurance.claim.settled", target_id=str(claim.pk))
    assert entry.changes == {"status": ["filed", "rejected"]}
