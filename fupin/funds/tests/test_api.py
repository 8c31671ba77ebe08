"""The funds API: scoped reads, writes through the services, refusals in the project's one error format."""

from decimal import Decimal

import pytest

from fupin.funds.models import Allocation, Disbursement
from fupin.funds.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db
TOWN, OTHER_TOWN = "440703101000", "440703102000"


@pytest.fixture
def api(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def allocation_body(fund, amount, region=TOWN):
    return {
        "fund": fund.pk,
        "region": region,
        "amount": amount,
        "document_number": "江财农〔2020〕5号",
        "date": "2020-04-01",
    }


def payment_body(allocation, amount, voucher="记-1"):
    return {
        "allocation": allocation["id"] if isinstance(allocation, dict) else allocation.pk,
        "amount": amount,
        "date": "2020-05-01",
        "payee_kind": "project",
        "payee_name": "蔬菜种植专业合作社",
        "voucher": voucher,
    }


def test_allocations_and_payments_are_created_and_an_overspend_answers_the_balance(
    api, funds, city_user, town_user
):
    fund = funds["zhengyinbao-subsidy"]
    created = post(api(city_user), "/api/v1/funds/allocations/", allocation_body(fund, "1500000"))
    assert created.status_code == 201
    refused = post(api(city_user), "/api/v1/funds/allocations/", allocation_body(fund, "600000"))
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "over_limit",
        "message": "超出可用额度：可用余额 500,000.00 元",
        "fields": {"amount": ["超出可用额度：可用余额 500,000.00 元"]},
    }
    allocation = created.json()
    town = api(town_user)
    assert post(town, "/api/v1/funds/disbursements/", payment_body(allocation, "1000000")).status_code == 201
    refused = post(town, "/api/v1/funds/disbursements/", payment_body(allocation, "500000.01", "记-2"))
    assert (refused.status_code, refused.json()["message"]) == (400, "超出可用额度：可用余额 500,000.00 元")
    assert Disbursement.objects.count() == 1 and Allocation.objects.count() == 1


def test_reversal_through_the_api_returns_the_money_and_a_stale_one_is_a_conflict(
    api, funds, city_user, town_user
):
    allocation = post(
        api(city_user), "/api/v1/funds/allocations/", allocation_body(funds["industry-fund"], "9000")
    )
    town = api(town_user)
    payment = post(town, "/api/v1/funds/disbursements/", payment_body(allocation.json(), "9000")).json()
    url = f"/api/v1/funds/disbursements/{payment['id']}/reverse/"
    stale = post(town, url, {"version": payment["version"] + 1, "reason": "账号错误"})
    assert (stale.status_code, stale.json()["error"]) == (409, "conflict")
    done = post(town, url, {"version": payment["version"], "reason": "账号错误"})
    assert (done.status_code, done.json()["status"]) == (200, "reversed")
    assert town.get(f"/api/v1/funds/allocations/{allocation.json()['id']}/").json()["spent"] == "0.00"


def test_another_towns_records_do_not_exist_for_a_town_user(api, town_user):
    other = AllocationFactory(region_id=OTHER_TOWN)
    town = api(town_user)
    assert town.get(f"/api/v1/funds/allocations/{other.pk}/").status_code == 404
    assert town.get("/api/v1/funds/allocations/").json()["count"] == 0
    refused = post(town, "/api/v1/funds/disbursements/", payment_body(other, "10"))
    assert refused.status_code == 400 and "allocation" in refused.json()["fields"]
    assert not Disbursement.objects.exists()


def test_a_village_cadre_may_read_but_not_pay(api, village_user):
    allocation = AllocationFactory(region_id="440703101201")
    village = api(village_user)
    assert village.get("/api/v1/funds/allocations/").json()["count"] == 1
    assert post(village, "/api/v1/funds/disbursements/", payment_body(allocation, "10")).status_code == 403


def test_fund_totals_are_city_wide_for_the_city_and_the_districts_own_for_a_district(
    api, funds, city_user, district_user
):
    fund = funds["housing-renovation"]
    post(api(city_user), "/api/v1/funds/allocations/", allocation_body(fund, "100000"))
    post(api(city_user), "/api/v1/funds/allocations/", allocation_body(fund, "300000", "440704000000"))

    def figures(user):
        row = next(f for f in api(user).get("/api/v1/funds/funds/").json()["results"] if f["id"] == fund.pk)
        return Decimal(row["amount"]), Decimal(row["allocated"])

    assert figures(city_user) == (Decimal("2110000"), Decimal("400000"))
    assert figures(district_user) == (Decimal("2110000"), Decimal("100000"))


def test_disbursement_filter_with_an_overflowing_number_is_a_400_with_a_message(api, city_user):
    response = api(city_user).get("/api/v1/funds/disbursements/", {"allocation": "9" * 20})
    assert response.status_code == 400 and response.json()["fields"]["allocation"]
