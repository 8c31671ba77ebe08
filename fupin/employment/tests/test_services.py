"""Employment services: scope, permissions, audit, matching runs, referrals, placements."""

import datetime

import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.employment.creditcode import make_credit_code, validate_credit_code
from fupin.employment.models import Laborer, MatchProposal, Referral
from fupin.employment.services import enterprises, laborers, matching_runs, referrals
from fupin.employment.tests.factories import EnterpriseFactory, LaborerFactory, VacancyFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date(2020, 3, 2)


def laborer_in(village, **kw):
    member = MemberFactory(household=HouseholdFactory(region_id=village))
    return LaborerFactory(member=member, **kw)


def test_credit_code_with_a_letter_prefix_is_checked_by_our_own_check_digit():
    code = make_credit_code("N2440703MA4UAB0C1")
    assert validate_credit_code(code.lower()) == code
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(DomainError, match="校验位错误"):
        validate_credit_code(wrong)
    with pytest.raises(DomainError, match="18位"):
        validate_credit_code("9144")
    with pytest.raises(DomainError, match="不允许的字符"):
        validate_credit_code("91440703MA4UABCDIO")


def test_registering_an_enterprise_validates_the_code_and_is_audited(town_user):
    with pytest.raises(DomainError) as exc:
        enterprises.register_enterprise(
            by=town_user,
            name="坏码",
            credit_code="91440703MA4UABCD1X",
            region_code="440703101000",
            industry="C",
        )
    assert exc.value.field == "credit_code"
    ent = enterprises.register_enterprise(
        by=town_user,
        name="江门某厂",
        credit_code=make_credit_code("91440703MA4UABCD1"),
        region_code="440703101000",
        industry="C",
        poverty_related=True,
    )
    entry = AuditEntry.objects.get(action="employment.enterprise.registered")
    assert entry.target_id == str(ent.pk) and entry.region_code == "440703101000"


def test_town_cadre_cannot_register_an_enterprise_in_another_town(town_user):
    with pytest.raises(OutOfScope):
        enterprises.register_enterprise(
            by=town_user,
            name="x",
            credit_code=make_credit_code("91440703MA4UABCD2"),
            region_code="440703102000",
            industry="C",
        )


def test_resumption_needs_a_date_and_stale_versions_are_refused(town_user):
    ent = EnterpriseFactory()
    with pytest.raises(DomainError):
        enterprises.record_resumption(ent, by=town_user, version=1, status="yes", on=None)
    enterprises.record_resumption(ent, by=town_user, version=1, status="yes", on=D)
    assert ent.version == 2 and ent.resumed_on == D
    with pytest.raises(ConflictError):
        enterprises.record_resumption(ent, by=town_user, version=1, status="no")
    assert (
        AuditEntry.objects.filter(action="employment.enterprise.updated", target_id=str(ent.pk)).count() == 1
    )


def test_urgent_vacancy_needs_a_deadline(town_user):
    ent = EnterpriseFactory()
    with pytest.raises(DomainError) as exc:
        enterprises.post_vacancy(by=town_user, enterprise=ent, post="普工", seats=3, urgent=True)
    assert exc.value.field == "deadline_hours"
    vac = enterprises.post_vacancy(
        by=town_user, enterprise=ent, post="普工", seats=3, urgent=True, deadline_hours=24
    )
    assert vac.region_code == ent.region_code
    assert AuditEntry.objects.filter(action="employment.vacancy.posted", target_id=str(vac.pk)).exists()


def test_profiles_are_generated_for_labor_able_members_only(town_user, villages):
    able = MemberFactory(household=HouseholdFactory(region_id="440703101201"), labor_ability="1")
    MemberFactory(household=HouseholdFactory(region_id="440703101201"), labor_ability="5")
    MemberFactory(household=HouseholdFactory(region_id="440703102201"), labor_ability="1")  # other town

    assert laborers.create_laborers_from_registry(by=town_user, region_code="440703101") == 1
    assert list(Laborer.objects.values_list("member_id", flat=True)) == [able.pk]
    assert laborers.create_laborers_from_registry(by=town_user, region_code="440703101") == 0
    assert AuditEntry.objects.filter(action="employment.laborer.generated").count() == 2


def test_run_matching_proposes_pairs_for_the_scope_with_reasons(town_user):
    mine = laborer_in("440703101201")
    laborer_in("440703102201")  # another town: not in this run
    VacancyFactory(seats=1)

    batch = matching_runs.run_matching("440703101000", by=town_user)

    proposal = MatchProposal.objects.get(batch=batch)
    assert proposal.laborer == mine and proposal.score > 0
    assert "工作地" in proposal.reasons
    assert batch.proposals == 1 and batch.laborers == 1 and batch.objective == proposal.score
    assert AuditEntry.objects.filter(action="employment.matchbatch.run", target_id=str(batch.pk)).exists()


