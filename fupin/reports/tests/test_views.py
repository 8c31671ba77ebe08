import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.plan.tests.factories import plan_2020
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import services
from fupin.reports.choices import ReportStatus
from fupin.reports.importers import template_bytes
from fupin.reports.models import Assessment, ReportPeriod
from fupin.reports.tests.factories import ANSWERS, make_period, report_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(villages):
    HouseholdFactory(region_id="440703101201", number="H001")
    HouseholdFactory(region_id="440703101201", number="H002")
    HouseholdFactory(region_id="440703102201", number="H003")
    return make_period()


def login(client, user):
    client.force_login(user)
    return client


def grid_url(period, code="440703101201"):
    return reverse("reports:village_grid", args=[period.pk, code])


def test_village_cadre_sees_the_grid_of_own_village_with_what_is_left(client, village_user, week):
    response = login(client, village_user).get(grid_url(week))
    assert response.status_code == 200
    body = response.content.decode()
    assert "H001" in body and "H002" in body and "H003" not in body
    assert "剩余 2 户未评估" in body


def test_other_village_grid_is_not_found(client, other_village_user, week):
    assert login(client, other_village_user).get(grid_url(week)).status_code == 404


def test_saving_a_row_with_htmx_returns_the_row_and_the_remaining_count(client, village_user, week):
    household = Assessment._meta.get_field("household").related_model.objects.get(number="H001")
    url = reverse("reports:save_row", args=[week.pk, "440703101201", household.pk])
    response = login(client, village_user).post(
        url, {"members_not_back": "2", "farming_disrupted": "1", "needs": ["1", "6"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "剩余 1 户未评估" in response.content.decode()
    a = Assessment.objects.get(household=household)
    assert a.members_not_back == 2 and a.farming_disrupted and a.needs == "1,6"


def test_saving_a_row_of_a_submitted_week_is_refused_on_the_page(client, village_user, week):
    household = Assessment._meta.get_field("household").related_model.objects.get(number="H001")
    submitted(week, village_user)
    url = reverse("reports:save_row", args=[week.pk, "440703101201", household.pk])
    response = login(client, village_user).post(url, {"members_not_back": "2"}, HTTP_HX_REQUEST="true")
    assert "已锁定" in response.content.decode()
    assert Assessment.objects.get(household=household).members_not_back == 0


def test_no_change_for_all_carries_last_week_forward(client, village_user, villages):
    h = HouseholdFactory(region_id="440703101201")
    week9, week10 = make_period(iso_week=9), make_period(iso_week=10)
    services.save_assessment(by=village_user, period=week9, household=h, answers=ANSWERS)
    login(client, village_user).post(reverse("reports:carry_all", args=[week10.pk, "440703101201"]))
    assert Assessment.objects.get(period=week10, household=h).income_lost == 3000


def test_town_returns_and_approves_through_the_page(client, village_user, town_user, week):
    report = submitted(week, village_user)
    c = login(client, town_user)
    c.post(reverse("reports:report_action", args=[report.pk, "return"]), {"reason": "请核实"})
    assert report_of(week).status == ReportStatus.RETURNED
    submitted(week, village_user)
    c.post(reverse("reports:report_action", args=[report.pk, "approve"]))
    assert report_of(week).status == ReportStatus.TOWN_APPROVED


def test_other_town_cannot_act_on_this_village_report(client, village_user, other_town_user, week):
    report = submitted(week, village_user)
    response = login(client, other_town_user).post(
        reverse("reports:report_action", args=[report.pk, "approve"])
    )
    assert response.status_code == 404
    assert report_of(week).status == ReportStatus.SUBMITTED


def test_city_dashboard_shows_rolled_up_numbers_and_drills_down(client, village_user, city_user, week):
    h = Assessment._meta.get_field("household").related_model.objects.get(number="H001")
    services.save_assessment(by=village_user, period=week, household=h, answers=ANSWERS)
    c = login(client, city_user)
    response = c.get(reverse("reports:home"))
    assert response.status_code == 200
    assert response.context["table"]["total"][0] == 1
    town = c.get(reverse("reports:home"), {"region": "440703101", "period": week.pk})
    assert [r["prefix"] for r in town.context["table"]["rows"]][:2] == ["440703101201", "440703101202"]
    listing = c.get(
        reverse("reports:households_behind"),
        {"region": "440703101201", "period": week.pk, "indicator": "hh_employment"},
    )
    assert "H001" in listing.content.decode()


def test_dashboard_outside_scope_is_not_found(client, town_user, week):
    response = login(client, town_user).get(reverse("reports:home"), {"region": "440704"})
    assert response.status_code == 404


def test_auditor_without_permission_is_refused_the_dashboard_and_the_rollup_alike(client, auditor_user, week):
    # The auditor's region holds the weekly tracking but the role lacks the right to read it: 403 on the
    # page and in the API, the one scope rule (a region outside the user's would be 404 in both).
    login(client, auditor_user)
    assert client.get(reverse("reports:home")).status_code == 403
    assert client.get("/api/v1/reports/rollup/").status_code == 403


def test_weekly_report_exports_xlsx_with_merged_two_row_header_and_is_audited(
    client, village_user, district_user, week
):
    h = Assessment._meta.get_field("household").related_model.objects.get(number="H001")
    services.save_assessment(by=village_user, period=week, household=h, answers=ANSWERS)
    response = login(client, district_user).get(
        reverse("reports:weekly_report"), {"region": "440703", "period": week.pk, "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "周报" in sheet["A1"].value and sheet["A2"].value.startswith("填报单位")
    assert "A3:A4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B3"].value == "总体" and sheet["C3"].value == "防疫" and sheet["C4"].value == "涉疫户数"
    assert sheet["A5"].value == "棠下镇" or sheet["A5"].value  # the first town row
    assert AuditEntry.objects.filter(action="reports.weeklyreport.exported", actor=district_user).exists()


def test_completeness_lists_villages_not_yet_submitted(client, village_user, town_user, week):
    submitted(week, village_user)
    response = login(client, town_user).get(
        reverse("reports:completeness"), {"region": "440703101", "period": week.pk}
    )
    late = [r.region_code for r in response.context["late"]]
    assert late == []  # 测试二村 has no households, so no report is expected from it
    assert response.context["totals"]["submitted_villages"] == 1


def test_import_from_excel_is_refused_when_locked_and_works_when_open(
    client, village_user, town_user, district_user, week
):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb.active
    ws.append(["H001", 0, 0, 1, "是", 0, 0, "否", 0, "否", "否", 2])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "weekly.xlsx"
    c = login(client, village_user)
    response = c.post(reverse("reports:assessment_import", args=[week.pk]), {"file": buf})
    assert response.status_code == 302
    a = Assessment.objects.get()
    assert (
        a.isolated_members == 1 and a.supplies_received and a.members_not_back == 2 and a.source == "import"
    )
    services.approve_report(
        services.approve_report(submitted(week, village_user), by=town_user), by=district_user
    )
    buf.seek(0)
    response = c.post(reverse("reports:assessment_import", args=[week.pk]), {"file": buf})
    assert "锁定" in response.content.decode()


def test_proposals_list_newly_affected_households_and_exports(client, village_user, town_user, week):
    h = Assessment._meta.get_field("household").related_model.objects.get(number="H001")
    services.save_assessment(by=village_user, period=week, household=h, answers=ANSWERS)
    c = login(client, town_user)
    response = c.get(reverse("reports:proposals"), {"region": "440703101", "period": week.pk})
    assert "H001" in response.content.decode() and "务工受影响户数" in response.content.decode()
    export = c.get(reverse("reports:proposals"), {"region": "440703101", "period": week.pk, "export": "xlsx"})
    assert export.status_code == 200
    assert AuditEntry.objects.filter(action="reports.proposal.exported").exists()


def test_at_risk_list_shows_flagged_households_only(client, village_user, town_user, week):
    hs = Assessment._meta.get_field("household").related_model.objects.filter(region_id="440703101201")
    services.save_assessment(by=village_user, period=week, household=hs[0], answers={"at_risk_return": True})
    services.save_assessment(by=village_user, period=week, household=hs[1], answers={})
    response = login(client, town_user).get(
        reverse("reports:at_risk"), {"region": "440703101", "period": week.pk}
    )
    assert list(response.context["page"]) == [Assessment.objects.get(household=hs[0])]


def test_open_period_page_for_city_office(client, city_user, week):
    plan_2020()
    login(client, city_user).post(
        reverse("reports:period_open"), {"iso_year": 2020, "iso_week": 11, "region_prefix": "4407"}
    )
    assert AuditEntry.objects.filter(action="reports.reportperiod.opened").exists()


def test_the_city_opens_a_week_for_the_city_typed_by_name(client, city_user, week):
    plan_2020()
    login(client, city_user).post(
        reverse("reports:period_open"),
        {"iso_year": 2020, "iso_week": 11, "region_prefix": "", "region_prefix__name": "江门市"},
    )
    assert ReportPeriod.objects.filter(iso_year=2020, iso_week=11, region_prefix="4407").exists()


def test_open_period_page_explains_a_week_outside_the_plans_span(client, city_user, week):
    plan_2020()
    response = login(client, city_user).post(
        reverse("reports:period_open"),
        {"iso_year": 2020, "iso_week": 5, "region_prefix": "4407"},
        follow=True,
    )
    assert "该周不在计划规定的每周跟踪期内。" in response.content.decode()
    assert not AuditEntry.objects.filter(action="reports.reportperiod.opened").exists()


def test_proposals_redirect_the_former_format_parameter_to_export(client, town_user, week):
    response = login(client, town_user).get(
        reverse("reports:proposals"), {"region": "440703101", "period": week.pk, "format": "xlsx"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?region=440703101&period={week.pk}&export=xlsx")
    assert not AuditEntry.objects.filter(action="reports.proposal.exported").exists()


def _supplies(count, region_code="440703101201"):
    import datetime

    from fupin.reports.models import SupplyAllocation

    day = datetime.date(2020, 3, 1)
    SupplyAllocation.objects.bulk_create(
        SupplyAllocation(
            region_code=region_code,
            allocated_on=day,
            recipient_kind="enterprise",
            enterprise_name=f"企业{i}",
            item="mask",
            quantity=i + 1,
        )
        for i in range(count)
    )


def test_supplies_list_pages_past_the_former_200_rows(client, village_user, villages):
    _supplies(260)

    response = login(client, village_user).get(reverse("reports:supplies"), {"page": 6, "sort": "-quantity"})

    page = response.context["page"]
    assert page.paginator.count == 260
    assert page.number == 6
    assert [a.quantity for a in page.object_list] == list(range(10, 0, -1))


def test_supplies_list_filters_and_exports_through_the_one_engine(client, village_user, villages):
    _supplies(3)
    _supplies(2, region_code="440703102201")  # another town: out of the village cadre's scope
    c = login(client, village_user)

    filtered = c.get(reverse("reports:supplies"), {"item": "mask"})
    export = c.get(reverse("reports:supplies"), {"export": "csv"})

    assert filtered.context["page"].paginator.count == 3
    assert export.status_code == 200
    assert len(b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()) >= 4
    assert AuditEntry.objects.filter(action="reports.supplyallocation.exported").exists()
