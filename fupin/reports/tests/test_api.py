import pytest
from rest_framework.test import APIClient

from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.choices import ReportStatus
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import make_period, report_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(villages):
    HouseholdFactory(region_id="440703101201", number="H001")
    return make_period()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_assessment_created_through_the_api_updates_the_roll_up(village_user, city_user, week):
    h = Assessment._meta.get_field("household").related_model.objects.get()
    response = api(village_user).post(
        "/api/v1/reports/assessments/",
        {"period": week.pk, "household": h.pk, "members_not_back": 3},
        format="json",
    )
    assert response.status_code == 201, response.content
    rollup = api(city_user).get("/api/v1/reports/rollup/", {"region": "4407", "period": week.pk}).json()
    assert rollup["total"]["not_back"] == 3 and rollup["total"]["assessed"] == 1


def test_api_writes_are_refused_when_the_week_is_approved(village_user, town_user, district_user, week):
    h = Assessment._meta.get_field("household").related_model.objects.get()
    client = api(village_user)
    created = client.post(
        "/api/v1/reports/assessments/", {"period": week.pk, "household": h.pk}, format="json"
    )
    report = report_of(week)
    client.post(f"/api/v1/reports/village-reports/{report.pk}/submit/", {}, format="json")
    api(town_user).post(f"/api/v1/reports/village-reports/{report.pk}/approve/", {}, format="json")
    api(district_user).post(f"/api/v1/reports/village-reports/{report.pk}/approve/", {}, format="json")
    assert report_of(week).status == ReportStatus.APPROVED
    response = client.patch(
        f"/api/v1/reports/assessments/{created.json()['id']}/",
        {"members_not_back": 1, "version": created.json()["version"]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["error"] == "locked"
    assert client.delete(f"/api/v1/reports/assessments/{created.json()['id']}/").status_code == 400
    unlocked = api(district_user).post(
        f"/api/v1/reports/village-reports/{report.pk}/unlock/", {"reason": "数据更正"}, format="json"
    )
    assert unlocked.json()["status"] == ReportStatus.RETURNED


def test_api_return_without_reason_is_refused(village_user, town_user, week):
    report = submitted(week, village_user)
    response = api(town_user).post(f"/api/v1/reports/village-reports/{report.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def test_other_village_reports_are_invisible_in_the_api(other_village_user, week):
    report = report_of(week)
    client = api(other_village_user)
    assert client.get("/api/v1/reports/village-reports/").json()["count"] == 0
    assert client.post(f"/api/v1/reports/village-reports/{report.pk}/submit/").status_code == 404


def test_village_cadre_cannot_approve_through_the_api(village_user, week):
    report = submitted(week, village_user)
    response = api(village_user).post(
        f"/api/v1/reports/village-reports/{report.pk}/approve/", {}, format="json"
    )
    assert response.status_code == 403


def test_rollup_out_of_scope_is_not_found(town_user, week):
    assert api(town_user).get("/api/v1/reports/rollup/", {"region": "440704"}).status_code == 404


def test_rollup_with_a_malformed_period_is_a_400_with_a_message(city_user, week):
    response = api(city_user).get("/api/v1/reports/rollup/", {"period": "'"})
    assert response.status_code == 400
    assert set(response.json()) == {"error", "message", "fields"} and "period" in response.json()["fields"]


def test_weekly_report_page_with_a_malformed_period_is_not_found(client, city_user, week):
    client.force_login(city_user)
    assert client.get("/reports/weekly/", {"period": "'"}).status_code == 404
    assert client.get("/reports/weekly/", {"period": "9" * 30}).status_code == 404


def _assessed(user, week, **answers):
    h = Assessment._meta.get_field("household").related_model.objects.get()
    body = {"period": week.pk, "household": h.pk, **answers}
    response = api(user).post("/api/v1/reports/assessments/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_assessment_patch_without_version_is_refused_and_changes_nothing(village_user, week):
    created = _assessed(village_user, week, members_not_back=3)
    url = f"/api/v1/reports/assessments/{created['id']}/"

    response = api(village_user).patch(url, {"members_not_back": 1}, format="json")

    assert response.status_code == 400 and "version" in response.json()["fields"]
    assert Assessment.objects.get().members_not_back == 3


def test_assessment_upsert_without_version_is_refused_and_changes_nothing(village_user, week):
    created = _assessed(village_user, week, members_not_back=3)
    h = Assessment.objects.get().household

    again = {"period": week.pk, "household": h.pk, "members_not_back": 1}
    response = api(village_user).post("/api/v1/reports/assessments/", again, format="json")

    assert response.status_code == 400 and "version" in response.json()["fields"]
    assert Assessment.objects.get().members_not_back == 3
    stale = api(village_user).post("/api/v1/reports/assessments/", {**again, "version": 99}, format="json")
    assert stale.status_code == 409
    fresh = {**again, "version": created["version"]}
    assert api(village_user).post("/api/v1/reports/assessments/", fresh, format="json").status_code == 201
    assert Assessment.objects.get().members_not_back == 1
