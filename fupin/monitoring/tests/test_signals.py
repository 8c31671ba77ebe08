"""The three channels and the rules produce signals, each audited; the department import reports unknown IDs."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.audit.models import AuditEntry
from fupin.employment.tests.factories import LaborerFactory
from fupin.monitoring import importers, jobs
from fupin.monitoring.choices import Channel, Department, RiskType, SignalStatus
from fupin.monitoring.models import Signal
from fupin.monitoring.services import rules as rule_services
from fupin.monitoring.services import signals
from fupin.monitoring.tests.factories import exited_household, rule
from fupin.registry.choices import HouseholdCategory, LaborAbility
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import MemberFactory, fresh_id_number, household_with_members


def test_a_village_cadre_records_an_application_and_it_is_audited(village_user):
    household = exited_household()

    signal = signals.record_application(
        household, by=village_user, reason="大病住院", risk_type=RiskType.ILLNESS, rigid_spending=30000
    )

    assert signal.channel == Channel.APPLICATION and signal.status == SignalStatus.OPEN
    entry = AuditEntry.objects.get(action="monitoring.signal.recorded")
    assert entry.target_id == str(signal.pk) and entry.changes["channel"] == [None, "application"]


def test_an_edge_household_is_registered_in_the_registry_with_the_monitoring_category(village_user):
    signal = signals.register_edge_household(
        by=village_user,
        region="440703101201",
        head_name="边缘户主",
        head_id_number=fresh_id_number(),
        labor_ability=LaborAbility.ORDINARY,
        main_cause="01",
        income_per_capita=6500,
        reason="收入略高于贫困线",
        risk_type=RiskType.ILLNESS,
    )

    household = Household.objects.get(pk=signal.household_id)
    assert household.category == HouseholdCategory.EDGE and household.members.count() == 1
    assert AuditEntry.objects.filter(action="registry.household.registered").count() == 1


def test_a_screening_list_signals_the_ticked_households_of_the_village(village_user):
    first, second = exited_household(), exited_household()

    made = signals.record_screening_list(
        by=village_user,
        region_code="440703101201",
        entries=[
            (first, "走访发现失业", RiskType.UNEMPLOYMENT),
            (second, "走访发现失业", RiskType.UNEMPLOYMENT),
        ],
    )

    assert [s.channel for s in made] == [Channel.SCREENING, Channel.SCREENING]
    assert AuditEntry.objects.filter(action="monitoring.signal.recorded").count() == 2


def _department_file(numbers):
    text = "公民身份号码,预警理由,刚性支出\n" + "".join(f"{n},医保大额报销,{20000}\n" for n in numbers)
    return SimpleUploadedFile("医保名单.csv", text.encode("utf-8"))


def test_a_department_list_of_1000_ids_with_5_unknown_reports_5_row_errors_and_signals_the_rest(city_user):
    for _n in range(199):
        household = exited_household()
        for _m in range(3):
            MemberFactory(household=household, relation="03")
    known = list(Member.objects.values_list("id_number", flat=True))
    unknown = [fresh_id_number("440781") for _n in range(5)]
    assert len(known) == 995

    result = importers.import_department_list(
        _department_file(known[:500] + unknown + known[500:]),
        by=city_user,
        department=Department.MEDICAL_SECURITY,
    )

    assert len(result.errors) == 5
    assert [e.row for e in result.errors] == [502, 503, 504, 505, 506]
    assert result.created == 995 == Signal.objects.filter(channel=Channel.DEPARTMENT).count()
    assert AuditEntry.objects.filter(action="monitoring.signal.recorded").count() == 995


def test_a_department_list_with_a_bad_amount_writes_nothing(city_user):
    household = exited_household()
    number = household.members.first().id_number
    upload = SimpleUploadedFile("a.csv", f"公民身份号码,刚性支出\n{number},很多\n".encode())

    result = importers.import_department_list(upload, by=city_user, department=Department.CIVIL_AFFAIRS)

    assert len(result.errors) == 1 and Signal.objects.count() == 0


def test_the_rules_job_signals_the_households_that_trip_a_rule_once(city_user):
    poor = exited_household(income_per_capita=4500)
    exited_household(income_per_capita=12000)

    job = jobs.start_rule_run(by=city_user)
    job.refresh_from_db()
    again = jobs.start_rule_run(by=city_user)
    again.refresh_from_db()

    assert job.status == "succeeded" and job.result["signals"] == 1
    assert again.result["signals"] == 0
    signal = Signal.objects.get()
    assert signal.household_id == poor.pk and signal.rule.code == "low-income" and signal.rule_version == 1
    assert AuditEntry.objects.filter(action="monitoring.rules.run").count() == 1


def test_a_laborer_who_lost_a_post_is_signalled(city_user, town_user):
    from fupin.employment.services.posts import assign_post, end_post_occupancy, open_public_welfare_post

    household = exited_household(income_per_capita=12000)
    laborer = LaborerFactory(member=household.members.first(), region_code=household.region_id)
    post = open_public_welfare_post(
        by=town_user, region_code=household.region_id, kind="cleaning", name="保洁员"
    )
    started = datetime.date.today() - datetime.timedelta(days=60)
    occupancy = assign_post(post, by=town_user, started_on=started, laborer=laborer)
    end_post_occupancy(occupancy, by=town_user, ended_on=datetime.date.today() - datetime.timedelta(days=5))
    laborer.__class__.objects.filter(pk=laborer.pk).update(work_status="unemployed")

    result = signals.run_rules(by=city_user, prefix="")

    assert result["signals"] == 1 and Signal.objects.get().rule.code == "lost-placement"


def test_the_city_edits_a_rule_and_the_edit_is_versioned_and_audited(city_user):
    low = rule("low-income")

    rule_services.update_rule(low, by=city_user, version=1, params={"multiple": 2}, colour="red")

    low.refresh_from_db()
    assert low.version == 2 and low.params == {"multiple": 2}
    entry = AuditEntry.objects.get(action="monitoring.riskrule.changed")
    assert entry.changes["params"] == [{"multiple": 1.5}, {"multiple": 2}]
    assert entry.changes["version"] == [1, 2]


def test_households_of_another_category_are_still_run(city_user):
    household_with_members(1, category=HouseholdCategory.EDGE, income_per_capita=3000)

    assert signals.run_rules(by=city_user, prefix="")["signals"] == 1


def test_a_large_insurance_claim_and_an_overdue_poverty_loan_are_signalled(city_user):
    from fupin.finance.tests.factories import LoanFactory
    from fupin.insurance.tests.factories import ClaimFactory

    claimed = exited_household(income_per_capita=12000)
    small_claim = exited_household(income_per_capita=12000)
    indebted = exited_household(income_per_capita=12000)
    ClaimFactory(policy__household=claimed, region_code=claimed.region_id, amount=15000)
    ClaimFactory(policy__household=small_claim, region_code=small_claim.region_id, amount=2000)
    LoanFactory(household=indebted, region_code=indebted.region_id, repay_by=datetime.date(2020, 3, 1))

    result = signals.run_rules(by=city_user, prefix="", today=datetime.date(2020, 6, 1))

    fired = {(s.household_id, s.rule.code) for s in Signal.objects.select_related("rule")}
    assert fired == {(claimed.pk, "large-claim"), (indebted.pk, "overdue-loan")}
    assert result["signals"] == 2
