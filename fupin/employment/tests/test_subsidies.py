"""Subsidy eligibility of each kind (rules as data), approval, payment and no double payment (R2.6)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed
from fupin.employment import eligibility
from fupin.employment.eligibility import EnterpriseFacts, KindRule, PersonFacts
from fupin.employment.models import SubsidyApplication, SubsidyKind
from fupin.employment.services import matching_runs, posts, referrals, subsidies
from fupin.employment.tests.factories import (
    LaborerFactory,
    PublicWelfarePostFactory,
    VacancyFactory,
)
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

D = datetime.date(2020, 3, 2)


def rule(code, **kw):
    kind = SubsidyKind.objects.get(code=code)
    return KindRule(
        kind.code, kind.name, kind.beneficiary, kind.amount, kind.basis, kind.max_months, kind.rule
    )


# --- pure rules, read from the fixture ---------------------------------------------------------


@pytest.mark.django_db
def test_public_welfare_post_subsidy_needs_months_on_a_post_and_pays_per_month():
    kind = rule("public_welfare_post")
    assert not eligibility.check(kind, PersonFacts(public_welfare_months=0)).eligible
    result = eligibility.check(kind, PersonFacts(public_welfare_months=2), months=3)
    assert result.eligible and result.months == 2 and result.amount == kind.amount * 2
    assert any("公益性岗位 2 个月" in r for r in result.reasons)


@pytest.mark.django_db
def test_social_insurance_subsidy_needs_a_placement_confirmed_for_a_month():
    kind = rule("social_insurance")
    refused = eligibility.check(kind, PersonFacts(placed=True, months_on_post=0))
    assert not refused.eligible and any("在岗未满 1 个月" in r for r in refused.reasons)
    assert eligibility.check(kind, PersonFacts(placed=True, months_on_post=1), months=50).months == 36


@pytest.mark.django_db
def test_job_post_subsidy_needs_three_months_on_post():
    kind = rule("job_post")
    assert not eligibility.check(kind, PersonFacts(placed=True, months_on_post=1)).eligible
    assert eligibility.check(kind, PersonFacts(placed=True, months_on_post=3)).eligible
    assert not eligibility.check(
        kind, PersonFacts(registered_poor=False, placed=True, months_on_post=3)
    ).eligible


@pytest.mark.django_db
def test_one_off_hiring_subsidy_pays_per_poor_laborer_hired():
    kind = rule("one_off_hiring")
    assert not eligibility.check(kind, EnterpriseFacts(poor_hired=0)).eligible
    result = eligibility.check(kind, EnterpriseFacts(poor_hired=4))
    assert result.eligible and result.amount == Decimal("12000.00")
    assert not eligibility.check(
        kind, PersonFacts(placed=True, months_on_post=3)
    ).eligible  # wrong beneficiary


@pytest.mark.django_db
def test_poverty_point_construction_subsidy_needs_a_recognised_point_with_five_poor_employed():
    kind = rule("poverty_point_construction")
    assert not eligibility.check(
        kind, EnterpriseFacts(flags=frozenset({"poverty_related"}), poor_employed=9)
    ).eligible
    assert not eligibility.check(
        kind, EnterpriseFacts(flags=frozenset({"is_workshop"}), poor_employed=4)
    ).eligible
    ok = eligibility.check(kind, EnterpriseFacts(flags=frozenset({"is_workshop"}), poor_employed=5))
    assert ok.eligible and ok.amount == Decimal("50000.00") and any("扶贫车间" in r for r in ok.reasons)


def test_a_rule_with_an_unknown_parameter_grants_nothing():
    kind = KindRule("x", "x", "person", Decimal(1), "once", rule={"registerd_poor": True})
    assert not eligibility.check(kind, PersonFacts()).eligible


# --- applications through the services ---------------------------------------------------------


@pytest.fixture
def laborer(villages):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id="440703101201")))


@pytest.mark.django_db
def test_eligibility_is_computed_from_public_welfare_posts_and_placements(town_user, laborer):
    kind = SubsidyKind.objects.get(code="public_welfare_post")
    with pytest.raises(DomainError, match="未在公益性岗位"):
        subsidies.apply_subsidy(by=town_user, kind=kind, laborer=laborer, period="2020-03")
    posts.assign_post(
        PublicWelfarePostFactory(), by=town_user, laborer=laborer, started_on=datetime.date(2020, 2, 10)
    )
    app = subsidies.apply_subsidy(by=town_user, kind=kind, laborer=laborer, period="2020-03")
    assert app.amount == kind.amount and app.beneficiary_key == f"L{laborer.pk}"
    assert AuditEntry.objects.filter(
        action="employment.subsidyapplication.applied", target_id=str(app.pk)
    ).exists()


@pytest.mark.django_db
def test_enterprise_hiring_subsidy_counts_confirmed_placements(town_user, laborer):
    vacancy = VacancyFactory(seats=2)
    batch = matching_runs.run_matching("440703101", by=town_user)
    ref = matching_runs.confirm_proposal(batch.items.get(), by=town_user, on=D)
    for _ in range(3):
        ref = referrals.advance_referral(ref, by=town_user, version=ref.version, on=D)
    app = subsidies.apply_subsidy(
        by=town_user,
        kind=SubsidyKind.objects.get(code="one_off_hiring"),
        enterprise=vacancy.enterprise,
        period="2020",
    )
    assert app.amount == Decimal("3000.00")


@pytest.mark.django_db
def test_nobody_is_paid_twice_for_the_same_kind_and_period(town_user, laborer):
    kind = SubsidyKind.objects.get(code="public_welfare_post")
    posts.assign_post(
        PublicWelfarePostFactory(), by=town_user, laborer=laborer, started_on=datetime.date(2020, 1, 1)
    )
    first = subsidies.apply_subsidy(by=town_user, kind=kind, laborer=laborer, period="2020-03")
    with pytest.raises(DomainError, match="已申请或领取"):
        subsidies.apply_subsidy(by=town_user, kind=kind, laborer=laborer, period="2020-03")
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        SubsidyApplication.objects.create(
            kind=kind,
            laborer=laborer,
            beneficiary_key=f"L{laborer.pk}",
            region_code=laborer.region_code,
            period="2020-03",
            amount=1,
            applied_on=D,
        )
    assert (
        subsidies.apply_subsidy(by=town_user, kind=kind, laborer=laborer, period="2020-04").period
        == "2020-04"
    )
    subsidies.move_subsidy(first, "reject", by=town_user, version=first.version, note="材料不全")
    again = subsidies.apply_subsidy(
        by=town_user, kind=kind, laborer=laborer, period="2020-03", proof="考勤表"
    )
    assert again.status == "applied"


@pytest.mark.django_db
def test_review_approve_and_pay_each_need_their_permission(
    town_user, village_user, laborer, subsidy_allocation
):
    kind = SubsidyKind.objects.get(code="public_welfare_post")
    posts.assign_post(
        PublicWelfarePostFactory(), by=town_user, laborer=laborer, started_on=datetime.date(2020, 1, 1)
    )
    app = subsidies.apply_subsidy(
        by=village_user, kind=kind, laborer=laborer, period="2020-03", proof="考勤表"
    )
    app = subsidies.move_subsidy(app, "review", by=village_user, version=app.version)
    with pytest.raises(NotAllowed):
        subsidies.move_subsidy(app, "approve", by=village_user, version=app.version)
    app = subsidies.move_subsidy(app, "approve", by=town_user, version=app.version, on=D)
    with pytest.raises(DomainError):
        subsidies.move_subsidy(app, "pay", by=town_user, version=app.version)
    with pytest.raises(NotAllowed):
        subsidies.pay_subsidy(
            app, by=village_user, version=app.version, allocation=subsidy_allocation, voucher="PZ-001"
        )
    app = subsidies.pay_subsidy(
        app, by=town_user, version=app.version, allocation=subsidy_allocation, voucher="PZ-001", on=D
    )
    assert app.status == "paid" and app.paid_on == D and app.approved_on == D
    actions = set(
        AuditEntry.objects.filter(
            target_id=str(app.pk), target_type="employment.subsidyapplication"
        ).values_list("action", flat=True)
    )
    assert {"employment.subsidyapplication.approved", "employment.subsidyapplication.paid"} <= actions


def _approved(town_user, village_user, laborer):
    kind = SubsidyKind.objects.get(code="public_welfare_post")
    posts.assign_post(
        PublicWelfarePostFactory(), by=town_user, laborer=laborer, started_on=datetime.date(2020, 1, 1)
    )
    app = subsidies.apply_subsidy(
        by=village_user, kind=kind, laborer=laborer, period="2020-03", proof="考勤表"
    )
    app = subsidies.move_subsidy(app, "review", by=village_user, version=app.version)
    return subsidies.move_subsidy(app, "approve", by=town_user, version=app.version, on=D)


@pytest.mark.django_db
def test_a_subsidy_is_paid_through_the_funds_service_from_its_budget_line(
    town_user, village_user, laborer, subsidy_allocation
):
    from fupin.funds.models import Disbursement

    app = _approved(town_user, village_user, laborer)
    app = subsidies.pay_subsidy(
        app, by=town_user, version=app.version, allocation=subsidy_allocation, voucher="PZ-002", on=D
    )
    payment = Disbursement.objects.get(pk=app.disbursement_id)
    assert payment.amount == app.amount and payment.household_id == laborer.member.household_id
    subsidy_allocation.refresh_from_db()
    assert subsidy_allocation.spent == app.amount
    assert AuditEntry.objects.filter(action="funds.disbursement.created", target_id=str(payment.pk)).exists()


@pytest.mark.django_db
def test_a_subsidy_is_never_paid_twice(town_user, village_user, laborer, subsidy_allocation):
    app = _approved(town_user, village_user, laborer)
    stale = SubsidyApplication.objects.get(pk=app.pk)
    subsidies.pay_subsidy(
        app, by=town_user, version=app.version, allocation=subsidy_allocation, voucher="PZ-3"
    )
    with pytest.raises(DomainError):
        subsidies.pay_subsidy(
            stale, by=town_user, version=stale.version, allocation=subsidy_allocation, voucher="PZ-4"
        )
    subsidy_allocation.refresh_from_db()
    assert subsidy_allocation.spent == app.amount


@pytest.mark.django_db
def test_a_subsidy_beyond_what_is_left_of_the_line_is_refused(
    town_user, village_user, laborer, subsidy_allocation, city_user
):
    from fupin.funds import services as fund_services

    app = _approved(town_user, village_user, laborer)
    fund_services.reduce_allocation(
        subsidy_allocation, by=city_user, version=subsidy_allocation.version, amount=app.amount - 1
    )
    subsidy_allocation.refresh_from_db()
    with pytest.raises(DomainError):
        subsidies.pay_subsidy(
            app, by=town_user, version=app.version, allocation=subsidy_allocation, voucher="PZ-5"
        )
    assert SubsidyApplication.objects.get(pk=app.pk).status == "approved"


@pytest.mark.django_db
def test_marking_a_subsidy_paid_without_a_fund_allocation_is_refused(town_user, village_user, laborer):
    app = _approved(town_user, village_user, laborer)
    with pytest.raises(DomainError):
        subsidies.move_subsidy(app, "pay", by=town_user, version=app.version, payment_ref="PZ-6")
    assert SubsidyApplication.objects.get(pk=app.pk).status == "approved"


@pytest.mark.django_db
def test_the_subsidy_page_pays_from_an_allocation_the_user_may_draw_on(
    client, town_user, village_user, laborer, subsidy_allocation
):
    app = _approved(town_user, village_user, laborer)
    client.force_login(town_user)
    url = f"/employment/subsidies/{app.pk}/"
    assert subsidy_allocation.document_number in client.get(url).content.decode()
    response = client.post(
        url,
        {"action": "pay", "version": app.version, "allocation": subsidy_allocation.pk, "payment_ref": "PZ-7"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "paid" and app.disbursement_id is not None


@pytest.mark.django_db
def test_the_subsidy_api_pays_from_an_allocation(town_user, village_user, laborer, subsidy_allocation):
    from rest_framework.test import APIClient

    app = _approved(town_user, village_user, laborer)
    api = APIClient()
    api.force_authenticate(town_user)
    url = f"/api/v1/employment/subsidies/{app.pk}/pay/"
    missing = api.post(
        url, {"version": app.version, "allocation": 999999, "payment_ref": "PZ-8"}, format="json"
    )
    assert missing.status_code == 400
    body = {"version": app.version, "allocation": subsidy_allocation.pk, "payment_ref": "PZ-8"}
    response = api.post(url, body, format="json")
    assert response.status_code == 200 and response.json()["disbursement"] is not None
    again = api.post(url, {**body, "version": response.json()["version"]}, format="json")
    assert again.status_code in (400, 409)