def test_matching_permissions(village_user, town_user):
    with pytest.raises(NotAllowed):
        matching_runs.run_matching("440703101201", by=village_user)
    with pytest.raises(OutOfScope):
        matching_runs.run_matching("440703102000", by=town_user)


def test_a_new_run_supersedes_pending_proposals_and_respects_taken_seats(town_user):
    laborer_in("440703101201")
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    first = matching_runs.run_matching("440703101000", by=town_user)
    matching_runs.confirm_proposal(first.items.get(), by=town_user)
    pending = matching_runs.run_matching("440703101000", by=town_user)
    assert pending.items.count() == 0  # the only seat is taken by the referral

    VacancyFactory(seats=1)
    third = matching_runs.run_matching("440703101000", by=town_user)
    fourth = matching_runs.run_matching("440703101000", by=town_user)
    assert third.items.get().status == "superseded"
    assert fourth.items.get().status == "proposed"


def test_confirm_then_advance_to_placement_updates_the_laborer_and_fills_the_vacancy(town_user):
    lab = laborer_in("440703101201")
    vac = VacancyFactory(seats=1)
    batch = matching_runs.run_matching("440703101000", by=town_user)
    referral = matching_runs.confirm_proposal(batch.items.get(), by=town_user, on=D)
    assert referral.stage == "referred" and referral.referred_on == D
    with pytest.raises(ConflictError):
        matching_runs.confirm_proposal(batch.items.get(), by=town_user)

    referral = referrals.advance_referral(referral, by=town_user, version=referral.version, on=D)
    with pytest.raises(DomainError):
        referrals.advance_referral(
            referral, by=town_user, version=referral.version, on=D - datetime.timedelta(1)
        )
    referral = referrals.advance_referral(referral, by=town_user, version=referral.version, on=D)

    lab.refresh_from_db()
    vac.refresh_from_db()
    assert referral.stage == "placed" and referral.placed_on == D
    assert lab.work_status == "on_post" and lab.work_area == "1" and lab.employer == vac.enterprise.name
    assert vac.status == "filled"
    assert AuditEntry.objects.filter(action="employment.referral.placed", target_id=str(referral.pk)).exists()
    assert AuditEntry.objects.filter(action="employment.laborer.placed", target_id=str(lab.pk)).exists()
    for _ in range(2):
        referral = referrals.advance_referral(
            referral, by=town_user, version=referral.version, on=D + datetime.timedelta(days=90)
        )
    assert referral.stage == "month3" and referral.month1_on and referral.month3_on
    with pytest.raises(DomainError):
        referrals.advance_referral(referral, by=town_user, version=referral.version)


def test_chongzuo_laborers_placed_in_jiangmen_count_as_inter_provincial(villages):
    from fupin.accounts.roles import Role
    from fupin.accounts.tests.factories import make_user
    from fupin.regions.models import Region

    Region.objects.get_or_create(code="451425000000", defaults={"name": "天等县", "level": 3})
    chongzuo_office = make_user(Role.DISTRICT_OFFICE, "451425000000")
    willing = laborer_in("451425100201", max_area="4")
    laborer_in("451425100201", max_area="3")  # will not leave Guangxi: nothing in reach
    VacancyFactory(region_code="440703101000", seats=5)

    batch = matching_runs.run_matching("451425", by=chongzuo_office)

    proposal = batch.items.get()
    assert proposal.laborer == willing and proposal.cross_region is True
    referral = matching_runs.confirm_proposal(proposal, by=chongzuo_office)
    assert referral.cross_region is True


def test_ending_a_placement_puts_the_laborer_back_to_waiting(town_user):
    lab = laborer_in("440703101201")
    VacancyFactory()
    batch = matching_runs.run_matching("440703101000", by=town_user)
    ref = matching_runs.confirm_proposal(batch.items.get(), by=town_user)
    ref = referrals.advance_referral(ref, by=town_user, version=ref.version)
    ref = referrals.advance_referral(ref, by=town_user, version=ref.version)
    referrals.end_referral(ref, by=town_user, version=ref.version, note="离职")
    lab.refresh_from_db()
    assert lab.work_status == "waiting"
    assert Referral.objects.get(pk=ref.pk).stage == "ended"
    assert AuditEntry.objects.filter(action="employment.referral.ended").exists()


def test_updating_a_laborer_checks_industry_codes_and_version(village_user, other_village_user):
    lab = laborer_in("440703101201")
    with pytest.raises(DomainError):
        laborers.update_laborer(lab, by=village_user, version=1, desired_industries="C,ZZ")
    laborers.update_laborer(lab, by=village_user, version=1, desired_industries="C， H", expected_wage=3200)
    assert lab.desired_industries == "C,H" and lab.version == 2
    with pytest.raises(OutOfScope):
        laborers.update_laborer(lab, by=other_village_user, version=2, expected_wage=1)
    assert AuditEntry.objects.get(action="employment.laborer.updated").changes["expected_wage"] == [
        3000,
        3200,
    ]
