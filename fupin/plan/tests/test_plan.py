import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed
from fupin.plan import queries, services
from fupin.plan.models import Measure, Plan, PlanTask, TaskStatus, UnitRole, Weekday

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
    # the resumption task (measure 2 also gives the unit the training task, due at the year's end)
    task = PlanTask.objects.get(
        measure__number=2, unit="市人力资源社会保障局", deadline=datetime.date(2020, 3, 31)
    )
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
    assert AuditEntry.objects.get(action="plan.target.changed").changes == {"value": ["100.00", "101.00"]}


def test_the_2020_plan_runs_weekly_tracking_from_february_to_the_end_of_the_year(plan):
    assert (plan.tracking_starts_on, plan.tracking_ends_on) == (
        datetime.date(2020, 2, 3),
        datetime.date(2020, 12, 31),
    )
    assert (plan.tracking_due_weekday, plan.tracking_due_hour) == (Weekday.MONDAY, 12)
    tracking = queries.weekly_tracking("440703101201")
    assert tracking.plan_code == "jiangmen-2020" and tracking.region_prefix == "4407"


def test_the_city_plan_covers_its_own_region_tree_only(plan):
    assert queries.weekly_tracking("4407") is not None
    assert queries.weekly_tracking("440703") is not None
    assert queries.weekly_tracking("4514") is None
    assert queries.weekly_tracking("44") is None


def test_city_office_changes_the_weekly_tracking_audited(plan, city_user):
    services.update_tracking(
        plan,
        by=city_user,
        version=plan.version,
        tracking_ends_on=datetime.date(2020, 6, 30),
        tracking_due_hour=17,
    )
    tracking = queries.weekly_tracking("4407")
    assert (tracking.ends_on, tracking.due_hour) == (datetime.date(2020, 6, 30), 17)
    entry = AuditEntry.objects.get(action="plan.plan.changed")
    assert entry.changes == {"tracking_due_hour": [12, 17], "tracking_ends_on": ["2020-12-31", "2020-06-30"]}
    assert entry.region_code == "440700000000" and entry.actor == city_user


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"tracking_ends_on": datetime.date(2020, 1, 31)}, "tracking_ends_on"),
        ({"tracking_ends_on": None}, "tracking_ends_on"),
        ({"tracking_due_weekday": 7}, "tracking_due_weekday"),
        ({"tracking_due_hour": 24}, "tracking_due_hour"),
    ],
)
def test_an_impossible_tracking_span_or_due_time_is_refused(plan, city_user, changes, field):
    with pytest.raises(DomainError) as exc:
        services.update_tracking(plan, by=city_user, version=plan.version, **changes)
    assert exc.value.field == field
    assert not AuditEntry.objects.filter(action="plan.plan.changed").exists()


def test_a_plan_without_weekly_tracking_is_allowed(plan, city_user):
    services.update_tracking(
        plan, by=city_user, version=plan.version, tracking_starts_on=None, tracking_ends_on=None
    )
    assert queries.weekly_tracking("4407") is None


def test_stale_tracking_edit_is_a_conflict_and_town_cannot_edit(plan, city_user, town_user):
    services.update_tracking(plan, by=city_user, version=1, tracking_due_hour=10)
    with pytest.raises(ConflictError):
        services.update_tracking(plan, by=city_user, version=1, tracking_due_hour=11)
    with pytest.raises(NotAllowed):
        services.update_tracking(plan, by=town_user, version=2, tracking_due_hour=11)


def test_city_office_edits_the_weekly_tracking_through_the_page(plan, city_user, client):
    client.force_login(city_user)
    home = client.get(reverse("plan:home")).content.decode()
    assert "每周疫情影响动态跟踪自 2020-02-03 至 2020-12-31，每周报表截止于次周周一 12 时。" in home
    url = reverse("plan:tracking_edit", args=[plan.pk])
    assert url in home and client.get(url).status_code == 200
    form = {
        "tracking_starts_on": "2020-02-10",
        "tracking_ends_on": "2020-09-30",
        "tracking_due_weekday": "1",
        "tracking_due_hour": "9",
        "version": plan.version,
    }
    assert client.post(url, form).status_code == 302
    home = client.get(reverse("plan:home")).content.decode()
    assert "每周疫情影响动态跟踪自 2020-02-10 至 2020-09-30，每周报表截止于次周周二 9 时。" in home
    entry = AuditEntry.objects.get(action="plan.plan.changed")
    assert entry.changes["tracking_starts_on"] == ["2020-02-03", "2020-02-10"]
    assert entry.changes["tracking_due_weekday"] == [0, 1]
    stale = client.post(url, {**form, "tracking_due_hour": "10"})
    assert stale.status_code == 200 and "该记录已被他人修改" in stale.content.decode()


def test_the_page_refuses_an_end_before_the_start(plan, city_user, client):
    client.force_login(city_user)
    response = client.post(
        reverse("plan:tracking_edit", args=[plan.pk]),
        {
            "tracking_starts_on": "2020-05-01",
            "tracking_ends_on": "2020-04-01",
            "tracking_due_weekday": "0",
            "tracking_due_hour": "12",
            "version": plan.version,
        },
    )
    assert response.status_code == 200 and "每周跟踪的结束日期不能早于开始日期。" in response.content.decode()
    assert queries.weekly_tracking("4407").ends_on == datetime.date(2020, 12, 31)


def test_town_cannot_open_the_tracking_edit_page(plan, town_user, client):
    client.force_login(town_user)
    assert client.get(reverse("plan:tracking_edit", args=[plan.pk])).status_code == 403


def test_api_shows_the_weekly_tracking_and_the_city_office_edits_it(plan, city_user, town_user):
    url = f"/api/v1/plan/plans/{plan.pk}/"
    town = APIClient()
    town.force_authenticate(town_user)
    shown = town.get(url).json()
    assert (shown["tracking_starts_on"], shown["tracking_ends_on"]) == ("2020-02-03", "2020-12-31")
    assert (shown["tracking_due_weekday"], shown["tracking_due_hour"], shown["version"]) == (0, 12, 1)
    assert town.patch(url, {"tracking_due_hour": 9, "version": 1}, format="json").status_code == 403
    city = APIClient()
    city.force_authenticate(city_user)
    response = city.patch(
        url, {"tracking_ends_on": "2020-10-31", "title": "改名", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["tracking_ends_on"] == "2020-10-31" and response.json()["version"] == 2
    assert Plan.objects.get(pk=plan.pk).title == plan.title
    assert AuditEntry.objects.get(action="plan.plan.changed").changes == {
        "tracking_ends_on": ["2020-12-31", "2020-10-31"]
    }
    assert city.patch(url, {"tracking_due_hour": 9, "version": 1}, format="json").status_code == 409
    bad = city.patch(url, {"tracking_ends_on": "2020-01-01", "version": 2}, format="json")
    assert bad.status_code == 400 and "tracking_ends_on" in bad.json()["fields"]


def test_tracking_edit_page_shows_the_plans_dates_in_the_date_pickers(plan, city_user, client):
    """A browser's date picker only takes an ISO date: a localised date would show an empty field."""
    client.force_login(city_user)
    page = client.get(reverse("plan:tracking_edit", args=[plan.pk])).content.decode()
    assert 'value="2020-02-03"' in page and 'value="2020-12-31"' in page
