"""Issue 15, employment: public-welfare posts go to poor laborers first (R2.5), 24-hour requests are timed and
escalate, recruitment events and service officers (R2.9), resumption judged at its deadline with the daily
curve kept (R2.4), credit codes checked in full everywhere one is typed (R2.2)."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.employment import queries
from fupin.employment.creditcode import make_credit_code, validate_credit_code
from fupin.employment.models import (
    EnterpriseOfficer,
    Laborer,
    PostOccupancy,
    RecruitmentEvent,
    ResumptionDay,
    Vacancy,
)
from fupin.employment.queries import Target
from fupin.employment.services import (
    enterprises,
    labour_requests,
    matching_runs,
    posts,
    recruitment,
    resumption,
)
from fupin.employment.tests.factories import (
    EnterpriseFactory,
    LaborerFactory,
    PublicWelfarePostFactory,
    VacancyFactory,
)
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date(2020, 3, 2)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def laborer_in(village, **kw):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)), **kw)


# --- R2.2 credit codes ---------------------------------------------------------------------------


def test_a_credit_code_whose_first_character_is_no_registration_authority_is_refused():
    code = make_credit_code("B1440703MA4UAB0C1")  # a right check character, but no authority "B"
    with pytest.raises(DomainError, match="第1位"):
        validate_credit_code(code)


def test_a_credit_code_whose_type_the_authority_does_not_issue_is_refused():
    for first17 in ("94440703MA4UAB0C1", "N5440703MA4UAB0C1", "Y2440703MA4UAB0C1"):
        with pytest.raises(DomainError, match="第2位"):
            validate_credit_code(make_credit_code(first17))
    for first17 in ("91440703MA4UAB0C1", "93440703MA4UAB0C1", "N2440703MA4UAB0C1", "52440703MA4UAB0C1"):
        assert validate_credit_code(make_credit_code(first17)) == make_credit_code(first17)


def test_an_enterprise_with_a_type_code_its_authority_does_not_issue_is_not_registered(town_user):
    with pytest.raises(DomainError) as exc:
        enterprises.register_enterprise(
            by=town_user,
            name="错类企业",
            credit_code=make_credit_code("97440703MA4UABCD1"),
            region_code="440703101000",
            industry="C",
        )
    assert exc.value.field == "credit_code"


def test_protective_supplies_to_an_enterprise_check_its_credit_code_in_full(village_user):
    from fupin.reports import services as report_services

    with pytest.raises(DomainError) as exc:
        report_services.allocate_supplies(
            by=village_user,
            region_code="440703101201",
            allocated_on="2020-02-10",
            item="mask",
            quantity=50,
            enterprise_name="扶贫车间B",
            credit_code=make_credit_code("97440703MA4UJ1XX1"),
        )
    assert exc.value.field == "credit_code"


def test_a_consumption_buyer_registering_with_a_bad_credit_code_is_refused(villages):
    from fupin.consumption.services import buyers

    with pytest.raises(DomainError) as exc:
        buyers.register_buyer(
            region_code="440703000000",
            name="某食堂",
            kind="canteen",
            username="canteen-x",
            password="a-Long-pass-123",
            credit_code="91440703MA4UJ1XX1X",
        )
    assert exc.value.field == "credit_code"


# --- R2.5 public-welfare posts -------------------------------------------------------------------


def test_filling_a_post_with_someone_else_while_poor_laborers_of_the_town_wait_asks_for_a_reason(town_user):
    post = PublicWelfarePostFactory(region_code="440703101201")
    laborer_in("440703101202", work_status="waiting")  # same town, another village
    with pytest.raises(DomainError) as exc:
        posts.assign_post(post, by=town_user, name="张三", started_on=D)
    assert exc.value.field == "reason"
    occ = posts.assign_post(
        post, by=town_user, name="张三", started_on=D, reason="需持有驾驶证，待岗人员均无"
    )
    assert occ.reason.startswith("需持有驾驶证")
    assert "驾驶证" in AuditEntry.objects.get(action="employment.postoccupancy.started").note


def test_filling_a_post_with_someone_else_needs_no_reason_when_no_poor_laborer_waits(town_user):
    post = PublicWelfarePostFactory(region_code="440703101201")
    laborer_in("440703102201", work_status="waiting")  # another town
    laborer_in("440703101201", work_status="on_post")  # at work
    occ = posts.assign_post(post, by=town_user, name="李四", started_on=D)
    assert occ.reason == ""


def test_ending_an_occupancy_frees_the_seat_and_sends_the_laborer_back_to_waiting(town_user):
    post = PublicWelfarePostFactory(region_code="440703101201", seats=1)
    laborer = laborer_in("440703101201")
    occ = posts.assign_post(post, by=town_user, laborer=laborer, started_on=D)
    posts.end_post_occupancy(occ, by=town_user, ended_on=D + datetime.timedelta(days=30), note="外出务工")
    assert Laborer.objects.get(pk=laborer.pk).work_status == "waiting"
    with pytest.raises(DomainError):
        posts.end_post_occupancy(occ, by=town_user, ended_on=D + datetime.timedelta(days=31))
    posts.assign_post(
        post, by=town_user, laborer=laborer_in("440703101202"), started_on=D + datetime.timedelta(days=40)
    )


def test_ending_an_occupancy_has_a_page(client, town_user):
    post = PublicWelfarePostFactory(region_code="440703101201")
    occ = posts.assign_post(post, by=town_user, laborer=laborer_in("440703101201"), started_on=D)
    client.force_login(town_user)
    url = reverse("employment:occupancy_end", args=[occ.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"ended_on": "2020-04-30", "note": "合同期满"})
    assert response.status_code == 302
    assert PostOccupancy.objects.get(pk=occ.pk).ended_on == datetime.date(2020, 4, 30)


def test_ending_an_occupancy_has_an_api(town_user, other_town_user):
    post = PublicWelfarePostFactory(region_code="440703101201")
    occ = posts.assign_post(post, by=town_user, laborer=laborer_in("440703101201"), started_on=D)
    url = f"/api/v1/employment/post-occupancies/{occ.pk}/end/"
    assert _api(other_town_user).post(url, {"ended_on": "2020-04-30"}, format="json").status_code == 404
    response = _api(town_user).post(url, {"ended_on": "2020-04-30", "note": "合同期满"}, format="json")
    assert response.status_code == 200 and response.json()["ended_on"] == "2020-04-30"
    assert response.json()["end_note"] == "合同期满"


def test_the_board_shows_the_share_of_posts_held_by_poor_laborers(client, town_user):
    post = PublicWelfarePostFactory(region_code="440703101201", seats=3)
    posts.assign_post(post, by=town_user, laborer=laborer_in("440703101201"), started_on=D)
    posts.assign_post(post, by=town_user, name="王五", started_on=D, reason="临时卡点值守")
    client.force_login(town_user)
    page = client.get(reverse("employment:home")).content.decode()
    assert 'id="kpi-welfare">50.0%' in page


# --- R2.9 24-hour requests, recruitment events, officers --------------------------------------


def _urgent(town_user, hours=24, at=None):
    return enterprises.post_vacancy(
        by=town_user,
        enterprise=EnterpriseFactory(),
        post="装配工",
        seats=2,
        wage_min=3000,
        wage_max=4000,
        start_date=datetime.date(2020, 3, 1),
        industry="C",
        urgent=True,
        deadline_hours=hours,
        requested_at=at,
    )


def test_a_24_hour_request_is_timed_from_the_request_to_the_first_referral(town_user):
    start = timezone.now() - datetime.timedelta(hours=5)
    vacancy = _urgent(town_user, at=start)
    laborer = laborer_in("440703101201")
    batch = matching_runs.run_matching("440703101000", by=town_user)
    proposal = batch.items.get(laborer=laborer, vacancy=vacancy)
    matching_runs.confirm_proposal(proposal, by=town_user)
    vacancy.refresh_from_db()
    assert vacancy.first_referral_at is not None
    elapsed = queries.request_elapsed(vacancy, timezone.now())
    assert datetime.timedelta(hours=4) < elapsed < datetime.timedelta(hours=6)
    assert queries.request_state(vacancy, timezone.now()) == "in_time"


def test_a_late_24_hour_request_escalates_once_and_is_audited(town_user):
    late = _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=30))
    in_time = _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=2))
    assert labour_requests.escalate_late_requests() == 1
    assert labour_requests.escalate_late_requests() == 0
    assert Vacancy.objects.get(pk=late.pk).escalated_at is not None
    assert Vacancy.objects.get(pk=in_time.pk).escalated_at is None
    entry = AuditEntry.objects.get(action="employment.vacancy.escalated")
    assert entry.target_id == str(late.pk) and entry.region_code == late.region_code


def test_a_24_hour_request_is_put_on_the_task_queue_for_its_due_time(
    town_user, django_capture_on_commit_callbacks
):
    queued = []

    class Deferring:
        supports_defer = True

    def fake_using(**kw):
        task = mock.Mock()
        task.get_backend.return_value = Deferring()
        task.enqueue.side_effect = lambda pk: queued.append((pk, kw["run_after"]))
        return task

    at = timezone.now()
    fake = mock.Mock(using=fake_using)
    with (
        mock.patch("fupin.employment.services.labour_requests.escalate_labour_request", fake),
        django_capture_on_commit_callbacks(execute=True),
    ):
        vacancy = _urgent(town_user, hours=24, at=at)
    assert queued == [(vacancy.pk, at + datetime.timedelta(hours=24))]


def test_an_escalated_request_waits_in_the_work_queue_of_the_levels_that_see_it(town_user, district_user):
    from fupin.dashboard.work import my_work

    late = _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=30))
    labour_requests.escalate_late_requests()
    for user in (town_user, district_user):
        queue = next(q for q in my_work(user, D)["late"] if q.key == "late_labour")
        assert queue.count == 1 and late.post in queue.entries[0].title


def test_the_escalation_task_escalates_only_its_request_when_it_is_still_unreferred(town_user):
    from fupin.employment.services.labour_requests import escalate_labour_request

    late = _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=30))
    other = _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=30))
    escalate_labour_request.call(late.pk)
    assert Vacancy.objects.get(pk=late.pk).escalated_at is not None
    assert Vacancy.objects.get(pk=other.pk).escalated_at is None


def test_the_24_hour_request_list_shows_the_clock_and_exports(client, town_user):
    _urgent(town_user, at=timezone.now() - datetime.timedelta(hours=30))
    labour_requests.escalate_late_requests()
    client.force_login(town_user)
    page = client.get(reverse("employment:labour_request_list")).content.decode()
    assert "装配工" in page and "已超时上报" in page
    assert client.get(reverse("employment:labour_request_list"), {"export": "csv"}).status_code == 200


def test_a_recruitment_event_records_the_vacancies_offered_and_the_people_placed(town_user, other_town_user):
    vacancy = VacancyFactory(seats=5)
    event = recruitment.hold_recruitment_event(
        by=town_user,
        name="春风行动棠下专场",
        mode="onsite",
        held_on=D,
        region_code="440703101000",
        vacancies=[vacancy],
        attendees=120,
        poor_attendees=30,
        placed=18,
        poor_placed=7,
    )
    assert list(event.vacancies.all()) == [vacancy]
    row = queries.recruitment_events(town_user).get(pk=event.pk)
    assert row.offered == 1 and row.offered_seats == 5
    assert queries.recruitment_figures(town_user) == {"events": 1, "placed": 18, "poor_placed": 7}
    assert queries.recruitment_figures(other_town_user)["events"] == 0
    with pytest.raises(DomainError):
        recruitment.update_recruitment_event(event, by=town_user, version=event.version, poor_placed=19)
    assert AuditEntry.objects.filter(action="employment.recruitmentevent.held").exists()


def test_recruitment_events_have_pages_and_an_api(client, town_user):
    vacancy = VacancyFactory()
    client.force_login(town_user)
    response = client.post(
        reverse("employment:event_create"),
        {
            "name": "线上招聘月",
            "mode": "online",
            "held_on": "2020-03-10",
            "place": "江门人社公众号",
            "region_code": "440703101000",
            "vacancies": [vacancy.pk],
            "attendees": 50,
            "poor_attendees": 10,
            "placed": 6,
            "poor_placed": 2,
        },
    )
    assert response.status_code == 302
    event = RecruitmentEvent.objects.get(name="线上招聘月")
    assert client.get(reverse("employment:event_detail", args=[event.pk])).status_code == 200
    assert "线上招聘月" in client.get(reverse("employment:event_list")).content.decode()
    api = _api(town_user)
    listed = api.get("/api/v1/employment/recruitment-events/").json()["results"]
    assert [e["vacancies"] for e in listed] == [[vacancy.pk]]
    patched = api.patch(
        f"/api/v1/employment/recruitment-events/{event.pk}/",
        {"placed": 8, "version": event.version},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["placed"] == 8


def test_an_employment_service_officer_is_assigned_to_an_enterprise_and_replaced(town_user):
    enterprise = EnterpriseFactory()
    first = recruitment.assign_officer(enterprise, by=town_user, name="陈专员", assigned_on=D)
    second = recruitment.assign_officer(
        enterprise,
        by=town_user,
        name="林专员",
        phone="13800000000",
        assigned_on=D + datetime.timedelta(days=7),
    )
    assert EnterpriseOfficer.objects.get(pk=first.pk).ended_on == D + datetime.timedelta(days=7)
    assert list(EnterpriseOfficer.objects.filter(enterprise=enterprise, ended_on__isnull=True)) == [second]
    assert AuditEntry.objects.filter(action="employment.enterpriseofficer.assigned").count() == 2


def test_officers_have_pages_and_an_api(client, town_user, other_town_user):
    enterprise = EnterpriseFactory()
    client.force_login(town_user)
    response = client.post(
        reverse("employment:officer_assign", args=[enterprise.pk]),
        {"name": "陈专员", "phone": "", "assigned_on": "2020-03-02"},
    )
    assert response.status_code == 302
    officer = EnterpriseOfficer.objects.get(enterprise=enterprise)
    assert (
        "陈专员" in client.get(reverse("employment:enterprise_detail", args=[enterprise.pk])).content.decode()
    )
    assert "陈专员" in client.get(reverse("employment:officer_list")).content.decode()
    url = f"/api/v1/employment/officers/{officer.pk}/end/"
    assert _api(other_town_user).post(url, {"ended_on": "2020-04-01"}, format="json").status_code == 404
    assert _api(town_user).post(url, {"ended_on": "2020-04-01"}, format="json").status_code == 200
    created = _api(town_user).post(
        "/api/v1/employment/officers/",
        {"enterprise": enterprise.pk, "name": "林专员", "assigned_on": "2020-04-02"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["name"] == "林专员"


# --- R2.4 resumption judged at its deadline, the daily curve kept --------------------------------

GOAL = Target("enterprise-resumption-rate", "复工率", 100, "%", datetime.date(2020, 3, 31), "plan")


def test_the_resumption_target_is_judged_by_the_rate_on_its_deadline(town_user):
    a, b = EnterpriseFactory(), EnterpriseFactory()
    day = datetime.date(2020, 3, 31)
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        enterprises.record_resumption(a, by=town_user, version=a.version, status="yes", on=day)
    after = datetime.date(2020, 4, 3)
    with mock.patch("django.utils.timezone.localdate", return_value=after):
        enterprises.record_resumption(b, by=town_user, version=b.version, status="yes", on=after)
    judged = queries.resumption_judged(town_user, GOAL, today=after)
    assert judged["at_deadline"]["rate"] == 50.0 and judged["met"] is False
    assert judged["today"]["rate"] == 100.0


def test_the_resumption_target_is_not_judged_before_its_deadline(town_user):
    EnterpriseFactory()
    resumption.rebuild_resumption_day(datetime.date(2020, 3, 1))
    judged = queries.resumption_judged(town_user, GOAL, today=datetime.date(2020, 3, 20))
    assert judged["at_deadline"] is None and judged["met"] is None and judged["today"]["total"] == 1


def test_the_daily_resumption_curve_is_kept_by_the_services_and_equals_a_recount(town_user):
    a = EnterpriseFactory()
    days = [datetime.date(2020, 3, 1), datetime.date(2020, 3, 3)]
    with mock.patch("django.utils.timezone.localdate", return_value=days[0]):
        resumption.rebuild_resumption_day()
    with mock.patch("django.utils.timezone.localdate", return_value=days[1]):
        enterprises.record_resumption(a, by=town_user, version=a.version, status="yes", on=days[1])
    curve = queries.resumption_curve(town_user, until=datetime.date(2020, 3, 4))
    assert [(p["on"].day, p["resumed"], p["total"]) for p in curve] == [
        (1, 0, 1),
        (2, 0, 1),
        (3, 1, 1),
        (4, 1, 1),
    ]
    kept = {(r.region_code, r.total, r.resumed) for r in ResumptionDay.objects.filter(on=days[1])}
    resumption.rebuild_resumption_day(days[1])
    assert kept == {(r.region_code, r.total, r.resumed) for r in ResumptionDay.objects.filter(on=days[1])}


def test_the_board_and_the_api_show_the_deadline_rate_beside_todays(client, town_user):
    EnterpriseFactory()
    resumption.rebuild_resumption_day()
    client.force_login(town_user)
    page = client.get(reverse("employment:home")).content.decode()
    assert 'id="kpi-resumption-today"' in page
    body = _api(town_user).get("/api/v1/employment/resumption/").json()
    assert body["today"]["total"] == 1 and "at_deadline" in body and len(body["curve"]) >= 1
