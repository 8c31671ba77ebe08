"""Pages of the funds app: permissions, scope, the actions, the board and the exports."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.funds import services
from fupin.funds.models import Allocation, Disbursement
from fupin.funds.tests.factories import AllocationFactory
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 4, 1)
TOWN, OTHER_TOWN = "440703101000", "440703102000"


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def allocate(fund, user, code, amount, doc="江财农〔2020〕8号"):
    region = Region.objects.get(code=code)
    return services.allocate(
        fund, by=user, region=region, amount=Decimal(amount), document_number=doc, date=D
    )


def pay(allocation, user, amount, voucher):
    return services.disburse(
        allocation,
        by=user,
        amount=Decimal(amount),
        date=D,
        payee_kind="project",
        payee_name="合作社",
        voucher=voucher,
    )


def last_message(response):
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.mark.parametrize("name", ["home", "allocation_list", "disbursement_list", "disbursement_import"])
def test_pages_open_for_a_town_user_and_are_refused_without_the_permission(
    name, login, town_user, auditor_user, client
):
    assert login(town_user).get(reverse(f"funds:{name}")).status_code == 200
    client.logout()
    assert client.get(reverse(f"funds:{name}")).status_code == 302
    assert login(auditor_user).get(reverse(f"funds:{name}")).status_code == 403


def test_only_city_and_district_offices_open_the_allocation_form(login, district_user, town_user, funds):
    assert login(district_user).get(reverse("funds:allocation_create")).status_code == 200
    assert login(town_user).get(reverse("funds:allocation_create")).status_code == 403


def test_a_town_user_neither_sees_nor_pays_from_another_towns_allocation(login, town_user):
    other = AllocationFactory(region_id=OTHER_TOWN, document_number="荷塘专用文号")
    client = login(town_user)
    assert client.get(reverse("funds:allocation_detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("funds:allocation_disburse", args=[other.pk]),
        {"amount": "10", "date": "2020-05-01", "payee_kind": "other", "payee_name": "甲", "voucher": "1"},
    )
    assert response.status_code == 404
    assert "荷塘专用文号" not in client.get(reverse("funds:allocation_list")).content.decode()
    assert not Disbursement.objects.exists()


def test_a_village_cadre_cannot_disburse(login, village_user):
    allocation = AllocationFactory(region_id="440703101201")
    response = login(village_user).post(
        reverse("funds:allocation_disburse", args=[allocation.pk]),
        {"amount": "10", "date": "2020-05-01", "payee_kind": "other", "payee_name": "甲", "voucher": "1"},
    )
    assert response.status_code == 403
    assert not Disbursement.objects.exists()


def test_a_town_user_pays_from_the_page_and_an_overspend_is_refused_with_the_balance(
    login, funds, city_user, town_user
):
    allocation = allocate(funds["industry-fund"], city_user, TOWN, "5000")
    client = login(town_user)
    url = reverse("funds:allocation_disburse", args=[allocation.pk])
    form = {"amount": "3000", "date": "2020-05-01", "payee_kind": "project", "payee_name": "茶叶合作社"}
    response = client.post(url, {**form, "voucher": "记-1"})
    assert response.status_code == 302
    response = client.post(url, {**form, "voucher": "记-2"})
    assert last_message(response) == "超出可用额度：可用余额 2,000.00 元"
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("3000.00")
    page = client.get(reverse("funds:allocation_detail", args=[allocation.pk])).content.decode()
    assert "茶叶合作社" in page and "2,000.00" in page


def test_a_stale_reversal_is_refused_and_a_fresh_one_returns_the_money(login, funds, city_user, town_user):
    allocation = allocate(funds["industry-fund"], city_user, TOWN, "5000")
    payment = pay(allocation, town_user, "3000", "记-1")
    client = login(town_user)
    url = reverse("funds:disbursement_reverse", args=[payment.pk])
    response = client.post(url, {"version": payment.version + 1, "reason": "重复支付"})
    assert last_message(response) == "该记录已被他人修改，请刷新页面后重新填写。"
    client.post(url, {"version": payment.version, "reason": "重复支付"})
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("0.00")


def test_a_district_allocates_to_its_town_from_the_page(login, funds, district_user):
    fund = funds["training-budget"]
    client = login(district_user)
    form = {"fund": fund.pk, "region": TOWN, "amount": "400000", "document_number": "蓬扶〔2020〕3号"}
    response = client.post(reverse("funds:allocation_create"), {**form, "date": "2020-04-02"})
    assert response.status_code == 302
    response = client.post(reverse("funds:allocation_create"), {**form, "date": "2020-04-03"})
    assert "超出可用额度：可用余额 100,000.00 元" in response.content.decode()
    assert Allocation.objects.count() == 1


def test_the_board_figures_are_the_sums_of_the_rows(login, funds, city_user, district_user, town_user):
    fund = funds["housing-renovation"]
    mine = allocate(fund, city_user, TOWN, "100000")
    allocate(fund, city_user, "440704000000", "250000", doc="江财农〔2020〕9号")
    pay(mine, town_user, "1200", "记-1")
    pay(mine, town_user, "800.50", "记-2")
    services.reverse_disbursement(pay(mine, town_user, "999", "记-3"), by=town_user, reason="退回")

    city = login(city_user).get(reverse("funds:home")).context
    row = next(r for r in city["rows"] if r["fund"] == fund)
    paid = Disbursement.objects.filter(allocation__fund=fund, status="paid")
    assert (
        row["allocated"] == sum(a.amount for a in Allocation.objects.filter(fund=fund)) == Decimal("350000")
    )
    assert row["spent"] == sum(d.amount for d in paid) == Decimal("2000.50")
    assert row["remaining"] == Decimal("350000") - Decimal("2000.50")  # 结余: allocated - spent
    assert city["totals"]["allocated"] == sum(r["allocated"] for r in city["rows"])
    by_region = {r["code"]: r["allocated"] for r in city["regions"]}
    assert by_region == {"440703000000": Decimal("100000"), "440704000000": Decimal("250000")}

    district = login(district_user).get(reverse("funds:home")).context
    row = next(r for r in district["rows"] if r["fund"] == fund)
    assert (row["allocated"], row["spent"], row["unallocated"]) == (
        Decimal("100000"),
        Decimal("2000.50"),
        None,
    )
    assert [r["code"] for r in district["regions"]] == [TOWN]


def test_exports_are_audited_and_hold_only_the_scope(login, funds, city_user, town_user):
    allocation = allocate(funds["industry-fund"], city_user, TOWN, "5000")
    pay(allocation, town_user, "100", "记-1")
    AllocationFactory(region_id=OTHER_TOWN, document_number="荷塘专用文号")
    client = login(town_user)
    response = client.get(reverse("funds:allocation_list") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "江财农〔2020〕8号" in body and "荷塘专用文号" not in body
    response = client.get(reverse("funds:disbursement_list") + "?export=xlsx&status=paid")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = dict(AuditEntry.objects.filter(action__endswith=".exported").values_list("action", "changes"))
    assert exported["funds.allocation.exported"]["rows"] == [None, 1]
    assert exported["funds.disbursement.exported"]["filters"][1]["status"] == "paid"
