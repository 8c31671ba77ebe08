"""我的待办: the queues of every role, each entry leading to its action; the menu's badge; the village home."""

import pytest
from django.urls import reverse

from fupin.ledgers import services as ledger_services
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.choices import ReportStatus
from fupin.reports.tests.factories import make_period, report_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(villages):
    HouseholdFactory(region_id="440703101201", number="H001")
    HouseholdFactory(region_id="440703101202", number="H002")
    return make_period()


def page(client, user, name="dashboard:my_work"):
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_towns_queue_lists_a_submitted_village_and_the_approval_works_from_it(
    client, village_user, town_user, week
):
    report = submitted(week, village_user)
    body = page(client, town_user)
    detail = reverse("reports:report_detail", args=[report.pk])
    assert "待我审核的村周报" in body and f'href="{detail}"' in body

    approval_page = client.get(detail).content.decode()
    assert reverse("reports:report_action", args=[report.pk, "approve"]) in approval_page
    client.post(reverse("reports:report_action", args=[report.pk, "approve"]), {"version": report.version})

    assert report_of(week).status == ReportStatus.TOWN_APPROVED
    assert f'href="{detail}"' not in page(client, town_user).split("我在等待")[0]


def test_a_town_approved_week_waits_in_the_districts_queue_and_in_the_villages_waiting_list(
    client, village_user, town_user, district_user, week
):
    report = submitted(week, village_user)
    from fupin.reports import services

    services.approve_report(report, by=town_user)
    detail = reverse("reports:report_detail", args=[report.pk])
    assert f'href="{detail}"' in page(client, district_user).split("我在等待")[0]
    village_page = page(client, village_user)
    assert "已上报、待上级审核的周报" in village_page and f'href="{detail}"' in village_page


def test_items_waiting_for_close_appear_on_the_level_aboves_queue(client, village_user, town_user, villages):
    item = LedgerItemFactory(description="危房改造验收")
    ledger_services.add_evidence(item, by=village_user, text="照片")
    item.refresh_from_db()
    ledger_services.request_close(item, by=village_user, version=item.version)

    body = page(client, town_user)
    assert "待我销号的台账事项" in body and reverse("ledgers:item_detail", args=[item.pk]) in body
    mine = page(client, village_user).split("我在等待")[0]
    assert reverse("ledgers:item_detail", args=[item.pk]) not in mine  # not the village's to close


def test_the_village_home_links_to_this_weeks_grid_and_lists_the_report_to_fill(client, village_user, week):
    body = page(client, village_user, "dashboard:home")
    grid = reverse("reports:village_grid", args=[week.pk, "440703101201"])
    assert "填报本周" in body and grid in body and "待我填报上报的周报" in body


def test_the_menu_badge_counts_what_waits_for_me(client, village_user, town_user, week):
    submitted(week, village_user)
    client.force_login(town_user)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("dashboard:my_work_count") in home
    assert ">1<" in client.get(reverse("dashboard:my_work_count")).content.decode()


@pytest.mark.parametrize(
    "persona",
    ["city_user", "district_user", "town_user", "village_user", "department_user", "auditor_user"],
)
def test_every_role_opens_its_work_page(client, persona, request, week):
    page(client, request.getfixturevalue(persona))
    assert client.get(reverse("dashboard:my_work_count")).status_code == 200


def test_the_work_page_reads_a_bounded_number_of_queries(
    client, village_user, town_user, week, django_assert_max_num_queries
):
    for code in ("440703101201", "440703101202"):
        submitted(week, village_user if code.endswith("201") else _other(code), code)
    client.force_login(town_user)
    with django_assert_max_num_queries(25):
        client.get(reverse("dashboard:my_work"))


def _other(code):
    from fupin.accounts.roles import Role
    from fupin.accounts.tests.factories import make_user

    return make_user(Role.VILLAGE_CADRE, code, username=f"v{code}")


def test_a_monitoring_case_waiting_for_the_town_is_on_the_towns_queue_and_late_steps_show_as_late(
    client, village_user, town_user
):
    import datetime

    from freezegun import freeze_time

    from fupin.monitoring.services import cases
    from fupin.monitoring.tests.factories import SignalFactory, exited_household

    household = exited_household()
    with freeze_time("2020-04-01"):
        SignalFactory(household=household)
        case = cases.open_case(household, by=village_user)
        cases.approve_step(case, by=village_user, version=case.version, appraisal="民主评议全票同意")
    detail = reverse("monitoring:case_detail", args=[case.pk])

    with freeze_time(case.step_deadline - datetime.timedelta(days=1)):
        body = page(client, town_user)
        assert "待我办理的监测步骤" in body and f'href="{detail}"' in body
        assert "逾期的监测步骤" in body and body.count(f'href="{detail}"') == 1
    with freeze_time(case.step_deadline + datetime.timedelta(days=2)):
        body = page(client, town_user)
        assert "逾期2天" in body and body.count(f'href="{detail}"') == 2


def test_completions_ledger_reports_and_cooperation_entries_wait_in_the_queues_of_who_decides_them(
    client, village_user, town_user, district_user, city_user, week
):
    import datetime

    from fupin.cooperation import services as cooperation_services
    from fupin.cooperation.tests.factories import IndicatorEntryFactory
    from fupin.ledgers import submission, supervision
    from fupin.ledgers.choices import SupervisionGroup, TargetKind
    from fupin.registry.models import Household

    household = Household.objects.get(number="H001")
    target = supervision.add_target(
        by=district_user,
        kind=TargetKind.HOUSEHOLD,
        group=SupervisionGroup.WATER,
        household=household,
        deadline=datetime.date(2020, 6, 30),
        plan_money=0,
    )
    assert "H001" not in page(client, town_user)
    supervision.request_done(target, by=village_user, version=target.version)
    report = submission.submit_ledger(
        by=district_user, region_code="440703000000", as_of=datetime.date(2020, 5, 8)
    )
    entry = IndicatorEntryFactory(status="draft")
    cooperation_services.move_entry(entry, by=city_user, version=entry.version, action="submit")

    town = page(client, town_user)
    city = page(client, city_user)

    assert "H001" in town and reverse("ledgers:supervision_detail", args=[target.pk]) in town
    assert reverse("ledgers:submission_detail", args=[report.pk]) in city
    assert reverse("cooperation:entry_detail", args=[entry.pk]) in city
    assert reverse("ledgers:submission_detail", args=[report.pk]) not in page(client, district_user)
