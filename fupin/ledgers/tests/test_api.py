import pytest
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.tests.factories import LedgerItemFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_lists_only_items_in_scope(town_user):
    mine = LedgerItemFactory()
    LedgerItemFactory(region_code="440703102201")
    data = api(town_user).get("/api/v1/ledgers/items/").json()
    assert [row["id"] for row in data["results"]] == [mine.pk]


def test_api_other_town_gets_404(other_town_user):
    item = LedgerItemFactory()
    assert api(other_town_user).get(f"/api/v1/ledgers/items/{item.pk}/").status_code == 404


def test_api_workflow_and_conflict(village_user, town_user, pdf_upload):
    item = LedgerItemFactory()
    village = api(village_user)
    assert village.post(f"/api/v1/ledgers/items/{item.pk}/progress/", {"text": "已入户"}).status_code == 200
    response = village.post(
        f"/api/v1/ledgers/items/{item.pk}/evidence/", {"upload": pdf_upload}, format="multipart"
    )
    assert response.status_code == 200 and response.json()[0]["original_name"] == "整改照片.pdf"
    item.refresh_from_db()
    response = village.post(f"/api/v1/ledgers/items/{item.pk}/request-close/", {"version": item.version})
    assert response.json()["status"] == ItemStatus.CLOSE_REQUESTED
    assert (
        village.post(f"/api/v1/ledgers/items/{item.pk}/close/", {"version": item.version + 1}).status_code
        == 403
    )
    town = api(town_user)
    assert town.post(f"/api/v1/ledgers/items/{item.pk}/close/", {"version": item.version}).status_code == 409
    response = town.post(
        f"/api/v1/ledgers/items/{item.pk}/return/", {"version": item.version + 1, "reason": "材料不全"}
    )
    assert response.json()["status"] == ItemStatus.IN_PROGRESS
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.returned").exists()


def test_api_create_needs_create_permission(village_user, town_user):
    body = {"kind": "problem", "region_code": "440703101201", "description": "问题", "deadline": "2020-06-30"}
    assert api(village_user).post("/api/v1/ledgers/items/", body).status_code == 403
    response = api(town_user).post("/api/v1/ledgers/items/", body)
    assert response.status_code == 201 and response.json()["status"] == "open"


def test_api_filters_overdue(city_user):
    late = LedgerItemFactory(deadline="2020-01-01")
    LedgerItemFactory()
    data = api(city_user).get("/api/v1/ledgers/items/", {"overdue": "true"}).json()
    assert [row["id"] for row in data["results"]] == [late.pk] and data["results"][0]["overdue"] is True


def test_api_board_gives_the_pages_counts_for_the_callers_scope(city_user, town_user):
    import datetime

    LedgerItemFactory(deadline=datetime.date.today() - datetime.timedelta(days=3))  # overdue
    LedgerItemFactory(status=ItemStatus.CLOSED, closed_on=datetime.date.today())
    LedgerItemFactory(region_code="440703102201", lead_unit="市水利局")  # another town
    city = {k["kind"]: k for k in api(city_user).get("/api/v1/ledgers/board/").json()["kinds"]}
    assert city["problem"]["total"] == {
        "found": 3,
        "rectified": 1,
        "in_progress": 2,
        "overdue": 1,
        "closed": 1,
        "rate": 33.3,
    }
    assert {u["unit"]: u["found"] for u in city["problem"]["units"]} == {"市住房城乡建设局": 2, "市水利局": 1}
    town = {k["kind"]: k for k in api(town_user).get("/api/v1/ledgers/board/").json()["kinds"]}
    assert town["problem"]["total"]["found"] == 2
    assert [r["region"] for r in town["problem"]["regions"]] == ["440703101201"]


def test_api_board_needs_the_ledger_permission(auditor_user):
    assert api(auditor_user).get("/api/v1/ledgers/board/").status_code == 403


def test_api_patch_without_version_is_a_400_and_changes_nothing(town_user):
    item = LedgerItemFactory(description="原描述")

    response = api(town_user).patch(
        f"/api/v1/ledgers/items/{item.pk}/", {"description": "新描述"}, format="json"
    )

    assert response.status_code == 400 and "version" in response.json()["fields"]
    item.refresh_from_db()
    assert item.description == "原描述"


def test_api_item_without_a_household_has_a_null_household_number_in_the_schema_too(town_user):
    from drf_spectacular.generators import SchemaGenerator

    LedgerItemFactory(household=None)
    row = api(town_user).get("/api/v1/ledgers/items/").json()["results"][0]
    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert row["household_number"] is None
    assert schema["components"]["schemas"]["LedgerItem"]["properties"]["household_number"]["nullable"]
