"""R1.6: a late submission is recorded with how late it came; villages that have not submitted are reminded
a day before the due time and at it (a job on the queue); the completeness pages show on time, late and
missing per village per week. Time is moved with freezegun past the due time."""

import datetime

import pytest
from django.core.management import call_command
from freezegun import freeze_time
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.jobs.models import Job, JobStatus
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import queries, reminders
from fupin.reports.choices import ReminderKind, Timeliness
from fupin.reports.models import SubmissionReminder
from fupin.reports.tests.factories import make_period, report_of, submitted

pytestmark = pytest.mark.django_db

# Week 10 of 2020 (03-02 … 03-08) is due on Monday 2020-03-09 at 12:00 UTC.
DUE = datetime.datetime(2020, 3, 9, 12, tzinfo=datetime.UTC)


@pytest.fixture
def week(villages):
    for code in ("440703101201", "440703101202", "440703102201"):
        HouseholdFactory(region_id=code)
    return make_period(due_at=DUE)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_submission_after_the_due_time_is_recorded_late_with_how_late(week, village_user):
    with freeze_time(DUE + datetime.timedelta(days=1, hours=2, minutes=30)):
        report = submitted(week, village_user)

    assert report.late_minutes == 26 * 60 + 30
    assert report.timeliness(DUE) == Timeliness.LATE
    assert queries.lateness_text(report.late_minutes) == "1天2小时"
    entry = AuditEntry.objects.get(action="reports.villagereport.submitted")
    assert entry.changes["late_minutes"] == [None, 1590]


def test_a_submission_before_the_due_time_is_on_time_and_stays_so_after_a_return(
    week, village_user, town_user
):
    with freeze_time(DUE - datetime.timedelta(hours=1)):
        report = submitted(week, village_user)
    with freeze_time(DUE + datetime.timedelta(days=2)):
        from fupin.reports import services

        services.return_report(report, by=town_user, reason="核实")
        report = services.submit_report(report_of(week), by=village_user)

    assert report.late_minutes == 0
    assert report.timeliness(DUE + datetime.timedelta(days=3)) == Timeliness.ON_TIME


def test_villages_not_submitted_are_reminded_a_day_before_and_at_the_due_time(week, village_user):
    with freeze_time(DUE - datetime.timedelta(days=2)):
        assert reminders.send_due_reminders() == 0  # too early
        submitted(week, village_user)  # 测试一村 submits in time
    with freeze_time(DUE - datetime.timedelta(hours=20)):
        assert reminders.send_due_reminders() == 2
        assert reminders.send_due_reminders() == 0  # once per village and kind
    with freeze_time(DUE + datetime.timedelta(minutes=5)):
        assert reminders.send_due_reminders() == 2

    sent = set(SubmissionReminder.objects.values_list("region_code", "kind"))
    assert sent == {
        ("440703101202", ReminderKind.BEFORE_DUE),
        ("440703102201", ReminderKind.BEFORE_DUE),
        ("440703101202", ReminderKind.AT_DUE),
        ("440703102201", ReminderKind.AT_DUE),
    }
    assert AuditEntry.objects.filter(action="reports.villagereport.reminded").count() == 4


def test_the_reminder_command_puts_a_job_on_the_queue_that_sends_them(week):
    with freeze_time(DUE + datetime.timedelta(minutes=1)):
        call_command("send_report_reminders")

    job = Job.objects.get(kind=reminders.KIND)
    assert job.status == JobStatus.SUCCEEDED and job.result == {"sent": 3}
    assert SubmissionReminder.objects.filter(kind=ReminderKind.AT_DUE).count() == 3


def test_a_village_cadre_reads_the_reminders_of_their_own_village_only(client, week, village_user):
    with freeze_time(DUE + datetime.timedelta(minutes=1)):
        reminders.send_due_reminders()
    client.force_login(village_user)

    page = client.get("/reports/reminders/").content.decode()

    assert "测试一村" in page and "截止时提醒" in page
    assert "测试二村" not in page


def test_completeness_page_shows_on_time_late_and_missing_villages(client, week, village_user, town_user):
    from fupin.accounts.roles import Role
    from fupin.accounts.tests.factories import make_user

    with freeze_time(DUE - datetime.timedelta(hours=1)):
        submitted(week, village_user)
    with freeze_time(DUE + datetime.timedelta(hours=3)):
        other = make_user(Role.VILLAGE_CADRE, "440703101202", username="v2")
        submitted(week, other, "440703101202")
    client.force_login(town_user)

    with freeze_time(DUE + datetime.timedelta(days=1)):
        rows = queries.completeness(week, "440703101")
        page = client.get("/reports/timeliness/", {"period": week.pk, "region": "440703101"}).content.decode()
        late = client.get("/reports/timeliness/", {"timeliness": "late"}).content.decode()
        completeness = client.get(
            "/reports/completeness/", {"region": "440703101", "period": week.pk}
        ).content.decode()

    by_village = {r["prefix"]: r for r in rows}
    assert by_village["440703101201"].get("on_time_villages") == 1
    assert by_village["440703101202"].get("late_submitted_villages") == 1
    assert "按时上报" in page and "逾期上报" in page and "3小时" in page
    assert "测试二村" in late and "测试一村" not in late
    assert "按时上报村" in completeness and "逾期上报村" in completeness and "逾期未报村" in completeness


def test_a_village_not_submitted_after_the_due_time_is_missing_on_the_timeliness_list(
    client, week, city_user
):
    client.force_login(city_user)
    with freeze_time(DUE + datetime.timedelta(hours=1)):
        missing = client.get("/reports/timeliness/", {"timeliness": "missing"}).content.decode()
    with freeze_time(DUE - datetime.timedelta(hours=1)):
        pending = client.get("/reports/timeliness/", {"timeliness": "missing"}).content.decode()

    assert "测试三村" in missing and "逾期未报" in missing
    assert "测试三村" not in pending


def test_the_timeliness_list_exports(client, week, city_user):
    client.force_login(city_user)
    response = client.get("/reports/timeliness/", {"export": "csv"})
    assert response.status_code == 200
    assert "测试一村" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_village_reports_api_gives_lateness_and_filters_by_timeliness(week, village_user, city_user):
    with freeze_time(DUE + datetime.timedelta(minutes=90)):
        submitted(week, village_user)
        late = api(city_user).get("/api/v1/reports/village-reports/", {"timeliness": "late"}).json()
        bad = api(city_user).get("/api/v1/reports/village-reports/", {"timeliness": "soon"})

    assert [(r["region_code"], r["late_minutes"], r["timeliness"]) for r in late["results"]] == [
        ("440703101201", 90, "late")
    ]
    assert bad.status_code == 400


# ---- CI: weeks the year does not have are a 400, never a 500 ----------------------------------------------


@pytest.mark.parametrize("iso_year,iso_week", [(2020, 1419), (2021, 53), (2020, 0), (99999, 10)])
def test_opening_a_week_the_year_does_not_have_through_the_api_is_a_400(city_user, iso_year, iso_week):
    body = {"iso_year": iso_year, "iso_week": iso_week, "region_prefix": "4407"}
    response = api(city_user).post("/api/v1/reports/periods/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) & {"iso_year", "iso_week"}


def test_opening_week_53_of_a_year_without_it_on_the_page_is_a_message(client, city_user):
    client.force_login(city_user)
    body = {"iso_year": 2021, "iso_week": 53, "region_prefix": "440700000000"}

    response = client.post("/reports/periods/open/", body, follow=True)

    assert response.status_code == 200
    assert "2021年没有第53周" in response.content.decode()
