"""Import of disbursements from Excel or CSV: every row checked, then all or nothing."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.funds import services
from fupin.funds.models import Disbursement
from fupin.regions.models import Region
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
DOC = "江财农〔2020〕8号"
HEADER = ["文号", "金额", "日期", "收款对象", "身份证号", "户编号", "凭证号", "用途"]


@pytest.fixture
def allocation(funds, city_user):
    town = Region.objects.get(code="440703101000")
    return services.allocate(
        funds["housing-renovation"],
        by=city_user,
        region=town,
        amount=Decimal("10000"),
        document_number=DOC,
        date=datetime.date(2020, 4, 1),
    )


@pytest.fixture
def upload(client, town_user, tmp_path):
    client.force_login(town_user)

    def _upload(rows, name="payments.xlsx"):
        path = tmp_path / name
        if name.endswith(".csv"):
            path.write_text("\n".join(",".join(str(c) for c in row) for row in rows), encoding="utf-8-sig")
        else:
            book = openpyxl.Workbook()
            for row in rows:
                book.active.append(row)
            book.save(path)
        with open(path, "rb") as handle:
            return client.post(reverse("funds:disbursement_import"), {"file": handle})

    return _upload


def head_of(village):
    return MemberFactory(household=HouseholdFactory(region_id=village), name="张三")


@pytest.mark.parametrize("name", ["payments.xlsx", "payments.csv"])
def test_a_good_file_pays_every_row_audited(allocation, upload, name):
    one, two = head_of("440703101201"), HouseholdFactory(region_id="440703101202")
    response = upload(
        [
            HEADER,
            [DOC, 3000, "2020-05-01", "张三", one.id_number, "", "记-1", "产业补助"],
            [DOC, "2000.50", "2020/5/2", "李四", "", two.number, "记-2", ""],
        ],
        name,
    )
    assert response.status_code == 302
    paid = Disbursement.objects.order_by("voucher_number")
    assert [(d.household_id, d.amount, d.payee_kind) for d in paid] == [
        (one.household_id, Decimal("3000.00"), "household"),
        (two.pk, Decimal("2000.50"), "household"),
    ]
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("5000.50")
    sources = set(
        AuditEntry.objects.filter(action="funds.disbursement.created").values_list("source", flat=True)
    )
    assert sources == {f"import:{name}"}


def test_a_file_with_any_bad_row_writes_nothing_and_lists_each_error(allocation, upload):
    other_town = head_of("440703102201")
    response = upload(
        [
            HEADER,
            [DOC, 100, "2020-05-01", "甲", "", "", "记-1", ""],
            [DOC, 0, "2020-05-01", "乙", "", "", "记-2", ""],
            [DOC, 100, "2020-05-01", "丙", "", "T999999999", "记-3", ""],
            [DOC, 100, "2020-05-01", "丁", "", "", "", ""],
            ["无此文号", 100, "2020-05-01", "戊", "", "", "记-5", ""],
            [DOC, 100, "2020-13-01", "己", other_town.id_number, "", "记-6", ""],
        ]
    )
    assert response.context["errors"] == [
        (3, "金额", "金额必须大于零。"),
        (4, "户编号", "户编号不存在或不在您的范围内"),
        (5, "凭证号", "必填"),
        (6, "文号", "找不到该文号的下达，或不在您的支出范围内"),
        (7, "日期", "日期格式应为 YYYY-MM-DD"),
        (7, "身份证号", "身份证号不存在或不在您的范围内"),
    ]
    assert not Disbursement.objects.exists()
    allocation.refresh_from_db()
    assert allocation.spent == Decimal("0.00")


def test_rows_that_together_exceed_the_balance_are_refused_naming_them(allocation, upload):
    response = upload(
        [
            HEADER,
            [DOC, 4000, "2020-05-01", "甲合作社", "", "", "记-1", ""],
            [DOC, 4000, "2020-05-02", "乙合作社", "", "", "记-2", ""],
            [DOC, 4000, "2020-05-03", "丙合作社", "", "", "记-3", ""],
        ]
    )
    assert response.context["errors"] == [
        (2, "金额", "第 2、3、4 行合计 12,000.00 元，超出下达“江财农〔2020〕8号”的可用余额 10,000.00 元"),
    ]
    assert not Disbursement.objects.exists()


def test_a_village_cadre_cannot_import(client, village_user):
    client.force_login(village_user)
    assert client.get(reverse("funds:disbursement_import")).status_code == 403


def test_a_payment_repeated_in_the_file_or_already_recorded_is_refused(allocation, upload, town_user):
    services.disburse(
        allocation,
        by=town_user,
        amount=Decimal("100"),
        date=datetime.date(2020, 5, 1),
        payee_kind="project",
        payee_name="甲合作社",
        voucher="记-1",
    )
    response = upload(
        [
            HEADER,
            [DOC, 100, "2020-05-01", "甲合作社", "", "", "记-1", ""],
            [DOC, 200, "2020-05-01", "乙合作社", "", "", "记-2", ""],
            [DOC, 200, "2020-05-01", "乙合作社", "", "", "记-2", ""],
        ]
    )
    assert response.context["errors"] == [
        (2, "凭证号", "该凭证号下已登记过同一收款对象的同一笔支出。"),
        (4, "凭证号", "与第 3 行重复"),
    ]
    assert Disbursement.objects.count() == 1
