"""The unit-task list (page, export, API): a department sees and reports its own tasks; the city sees all."""

import io

import openpyxl
import pytest
from rest_framework.test import APIClient

from fupin.accounts.models import RoleAssignment
from fupin.accounts.roles import Role
from fupin.audit.models import AuditEntry
from fupin.core.errors import NotAllowed
from fupin.plan import services
from fupin.plan.models import PlanTask, TaskStatus
from fupin.plan.tests.factories import plan_2020

pytestmark = pytest.mark.django_db
HRSS = "市人力资源社会保障局"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_department_list_shows_only_its_units_tasks_and_the_city_sees_all(client, department_user, city_user):
    plan_2020()
    client.force_login(department_user)
    page = client.get("/plan/tasks/")
    assert page.status_code == 200
    mine = PlanTask.objects.filter(unit=HRSS).count()
    assert 0 < mine < PlanTask.objects.count()
    assert page.context["page"].paginator.count == mine
    client.force_login(city_user)
    assert client.get("/plan/tasks/").context["page"].paginator.count == PlanTask.objects.count()


def test_task_list_filters_by_status_and_overdue_and_exports(client, city_user):
    plan_2020()
    done = PlanTask.objects.order_by("pk").first()
    PlanTask.objects.filter(pk=done.pk).update(status=TaskStatus.DONE, note="已全部完成")
    client.force_login(city_user)
    assert client.get("/plan/tasks/", {"status": "done"}).context["page"].paginator.count == 1
    late = client.get("/plan/tasks/", {"overdue": "true"}).context["page"].paginator.count
    assert late == PlanTask.objects.exclude(status=TaskStatus.DONE).count()  # every 2020 deadline has passed

    response = client.get("/plan/tasks/", {"status": "done", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert done.title in values and "已全部完成" in values
    assert AuditEntry.objects.filter(action="plan.plantask.exported", actor=city_user).exists()


def test_department_reports_progress_through_the_api_with_a_version_check(department_user):
    plan_2020()
    task = PlanTask.objects.filter(unit=HRSS).first()
    client = api(department_user)
    listed = client.get("/api/v1/plan/tasks/", {"status": "todo"}).json()["results"]
    assert {row["unit"] for row in listed} == {HRSS}

    url = f"/api/v1/plan/tasks/{task.pk}/report/"
    ok = client.post(url, {"version": task.version, "status": "doing", "note": "已对接企业"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "doing"
    stale = client.post(url, {"version": task.version, "status": "done"}, format="json")
    assert stale.status_code == 409
    task.refresh_from_db()
    assert (task.status, task.note) == ("doing", "已对接企业")


def test_a_department_cannot_report_another_units_task(department_user):
    plan_2020()
    other = PlanTask.objects.exclude(unit=HRSS).first()
    response = api(department_user).post(
        f"/api/v1/plan/tasks/{other.pk}/report/", {"version": other.version, "status": "done"}, format="json"
    )
    assert response.status_code == 404  # not in the department's list at all


def test_a_unit_named_on_a_non_department_assignment_does_not_bind_its_tasks(department_user):
    """Only department assignments act for a unit: a counterpart assignment that happens to name a unit
    gives no right to report that unit's tasks."""
    plan_2020()
    other = PlanTask.objects.exclude(unit=HRSS).first()
    RoleAssignment.objects.create(
        user=department_user, role=Role.PAIRED_COUNTERPART, region_id="440700000000", unit=other.unit
    )
    department_user.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.report_task(other, by=department_user, version=other.version, status=TaskStatus.DONE)
    other.refresh_from_db()
    assert other.status == TaskStatus.TODO
