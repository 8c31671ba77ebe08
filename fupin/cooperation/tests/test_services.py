"""The cooperation services: the entry workflow with its audit, confirmation of a county's figures, scope from
both sides, the exit checklist and the plan file."""

import datetime
from decimal import Decimal

import pytest

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.cooperation import queries, services
from fupin.cooperation.choices import ConfirmState, CriterionStatus, EntryStatus, Light
from fupin.cooperation.models import ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.cooperation.tests.factories import ExitCriterionFactory, IndicatorEntryFactory, IndicatorFactory
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.ledgers.models import LedgerItem

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2020, 12, 31)


def actions(target):
    return list(
        AuditEntry.objects.filter(target_id=str(target.pk), action__startswith="cooperation.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_an_entered_indicator_goes_through_submit_and_approve_with_audit(
    counterpart_user, district_user, city_user
):
    indicator = IndicatorFactory(target=Decimal(1))

    entry = services.enter_entry(
        indicator,
        by=counterpart_user,
        month=datetime.date(2020, 6, 15),
        value=Decimal(1),
        evidence="挂职文件",
    )
    entry = services.move_entry(entry, by=counterpart_user, version=entry.version, action="submit")
    assert queries.reading_of(indicator, TODAY)["counted"] == 0
    entry = services.move_entry(entry, by=city_user, version=entry.version, action="approve")

    assert entry.status == EntryStatus.APPROVED and entry.month == datetime.date(2020, 6, 1)
    assert entry.approved_by == city_user
    assert actions(entry) == [
        "cooperation.indicatorentry.entered",
        "cooperation.indicatorentry.submitted",
        "cooperation.indicatorentry.approved",
    ]
    reading = queries.reading_of(indicator, TODAY)
    assert reading["counted"] == 1 and reading["light"] == Light.GREEN


def test_a_district_enters_for_its_county_but_only_the_city_approves(district_user, city_user):
    entry = IndicatorEntryFactory(status=EntryStatus.SUBMITTED)

    with pytest.raises(NotAllowed):
        services.move_entry(entry, by=district_user, version=entry.version, action="approve")
    with pytest.raises(DomainError):
        services.move_entry(entry, by=city_user, version=entry.version, action="return", reason=" ")
    entry = services.move_entry(
        entry, by=city_user, version=entry.version, action="return", reason="缺少文件"
    )
    assert entry.status == EntryStatus.RETURNED and entry.reason == "缺少文件"
    entry = services.update_entry(
        entry, by=district_user, version=entry.version, value=Decimal(2), evidence="补充文件"
    )
    assert entry.value == 2


def test_a_computed_indicator_takes_no_entries(city_user):
    indicator = IndicatorFactory(rule="placed")

    with pytest.raises(DomainError):
        services.enter_entry(indicator, by=city_user, month=datetime.date(2020, 5, 1), value=1, evidence="x")


def test_an_entry_needs_evidence_and_a_month_of_the_indicators_year(city_user):
    indicator = IndicatorFactory()

    with pytest.raises(DomainError):
        services.enter_entry(indicator, by=city_user, month=datetime.date(2020, 5, 1), value=1, evidence=" ")
    with pytest.raises(DomainError):
        services.enter_entry(
            indicator, by=city_user, month=datetime.date(2019, 5, 1), value=1, evidence="文件"
        )


def test_a_jiangmen_figure_counts_once_the_county_confirmed_it(counterpart_user):
    indicator = IndicatorFactory(rule="enterprise_pairs", target=Decimal(1))
    Pairing.objects.create(
        kind="enterprise", region_code="451425100201", helper_code="440703000000", helper_unit="蓬江区",
        enterprise="江门市恒达食品有限公司", gift=Decimal(50000),
    )  # fmt: skip
    assert queries.reading_of(indicator, TODAY)["counted"] == 1  # a pair is the county's own record

    funds = IndicatorFactory(rule="trained", target=Decimal(1), confirm_by=datetime.date(2021, 1, 15))
    assert queries.reading_of(funds, TODAY)["confirm"] == ConfirmState.PENDING
    confirmed = services.confirm_indicator(funds, by=counterpart_user, version=funds.version)

    assert confirmed.confirmed_on is not None and confirmed.confirmed_by == counterpart_user
    assert queries.reading_of(confirmed, TODAY)["confirm"] == ConfirmState.CONFIRMED
    assert actions(confirmed) == ["cooperation.indicator.confirmed"]


def test_an_unconfirmed_figure_counts_after_the_deadline_shown_as_such():
    indicator = IndicatorFactory(rule="placed", confirm_by=datetime.date(2021, 1, 15))

    assert queries.reading_of(indicator, datetime.date(2021, 1, 10))["confirm"] == ConfirmState.PENDING
    assert queries.reading_of(indicator, datetime.date(2021, 1, 16))["confirm"] == ConfirmState.DEEMED


def test_the_city_reads_the_indicator_but_only_the_county_confirms_it(city_user):
    indicator = IndicatorFactory(rule="placed")

    assert queries.visible(Indicator, city_user).filter(pk=indicator.pk).exists()
    with pytest.raises(NotAllowed):
        services.confirm_indicator(indicator, by=city_user, version=indicator.version)


def test_another_countys_office_neither_sees_nor_confirms_tiandengs_figures(villages):
    longzhou = make_user(Role.PAIRED_COUNTERPART, "451423000000", username="longzhou")
    indicator = IndicatorFactory(rule="placed")

    assert not queries.visible(Indicator, longzhou).exists()
    with pytest.raises(OutOfScope):
        services.confirm_indicator(indicator, by=longzhou, version=indicator.version)


def test_another_district_does_not_see_tiandengs_indicators(other_district_user, district_user):
    IndicatorFactory()

    assert queries.visible(Indicator, district_user).count() == 1
    assert not queries.visible(Indicator, other_district_user).exists()


def test_a_stale_version_is_refused(city_user):
    indicator = IndicatorFactory()
    services.update_indicator(indicator, by=city_user, version=indicator.version, target=Decimal(5))

    with pytest.raises(ConflictError):
        services.update_indicator(indicator, by=city_user, version=1, target=Decimal(6))


def test_a_failed_exit_criterion_opens_a_problem_ledger_item_once(counterpart_user):
    criterion = ExitCriterionFactory(kind="satisfaction", threshold=Decimal(90))

    criterion = services.check_criterion(
        criterion, by=counterpart_user, version=criterion.version, figure=Decimal(85)
    )
    assert criterion.status == CriterionStatus.FAILED
    item = LedgerItem.objects.get(pk=criterion.ledger_item_id)
    assert item.region_code == "451425000000" and item.kind == "problem"
    criterion = services.check_criterion(
        criterion, by=counterpart_user, version=criterion.version, figure=Decimal(80)
    )
    assert LedgerItem.objects.count() == 1
    criterion = services.check_criterion(
        criterion, by=counterpart_user, version=criterion.version, figure=Decimal(95)
    )
    assert criterion.status == CriterionStatus.READY
    assert actions(criterion).count("cooperation.exitcriterion.checked") == 3


def test_incidence_is_read_from_the_countys_households(counterpart_user):
    from fupin.registry.tests.factories import household_with_members

    household_with_members(4, region_id="451425100201", status="0")
    household_with_members(2, region_id="451425100201", status="1")
    criterion = ExitCriterionFactory(kind="incidence", threshold=Decimal(3), population=200)

    criterion = services.check_criterion(criterion, by=counterpart_user, version=criterion.version)

    assert criterion.figure == Decimal("2.00")  # 4 poor people of 200
    assert criterion.status == CriterionStatus.READY


def test_the_plan_file_loads_pairings_indicators_and_criteria_once(city_user):
    made = services.load_plan(by=city_user)

    assert made["pairings"] == 4 and made["criteria"] == 4
    assert Indicator.objects.filter(region_code="451425000000").count() == made["indicators"] // 4
    assert services.load_plan(by=city_user) == {"pairings": 0, "indicators": 0, "criteria": 0}
    assert ExitCriterion.objects.filter(region_code="451425000000").count() == 4
    assert AuditEntry.objects.filter(action="cooperation.pairing.created").count() == 4


def test_only_the_city_loads_the_plan(district_user):
    with pytest.raises(NotAllowed):
        services.load_plan(by=district_user)


def test_a_month_is_entered_once_per_indicator(counterpart_user):
    indicator = IndicatorFactory(target=Decimal(1))
    month = datetime.date(2020, 6, 15)
    services.enter_entry(indicator, by=counterpart_user, month=month, value=Decimal(1), evidence="挂职文件")

    with pytest.raises(DomainError, match="本月已填报"):
        services.enter_entry(indicator, by=counterpart_user, month=month, value=Decimal(2), evidence="又一份")

    assert IndicatorEntry.objects.filter(indicator=indicator).count() == 1
