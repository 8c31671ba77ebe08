"""Reads that leave a trace: server-made request ids, exports in the user's real scope with their row
count, list API responses of personal data, and refused requests counted until an alert."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry, RefusalCounter
from fupin.audit.refusals import ALERT_ACTION
from fupin.core.exporting import export_response
from fupin.registry.tests.factories import HouseholdFactory, household_with_members


@pytest.fixture
def district_auditor(villages):
    return make_user(Role.AUDITOR, "440703000000", username="auditor703")


# Request ids -------------------------------------------------------------------------------------------


def test_the_request_id_is_made_by_the_server_not_taken_from_the_client(client, district_user):
    HouseholdFactory(region_id="440703101201")
    client.force_login(district_user)

    response = client.get("/api/v1/households/", HTTP_X_REQUEST_ID="forged-id\r\n<script>")

    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert request_id != "forged-id" and len(request_id) == 32
    entry = AuditEntry.objects.get(action="registry.household.listed")
    assert entry.request_id == request_id


def test_the_clients_request_id_is_kept_apart_cut_and_cleaned():
    from fupin.core.middleware import RequestIdMiddleware

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123\r\n<script>" + "x" * 100)
    seen = {}

    def view(req):
        seen["client"], seen["id"] = req.client_request_id, req.request_id
        from django.http import HttpResponse

        return HttpResponse()

    RequestIdMiddleware(view)(request)

    assert seen["client"].startswith("abc-123script") and len(seen["client"]) == 64
    assert seen["id"] != seen["client"]


# Exports -----------------------------------------------------------------------------------------------


def test_a_household_export_is_audited_in_the_users_scope_not_the_region_asked_for(
    client, district_user, district_auditor
):
    household_with_members(2, region_id="440703101201")
    client.force_login(district_user)

    response = client.get(reverse("registry:household_list"), {"region": "440704001001", "export": "csv"})

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="registry.household.exported")
    assert entry.region_code == "440703000000"
    assert entry.changes["scope"] == [None, ["440703"]]
    assert entry.changes["region"] == [None, "440704001001"]
    assert entry.changes["rows"][1] == 0  # nothing of the other district came out
    assert AuditEntry.objects.visible_to(district_auditor).filter(pk=entry.pk).exists()


def test_an_export_without_a_region_is_audited_in_the_users_scope(district_user, district_auditor):
    request = RequestFactory().get("/employment/laborers/?export=csv&q=440703199001011234")
    request.user = district_user

    export_response(
        request,
        title="劳动力",
        columns=["姓名"],
        rows=[["甲"], ["乙"], ["丙"]],
        filename="laborers",
        fmt="csv",
        audit_action="employment.laborer.exported",
        filters=request.GET,
    )

    entry = AuditEntry.objects.get(action="employment.laborer.exported")
    assert entry.region_code == "440703000000"
    assert entry.changes["rows"] == [None, 3]
    assert "440703199001011234" not in str(entry.changes)  # a full ID typed as a search is masked
    assert AuditEntry.objects.visible_to(district_auditor).filter(pk=entry.pk).exists()


# Bulk reads through the API ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "action", "filters"),
    [
        ("/api/v1/households/", "registry.household.listed", {"region": "440703101201"}),
        ("/api/v1/members/", "registry.member.listed", {}),
    ],
)
def test_each_page_of_personal_data_read_through_the_api_is_audited(
    client, district_user, district_auditor, url, action, filters
):
    for _ in range(3):
        household_with_members(2, region_id="440703101201")
    client.force_login(district_user)

    first = client.get(url, {"page_size": 2, **filters})
    second = client.get(url, {"page_size": 2, "page": 2, **filters})

    assert first.status_code == second.status_code == 200
    entries = list(AuditEntry.objects.filter(action=action).order_by("id"))
    assert len(entries) == 2
    assert entries[1].actor == district_user
    assert entries[1].region_code == "440703000000"
    assert entries[1].changes["scope"] == [None, ["440703"]]
    assert entries[1].changes["page"] == [None, "2"]
    assert entries[1].changes["filters"] == [None, filters]
    assert entries[1].changes["rows"] == [None, len(second.json()["results"])]
    assert AuditEntry.objects.visible_to(district_auditor).filter(pk=entries[1].pk).exists()


def test_a_list_without_personal_data_is_not_audited(client, district_user):
    client.force_login(district_user)

    assert client.get("/api/v1/regions/").status_code == 200

    assert not AuditEntry.objects.filter(action__endswith=".listed").exists()


def test_every_api_list_exposing_id_numbers_or_phones_is_audited():
    from django.urls import get_resolver

    personal = {"id_number", "phone", "head_id_number"}
    unaudited = []
    for viewset in _api_viewsets(get_resolver()):
        serializer = getattr(viewset, "serializer_class", None)
        fields = set(getattr(getattr(serializer, "Meta", None), "fields", []) or [])
        if not (fields & personal) or "list" not in dir(viewset):
            continue
        audited = getattr(viewset, "audit_list_action", None) or getattr(serializer, "personal_fields", None)
        if not audited or not hasattr(viewset, "list_audit_action"):
            unaudited.append(viewset.__name__)

    assert unaudited == []


def _api_viewsets(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _api_viewsets(pattern)
        else:
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None:
                yield cls


# Refused requests --------------------------------------------------------------------------------------


def test_refused_requests_to_records_are_counted_and_alert_at_the_threshold(
    client, settings, town_user, auditor_user
):
    settings.AUDIT_REFUSAL_ALERT = 3
    elsewhere = HouseholdFactory(region_id="440703102201")
    client.force_login(town_user)

    for _ in range(4):
        assert client.get(reverse("registry:household_detail", args=[elsewhere.pk])).status_code == 404
    client.get("/no-such-page/")  # not a record route: not counted

    assert RefusalCounter.objects.get(user=town_user).count == 4
    (alert,) = AuditEntry.objects.filter(action=ALERT_ACTION)
    assert alert.actor == town_user and alert.changes["refusals"] == [None, 3]
    client.force_login(auditor_user)
    page = client.get(reverse("audit:alert_list"))
    assert page.status_code == 200
    assert town_user.username in page.content.decode() or str(town_user) in page.content.decode()


def test_the_alert_list_is_refused_to_users_without_the_right(client, town_user):
    client.force_login(town_user)

    assert client.get(reverse("audit:alert_list")).status_code == 403


def test_the_security_administrator_sees_the_alerts(client, villages):
    security_admin = make_user(Role.SECURITY_ADMIN, "440700000000", username="secadmin")
    client.force_login(security_admin)

    assert client.get(reverse("audit:alert_list")).status_code == 200
