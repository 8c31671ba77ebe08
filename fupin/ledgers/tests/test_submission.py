"""R1.2: a district reports its assistance ledger to the city as a step (submitted → accepted, or returned
with a reason and submitted again), on pages and through the API, each step audited."""

import datetime

import pytest
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.ledgers import submission as service
from fupin.ledgers.choices import ItemStatus, LedgerKind
from fupin.ledgers.models import LedgerSubmission, LedgerSubmissionStatus
from fupin.ledgers.tests.factories import LedgerItemFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def items(villages):
    LedgerItemFactory(kind=LedgerKind.ASSISTANCE, region_code="440703101201")
    LedgerItemFactory(
        kind=LedgerKind.ASSISTANCE, region_code="440703102201", deadline=TODAY - datetime.timedelta(days=3)
    )
    LedgerItemFactory(
        kind=LedgerKind.ASSISTANCE, region_code="440703101202", status=ItemStatus.CLOSED, closed_on=TODAY
    )
    LedgerItemFactory(kind=LedgerKind.ASSISTANCE, region_code="440704001001")  # another district
    LedgerItemFactory(kind=LedgerKind.PROBLEM, region_code="440703101201")  # another ledger


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_district_submits_its_assistance_ledger_with_its_figures(district_user, items):
    submission = service.submit_ledger(by=district_user, region_code="440703000000", as_of=TODAY)

    assert submission.status == LedgerSubmissionStatus.SUBMITTED
    assert submission.figures == {"items": 3, "open": 2, "closed": 1, "overdue": 1}
    entry = AuditEntry.objects.get(action="ledgers.ledgersubmission.submitted")
    assert entry.actor == district_user and entry.region_code == "440703000000"


def test_only_the_district_office_submits_and_once_a_day(district_user, town_user, city_user, items):
    with pytest.raises(OutOfScope):  # a town office does not reach its district
        service.submit_ledger(by=town_user, region_code="440703000000", as_of=TODAY)
    with pytest.raises(NotAllowed):  # the city reaches it, but the district reports, not the city
        service.submit_ledger(by=city_user, region_code="440703000000", as_of=TODAY)
    service.submit_ledger(by=district_user, region_code="440703000000", as_of=TODAY)
    with pytest.raises(DomainError) as exc:
        service.submit_ledger(by=district_user, region_code="440703000000", as_of=TODAY)
    assert exc.value.field == "as_of"


def test_the_city_returns_with_a_reason_the_district_resubmits_and_the_city_accepts(
    district_user, city_user, items
):
    submission = service.submit_ledger(by=district_user, region_code="440703000000", as_of=TODAY)
    with pytest.raises(NotAllowed):
        service.transition_submission(submission, by=district_user, action="accept")
    with pytest.raises(DomainError) as exc:
        service.transition_submission(submission, by=city_user, action="return")
    assert exc.value.field == "reason"

    returned = service.transition_submission(submission, by=city_user, action="return", reason="缺责任人")
    LedgerItemFactory(kind=LedgerKind.ASSISTANCE, region_code="440703101201")
    again = service.transition_submission(returned, by=district_user, action="resubmit")
    accepted = service.transition_submission(again, by=city_user, action="accept", version=again.version)

    assert returned.status == LedgerSubmissionStatus.RETURNED and returned.return_reason == "缺责任人"
    assert again.figures["items"] == 4
    assert accepted.status == LedgerSubmissionStatus.ACCEPTED and accepted.decided_by == city_user
    actions = list(
        AuditEntry.objects.filter(action__startswith="ledgers.ledgersubmission.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        [
            "ledgers.ledgersubmission.submitted",
            "ledgers.ledgersubmission.returned",
            "ledgers.ledgersubmission.resubmitted",
            "ledgers.ledgersubmission.accepted",
        ]
    )


def test_the_district_submits_on_the_page_and_the_city_accepts_there(client, district_user, city_user, items):
    client.force_login(district_user)
    response = client.post(
        "/ledgers/submissions/", {"region_code": "440703000000", "kind": "assistance", "as_of": str(TODAY)}
    )
    submission = LedgerSubmission.objects.get()
    assert response.status_code == 302 and response.url == f"/ledgers/submissions/{submission.pk}/"

    client.force_login(city_user)
    listing = client.get("/ledgers/submissions/").content.decode()
    detail = client.get(f"/ledgers/submissions/{submission.pk}/").content.decode()
    client.post(f"/ledgers/submissions/{submission.pk}/accept/", {"version": submission.version})

    assert "蓬江区" in listing or "440703" in listing
    assert "接收" in detail and "退回" in detail
    submission.refresh_from_db()
    assert submission.status == LedgerSubmissionStatus.ACCEPTED


def test_another_district_does_not_see_the_submission(client, district_user, other_district_user, items):
    submission = service.submit_ledger(by=district_user, region_code="440703000000", as_of=TODAY)
    client.force_login(other_district_user)

    assert client.get(f"/ledgers/submissions/{submission.pk}/").status_code == 404
    assert api(other_district_user).get(f"/api/v1/ledgers/submissions/{submission.pk}/").status_code == 404


def test_the_submission_steps_through_the_api(district_user, city_user, items):
    created = api(district_user).post(
        "/api/v1/ledgers/submissions/", {"region_code": "440703", "as_of": str(TODAY)}, format="json"
    )
    pk = created.json()["id"]
    no_reason = api(city_user).post(f"/api/v1/ledgers/submissions/{pk}/return/", {}, format="json")
    returned = api(city_user).post(
        f"/api/v1/ledgers/submissions/{pk}/return/", {"reason": "补充"}, format="json"
    )
    again = api(district_user).post(f"/api/v1/ledgers/submissions/{pk}/resubmit/", {}, format="json")
    accepted = api(city_user).post(f"/api/v1/ledgers/submissions/{pk}/accept/", {}, format="json")
    future = api(district_user).post(
        "/api/v1/ledgers/submissions/",
        {"region_code": "440703", "as_of": str(TODAY + datetime.timedelta(days=3))},
        format="json",
    )

    assert created.status_code == 201 and created.json()["figures"]["items"] == 3
    assert no_reason.status_code == 400
    assert returned.json()["status"] == "returned" and again.json()["status"] == "submitted"
    assert accepted.json()["status"] == "accepted"
    assert future.status_code == 400


def test_the_demo_shows_district_reports_accepted_returned_and_waiting(villages, items):
    import random

    from fupin.ledgers.submission_demo import build_submission_demo

    households = [(1, "440703101201", True, "A"), (2, "440704001001", True, "A")]
    created = build_submission_demo(random.Random(5), households, TODAY)

    statuses = set(LedgerSubmission.objects.values_list("status", flat=True))
    assert created == 8 and LedgerSubmission.objects.filter(region_code="440703000000").count() == 4
    assert {LedgerSubmissionStatus.ACCEPTED, LedgerSubmissionStatus.SUBMITTED} <= statuses
    assert LedgerSubmission.objects.get(region_code="440703000000", status="submitted").figures["items"] == 3
