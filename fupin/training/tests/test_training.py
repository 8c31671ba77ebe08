"""Training: classes, enrollment, attendance, the coverage KPI and spending (R2.8)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, OutOfScope
from fupin.employment.tests.factories import LaborerFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.training import queries, services
from fupin.training.models import Program

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 4, 1)


def laborer_in(village):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)))


def open_class(user, **kw):
    values = {
        "program": Program.objects.get(kind="chef"),
        "name": "粤菜师傅第一期",
        "mode": "central",
        "place": "棠下镇文化站",
        "region_code": "440703101000",
        "starts_on": D,
        "ends_on": D + datetime.timedelta(days=10),
        "seats": 2,
        "cost": Decimal("20000"),
    }
    return services.open_class(by=user, **{**values, **kw})


def test_the_three_guangdong_programmes_are_loaded():
    assert set(Program.objects.values_list("name", flat=True)) >= {"粤菜师傅", "南粤家政", "广东技工"}


def test_class_dates_and_seats_are_checked_and_opening_is_audited(town_user):
    with pytest.raises(DomainError):
        open_class(town_user, ends_on=D - datetime.timedelta(days=1))
    cls = open_class(town_user)
    assert AuditEntry.objects.filter(action="training.trainingclass.opened", target_id=str(cls.pk)).exists()
    a, b, c = (laborer_in("440703101201") for _ in range(3))
    services.enroll(cls, by=town_user, laborer=a)
    with pytest.raises(DomainError, match="已在本班"):
        services.enroll(cls, by=town_user, laborer=a)
    services.enroll(cls, by=town_user, laborer=b)
    with pytest.raises(DomainError, match="已满员"):
        services.enroll(cls, by=town_user, laborer=c)


def test_certificate_only_after_completion(town_user):
    enrollment = services.enroll(open_class(town_user), by=town_user, laborer=laborer_in("440703101201"))
    with pytest.raises(DomainError):
        services.record_attendance(enrollment, by=town_user, version=1, certificate="中式烹调师五级")
    enrollment = services.record_attendance(
        enrollment, by=town_user, version=1, attended_days=10, completed=True, certificate="中式烹调师五级"
    )
    assert enrollment.completed and enrollment.version == 2
    assert AuditEntry.objects.filter(action="training.enrollment.updated").exists()


def test_coverage_is_the_share_of_the_willing_who_got_training_by_town(district_user, town_user):
    cls = open_class(town_user)
    trained, waiting = laborer_in("440703101201"), laborer_in("440703101201")
    elsewhere = laborer_in("440703102201")
    unwilling = laborer_in("440703101201")
    for lab in (trained, waiting, elsewhere):
        services.record_willingness(lab, by=district_user, willing=True, program_kind="chef")
    services.record_willingness(unwilling, by=district_user, willing=False)
    services.enroll(cls, by=town_user, laborer=trained)

    kpi = queries.coverage(district_user)
    assert (kpi["willing"], kpi["trained"], kpi["rate"]) == (3, 1, 33.3)
    assert [(r["code"], r["rate"]) for r in kpi["rows"]] == [("440703101", 50.0), ("440703102", 0.0)]
    assert kpi["target"].value == 100
    assert queries.coverage(town_user)["willing"] == 2


def test_spending_against_the_budget_of_the_plan(city_user):
    open_class(city_user, cost=Decimal("125000"))
    spending = queries.spending(city_user)
    assert spending["spent"] == Decimal("125000") and spending["budget"].value == Decimal("500000")
    assert spending["share"] == 25.0


def test_other_town_cannot_enroll_my_laborers(other_town_user, town_user):
    cls = open_class(town_user)
    with pytest.raises(OutOfScope):
        services.enroll(cls, by=other_town_user, laborer=laborer_in("440703101201"))


@pytest.mark.parametrize("name", ["home", "class_list", "willingness_list", "class_create"])
def test_training_pages_open_and_need_the_permission(name, client, town_user, auditor_user):
    client.force_login(town_user)
    assert client.get(reverse(f"training:{name}")).status_code == 200
    client.force_login(auditor_user)
    assert client.get(reverse(f"training:{name}")).status_code == 403


def test_class_page_enrolls_and_api_is_scoped(client, town_user, other_town_user):
    cls = open_class(town_user)
    lab = laborer_in("440703101201")
    client.force_login(town_user)
    client.post(reverse("training:class_detail", args=[cls.pk]), {"action": "enroll", "laborer": lab.pk})
    assert cls.enrollments.count() == 1
    assert client.get("/api/v1/training/classes/").json()["count"] == 1
    assert client.get(reverse("training:class_list") + "?export=xlsx").status_code == 200
    client.force_login(other_town_user)
    assert client.get("/api/v1/training/classes/").json()["count"] == 0
    assert client.get(reverse("training:class_detail", args=[cls.pk])).status_code == 404


def test_willingness_is_recorded_from_its_page(client, town_user):
    from fupin.training.models import TrainingWillingness

    lab = laborer_in("440703101201")
    client.force_login(town_user)
    client.post(
        reverse("training:willingness_list"), {"laborer": lab.pk, "willing": "on", "program_kind": "chef"}
    )
    row = TrainingWillingness.objects.get(laborer=lab)
    assert row.willing and row.program_kind == "chef"
    assert AuditEntry.objects.filter(action="training.trainingwillingness.recorded").exists()
    other = laborer_in("440703102201")
    assert client.post(reverse("training:willingness_list"), {"laborer": other.pk}).status_code == 404


def test_attendance_is_saved_from_the_class_page(client, town_user):
    cls = open_class(town_user)
    enrollment = services.enroll(cls, by=town_user, laborer=laborer_in("440703101201"))
    client.force_login(town_user)
    client.post(
        reverse("training:class_detail", args=[cls.pk]),
        {
            "action": "attendance",
            "enrollment": enrollment.pk,
            "version": 1,
            "attended_days": 9,
            "completed": "on",
            "certificate": "家政服务员五级",
        },
    )
    enrollment.refresh_from_db()
    assert (enrollment.attended_days, enrollment.completed, enrollment.certificate) == (
        9,
        True,
        "家政服务员五级",
    )
