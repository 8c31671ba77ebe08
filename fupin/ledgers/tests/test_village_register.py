"""Screening after issue 15 (R5.2): 一提升 on the checklist, the village register with the old revolutionary
villages and their collective income by year, their water and road ledger items read by the board's
target, and the screenings listed with their coverage and exported."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed
from fupin.dashboard.targets import target_board
from fupin.ledgers import screening
from fupin.ledgers.choices import HOUSEHOLD_CHECKS, Category, CheckItem, ItemStatus, LedgerKind
from fupin.ledgers.forms import HouseholdScreeningForm
from fupin.ledgers.models import CollectiveIncome, LedgerItem
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
VILLAGE, OTHER_VILLAGE = "440703101201", "440703101202"
ALL_PASS = dict.fromkeys(HOUSEHOLD_CHECKS, True)


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _old_village(by, code=VILLAGE):
    return screening.register_village(by=by, region_code=code, old_revolutionary=True)


def test_yi_tisheng_is_on_the_household_checklist_and_a_failure_becomes_a_problem_item(village_user, plan):
    assert "yi_tisheng" in HouseholdScreeningForm().fields
    household = HouseholdFactory()

    check = screening.screen(
        by=village_user,
        region_code="",
        household=household,
        results={**ALL_PASS, CheckItem.YI_TISHENG: False},
    )

    item = check.results.get(item=CheckItem.YI_TISHENG).ledger_item
    assert item.kind == LedgerKind.PROBLEM and "一提升" in item.description


def test_old_revolutionary_villages_are_marked_in_the_register_with_their_income_by_year(
    district_user, village_user, plan
):
    village = _old_village(district_user)
    screening.record_collective_income(by=village_user, region_code=VILLAGE, year=2019, amount=180000)
    screening.screen(
        by=village_user,
        region_code=VILLAGE,
        collective_income=230000,
        checked_on=datetime.date(2020, 6, 1),
        results={CheckItem.OLD_BASE_WATER: True, CheckItem.OLD_BASE_ROAD: True},
    )

    incomes = dict(CollectiveIncome.objects.filter(village=village).values_list("year", "amount"))
    assert village.old_revolutionary and incomes == {2019: Decimal("180000"), 2020: Decimal("230000")}
    assert AuditEntry.objects.get(action="ledgers.villageprofile.registered").actor == district_user
    assert AuditEntry.objects.filter(action="ledgers.collectiveincome.recorded").count() == 2


def test_a_village_cadre_cannot_mark_an_old_revolutionary_village(village_user):
    with pytest.raises(NotAllowed):
        _old_village(village_user)


def test_old_base_items_are_asked_only_of_old_revolutionary_villages(village_user, plan):
    with pytest.raises(DomainError):
        screening.screen(
            by=village_user,
            region_code=VILLAGE,
            collective_income=250000,
            results={CheckItem.OLD_BASE_ROAD: False},
        )


def test_water_and_road_problems_of_an_old_village_are_ledger_items_read_by_the_board_target(
    district_user, village_user, city_user, plan
):
    _old_village(district_user)
    _old_village(district_user, OTHER_VILLAGE)
    screening.screen(
        by=village_user,
        region_code=VILLAGE,
        collective_income=250000,
        results={CheckItem.OLD_BASE_WATER: False, CheckItem.OLD_BASE_ROAD: True},
    )
    water = LedgerItem.objects.get(region_code=VILLAGE, category=Category.WATER, household=None)
    LedgerItemFactory(
        region_code=OTHER_VILLAGE,
        category=Category.ROAD,
        status=ItemStatus.CLOSED,
        closed_on=datetime.date(2020, 5, 1),
    )
    LedgerItemFactory(region_code=VILLAGE, category=Category.HOUSING)  # not a water or road item

    row = {r.code: r for r in target_board(city_user, datetime.date(2020, 5, 1))}[
        "old-revolutionary-villages"
    ]

    assert water.kind == LedgerKind.PROBLEM
    assert (
        row.value == 1 and row.target == 100
    )  # the other village's road item is closed; this one's water is open
    assert "革命老区村 2 个" in row.detail and "已销号 1 / 2 条" in row.detail


def test_screenings_are_listed_with_the_villages_covered_and_exported(
    client, district_user, village_user, plan
):
    screening.screen(by=village_user, region_code=VILLAGE, collective_income=210000, results={})
    screening.screen(by=village_user, region_code="", household=HouseholdFactory(), results=ALL_PASS)
    client.force_login(district_user)

    page = client.get(reverse("ledgers:screening_list"))
    export = client.get(reverse("ledgers:screening_list"), {"scope": "village", "export": "xlsx"})

    assert page.context["coverage"] == {"screened": 1, "villages": 3, "rate": 33.3}  # 3 villages in 蓬江区
    assert page.context["page"].paginator.count == 2
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))[3:]
    assert len(rows) == 1 and rows[0][3] == "测试一村"
    assert AuditEntry.objects.filter(action="ledgers.screeningcheck.exported").exists()


def test_the_register_page_lists_marks_and_exports_villages(client, district_user, village_user):
    client.force_login(district_user)
    response = client.post(
        reverse("ledgers:village_create"), {"region_code": VILLAGE, "old_revolutionary": "on", "note": "老区"}
    )
    assert response.status_code == 302
    screening.record_collective_income(
        by=village_user, region_code=VILLAGE, year=datetime.date.today().year, amount=300000
    )

    listed = client.get(reverse("ledgers:village_list"), {"old_revolutionary": "true"})
    export = client.get(reverse("ledgers:village_list"), {"export": "xlsx"})

    assert listed.status_code == 200 and "测试一村" in listed.content.decode()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))[3:]
    assert rows[0][:2] == ("测试一村", "是") and 300000 in rows[0]
    village_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    client.force_login(village_user)
    saved = client.post(
        reverse("ledgers:village_detail", args=[village_pk]),
        {"income": "1", "year": 2019, "amount": "150000"},
    )
    detail = client.get(reverse("ledgers:village_detail", args=[village_pk])).content.decode()
    assert saved.status_code == 302 and "150,000.00" in detail and "300,000.00" in detail
    assert client.get(reverse("ledgers:screen_village"), {"region": VILLAGE}).status_code == 200


def test_the_register_and_the_screenings_are_in_the_api(district_user, village_user, plan):
    api = _api(district_user)
    created = api.post(
        "/api/v1/ledgers/villages/", {"region_code": VILLAGE, "old_revolutionary": True}, format="json"
    )
    village_id = created.json()["id"]
    income = _api(village_user).post(
        f"/api/v1/ledgers/villages/{village_id}/incomes/",
        {"year": 2020, "amount": "205000.00"},
        format="json",
    )
    patched = api.patch(
        f"/api/v1/ledgers/villages/{village_id}/", {"note": "百村", "version": 1}, format="json"
    )
    screened = _api(village_user).post(
        "/api/v1/ledgers/screenings/",
        {"region_code": VILLAGE, "collective_income": "150000", "results": {"old_base_road": False}},
        format="json",
    )
    coverage = api.get("/api/v1/ledgers/screenings/coverage/")
    bad_year = api.get("/api/v1/ledgers/screenings/coverage/", {"year": "99999"})

    assert created.status_code == 201 and income.status_code == 200 and patched.status_code == 200
    assert screened.status_code == 201
    assert {r["item"]: r["passed"] for r in screened.json()["results"]} == {
        "old_base_road": False,
        "collective_income": False,
    }
    assert coverage.json()["screened"] == 1 and bad_year.status_code == 400
