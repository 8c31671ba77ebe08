"""R7.1: tasks are assigned from a page and the API, several per unit per measure, each with its own deadline
(measure 2's training runs to the year's end); a late task escalates once to the unit's head and the city
office, like a late ledger item."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.plan import queries, services
from fupin.plan.models import PlanTask, TaskStatus
from fupin.plan.tests.factories import plan_2020

pytestmark = pytest.mark.django_db
HRSS = "市人力资源社会保障局"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_measure_two_gives_the_labour_bureau_a_resumption_task_and_a_training_task_to_year_end():
    plan = plan_2020()
    tasks = PlanTask.objects.filter(measure__plan=plan, measure__number=2, unit=HRSS).order_by("deadline")
    assert [t.deadline for t in tasks] == [date(2020, 3, 31), date(2020, 12, 31)]
    assert "培训" in tasks[1].title


def test_the_city_office_assigns_a_second_task_of_a_measure_to_a_unit_from_the_page(client, city_user):
    plan = plan_2020()
    measure = plan.measures.get(number=2)
    client.force_login(city_user)
    assert client.get(reverse("plan:task_assign")).status_code == 200
    response = client.post(
        reverse("plan:task_assign"),
        {"measure": measure.pk, "unit": HRSS, "title": "组织线上招聘会", "deadline": "2020-09-30"},
    )
    assert response.status_code == 302
    task = PlanTask.objects.get(title="组织线上招聘会")
    assert (task.unit, task.deadline, task.created_by) == (HRSS, date(2020, 9, 30), city_user)
    assert PlanTask.objects.filter(measure=measure, unit=HRSS).count() == 3
    assert AuditEntry.objects.filter(action="plan.plantask.assigned", target_id=str(task.pk)).exists()


def test_a_task_for_a_unit_the_measure_does_not_name_is_refused_on_the_page(client, city_user):
    plan = plan_2020()
    client.force_login(city_user)
    response = client.post(
        reverse("plan:task_assign"),
        {
            "measure": plan.measures.get(number=1).pk,
            "unit": HRSS,
            "title": "越权任务",
            "deadline": "2020-09-30",
        },
    )
    assert response.status_code == 200 and not PlanTask.objects.filter(title="越权任务").exists()


def test_the_api_assigns_a_task_and_a_department_may_not(city_user, department_user):
    plan = plan_2020()
    measure = plan.measures.get(number=2)
    body = {"measure": measure.pk, "unit": HRSS, "title": "扶贫车间吸纳就业", "deadline": "2020-12-31"}
    assert api(department_user).post("/api/v1/plan/tasks/", body, format="json").status_code == 403
    created = api(city_user).post("/api/v1/plan/tasks/", body, format="json")
    assert created.status_code == 201
    assert created.json()["deadline"] == "2020-12-31" and created.json()["unit"] == HRSS
    bad = api(city_user).post("/api/v1/plan/tasks/", {**body, "unit": "不存在的单位"}, format="json")
    assert bad.status_code == 400


def test_a_department_sees_no_assign_page(client, department_user):
    plan_2020()
    client.force_login(department_user)
    assert client.get(reverse("plan:task_assign")).status_code == 403


def test_a_late_task_escalates_once_and_the_training_task_is_not_late_in_april(city_user):
    plan_2020()
    PlanTask.objects.filter(unit=HRSS, deadline=date(2020, 3, 31)).update(status=TaskStatus.DOING)
    escalated = services.escalate_late_tasks(today=date(2020, 4, 1))
    late = PlanTask.objects.filter(escalated_on=date(2020, 4, 1))
    assert escalated == late.count() > 0
    assert late.filter(unit=HRSS, measure__number=2).count() == 1  # the resumption task, not the training
    assert not late.filter(deadline__gte=date(2020, 4, 1)).exists()
    assert AuditEntry.objects.filter(action="plan.plantask.escalated").count() == escalated
    assert services.escalate_late_tasks(today=date(2020, 4, 2)) == 0  # once


def test_a_task_whose_deadline_moved_escalates_again_when_late_again():
    plan_2020()
    services.escalate_late_tasks(today=date(2020, 4, 1))
    task = PlanTask.objects.filter(escalated_on__isnull=False).first()
    PlanTask.objects.filter(pk=task.pk).update(deadline=date(2020, 5, 31))
    assert services.escalate_late_tasks(today=date(2020, 6, 1)) == 1


def test_escalated_tasks_reach_the_units_head_and_the_city_office_not_other_units(
    client, city_user, department_user, other_department_user
):
    plan_2020()
    call_command("escalate_plan_tasks")  # today: every 2020 deadline has passed
    hrss = queries.escalated_tasks_for(department_user)
    assert hrss.exists() and {t.unit for t in hrss} == {HRSS}
    assert queries.escalated_tasks_for(city_user).count() == PlanTask.objects.count()
    assert HRSS not in {t.unit for t in queries.escalated_tasks_for(other_department_user)}
    client.force_login(department_user)
    page = client.get(reverse("ledgers:inbox")).content.decode()
    assert "已上报" in page
    listed = api(department_user).get("/api/v1/plan/tasks/", {"escalated": "true"}).json()["results"]
    assert listed and all(row["escalated_on"] for row in listed)


def test_a_done_task_is_not_escalated():
    plan_2020()
    PlanTask.objects.update(status=TaskStatus.DONE)
    assert services.escalate_late_tasks(today=date(2021, 1, 1)) == 0
