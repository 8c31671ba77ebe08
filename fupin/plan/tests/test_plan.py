import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed
from fupin.plan import queries, services
from fupin.plan.models import Measure, Plan, PlanTask, TaskStatus, UnitRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return services.load_plan()


def test_fixture_loads_seven_measures_with_units_in_document_order(plan):
    assert plan.document_number == "江农扶办〔2020〕14号" and plan.measures.count() == 7
    second = Measure.objects.get(plan=plan, number=2)
    names = list(second.units.values_list("name", flat=True))
    assert names == [
        "市人力资源社会保障局",
        "市扶贫办",
        "市发展改革局",
        "市交通运输局",
        "市水利局",
        "市住房城乡建设局",
        "市财政局",
        "各级党委、政府",
    ]
    assert second.units.get(role=UnitRole.LEAD).name == "市人力资源社会保障局"
    sixth = Measure.objects.get(plan=plan, number=6)
    assert sixth.units.first().name == "市农业农村局（市扶贫办）" and sixth.units.last().name == "鹤山市"


@pytest.mark.parametrize(
    "code,value,deadline",
    [
        ("poor-exit-rate", 100, datetime.date(2020, 6, 30)),
        ("unstable-income-people", 950, datetime.date(2020, 12, 31)),
        ("water-safety-households", 347, datetime.date(2020, 6, 30)),
        ("housing-safety-households", 100, datetime.date(2020, 6, 30)),
        ("enterprise-resumption-rate", 100, datetime.date(2020, 3, 31)),
        ("village-collective-income", 200000, datetime.date(2020, 12, 31)),
        ("housing-renovation", 2110000, None),
        ("training-budget", 500000, None),
        ("unstable-household-industry", 3040000, None),
        ("industry-fund", 10000000, None),
        ("zhengyinbao-subsidy", 2000000, None),
        ("insurance-premiums", 1450000, None),
        ("consumption-base-per-district", 1, datetime.date(2020, 12, 31)),
    ],
)
def test_target_returns_the_figures_of_the_document(plan, code, value, deadline):
    row = queries.target(code)
    assert (row.value, row.deadline) == (Decimal(value), deadline)


def test_target_is_none_without_a_plan(db):
    assert queries.target("unstable-income-people") is None


def test_load_plan_command_is_repeatable(db):
    call_command("load_plan")
    call_command("load_plan")
    assert Plan.objects.count() == 1 and queries.active_plan().code == "jiangmen-2020"


def test_city_office_changes_a_target_audited(plan, city_user):
    row = plan.targets.get(code="water-safety-households")
    services.update_target(row, by=city_user, version=row.version, value=Decimal(350))
    assert queries.target("water-safety-households").value == 350
    entry = AuditEntry.objects.get(action="plan.target.changed")
    assert entry.changes == {"value": ["347.00", "350.00"]}


def test_stale_target_edit_is_a_conflict(plan, city_user):
    row = plan.targets.get(code="water-safety-households")
    services.update_target(row, by=city_user, version=1, value=Decimal(350))
    with pytest.raises(ConflictError):
        services.update_target(row, by=city_user, version=1, value=Decimal(360))


def test_negative_target_is_refused(plan, city_user):
    row = plan.targets.get(code="water-safety-households")
    with pytest.raises(DomainError):
        services.update_target(row, by=city_user, version=row.version, value=Decimal(-1))


def test_town_cannot_change_the_plan(plan, town_user):
    row = plan.targets.get(code="water-safety-households")
    with pytest.raises(NotAllowed):
        services.update_target(row, by=town_user, version=row.version, value=Decimal(1))


def test_department_sees_its_measures_and_reports_its_task(plan, department_user, client):
    measures = queries.measures_for_units(plan, department_user.units)
    assert sorted(m.number for m in measures) == [2, 5, 6]
    task = PlanTask.objects.get(measure__number=2, unit="市人力资源社会保障局")
    services.report_task(
        task, by=department_user, version=task.version, status=TaskStatus.DOING, note="已摸查"
    )
    assert AuditEntry.objects.get(action="plan.plantask.reported").changes["status"] == ["todo", "doing"]
    other = PlanTask.objects.get(measure__number=2, unit="市水利局")
    with pytest.raises(NotAllowed):
        services.report_task(other, by=department_user, version=other.version, status=TaskStatus.DONE)
    client.force_login(department_user)
    body = client.get(reverse("plan:home")).content.decode()
    assert "加大就业复工力度" in body and "产业扶贫稳定增收" not in body


def test_overdue_tasks_as_time_moves(plan):
    due = datetime.date(2020, 3, 31)
    assert not PlanTask.objects.filter(measure__number=2).overdue(due).exists()
    assert PlanTask.objects.filter(measure__number=2).overdue(due + datetime.timedelta(days=1)).count() == 8


def test_assign_task_only_to_a_named_unit(plan, city_user):
    measure = plan.measures.get(number=5)
    task = services.assign_task(measure, by=city_user, unit="市水利局", title="347户饮水安全复核")
    assert AuditEntry.objects.get(action="plan.plantask.assigned").target_id == str(task.pk)
    with pytest.raises(DomainError):
        services.assign_task(measure, by=city_user, unit="团市委", title="x")


def test_api_reads_for_all_and_writes_for_city_office(plan, city_user, town_user):
    row = plan.targets.get(code="housing-safety-households")
    town = APIClient()
    town.force_authenticate(town_user)
    assert town.get("/api/v1/plan/measures/").status_code == 200
    assert town.patch(f"/api/v1/plan/targets/{row.pk}/", {"value": "1", "version": 1}).status_code == 403
    city = APIClient()
    city.force_authenticate(city_user)
    response = city.patch(f"/api/v1/plan/targets/{row.pk}/", {"value": "120", "version": 1})
    assert response.status_code == 200 and Decimal(response.json()["value"]) == 120
    assert city.patch(f"/api/v1/plan/targets/{row.pk}/", {"value": "130", "version": 1}).status_code == 409


def test_city_office_edits_a_target_through_the_page(plan, city_user, client):
    row = plan.targets.get(code="housing-safety-households")
    client.force_login(city_user)
    response = client.post(
        reverse("plan:target_edit", args=[row.pk]),
        {
            "label": row.label,
            "unit": row.unit,
            "value": "101",
            "deadline": "2020-06-30",
            "version": row.version,
        },
    )
    assert response.status_code == 302 and queries.target("housing-safety-households").value == 101
