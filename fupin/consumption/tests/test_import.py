"""Imports of sales kept elsewhere: every row checked, then all rows or none."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.consumption.importers import import_sales
from fupin.consumption.models import Buyer, Order
from fupin.consumption.tests.factories import ListingFactory
from fupin.core.importing import read_upload_table

pytestmark = pytest.mark.django_db


def workbook(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("销售清单.xlsx", data.getvalue())


def test_a_platforms_sales_list_becomes_orders_of_the_buyers_it_names(district_user, buyer_user):
    listing = ListingFactory(quantity=100)
    upload = workbook(
        [
            ["日期", "采购单位", "供应编号", "数量", "单价"],
            ["2020-03-02", "测试食堂", listing.pk, 30, 3.5],
            ["2020-03-09", "测试食堂", listing.pk, 20, None],
        ]
    )

    result = import_sales(read_upload_table(upload), by=district_user, file_name=upload.name)

    assert result.errors == [] and result.created == 2
    assert Buyer.objects.get(user=buyer_user).purchased == 30 * 3.5 + 20 * 4
    assert set(Order.objects.values_list("source", flat=True)) == {"import:销售清单.xlsx"}


def test_one_bad_row_imports_nothing_and_names_its_row_and_column(district_user, buyer_user):
    listing = ListingFactory(quantity=10)
    upload = workbook(
        [
            ["日期", "采购单位", "供应编号", "数量"],
            ["2020-03-02", "测试食堂", listing.pk, 5],
            ["2020-03-03", "不存在的单位", listing.pk, 1],
            ["2020-03-04", "测试食堂", listing.pk, 50],
        ]
    )

    result = import_sales(read_upload_table(upload), by=district_user, file_name=upload.name)

    assert [(e.row, e.column) for e in result.errors] == [(3, "采购单位")]
    assert Order.objects.count() == 0


def test_a_row_that_would_oversell_undoes_the_whole_ledger(buyer_user):
    buyer = Buyer.objects.get(user=buyer_user)
    listing = ListingFactory(quantity=10)
    upload = workbook(
        [["日期", "供应编号", "数量"], ["2020-03-02", listing.pk, 8], ["2020-03-03", listing.pk, 8]]
    )

    result = import_sales(read_upload_table(upload), by=buyer_user, own_buyer=buyer)

    assert [e.row for e in result.errors] == [3]
    listing.refresh_from_db()
    assert listing.remaining == 10 and Order.objects.count() == 0


def test_the_office_imports_a_sales_list_on_its_page_and_sees_the_orders(client, district_user, buyer_user):
    listing = ListingFactory(quantity=100)
    client.force_login(district_user)
    upload = workbook([["日期", "采购单位", "供应编号", "数量"], ["2020-03-02", "测试食堂", listing.pk, 30]])

    response = client.post(reverse("consumption:sales_import"), {"file": upload}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("consumption:order_list")
    assert "已导入 1 条销售记录" in response.content.decode()
    assert Order.objects.get().buyer == Buyer.objects.get(user=buyer_user)


def test_a_buyer_ledger_with_a_bad_row_shows_the_row_and_column_and_imports_nothing(client, buyer_user):
    listing = ListingFactory(quantity=10)
    client.force_login(buyer_user)
    upload = workbook([["日期", "供应编号", "数量"], ["2020-03-02", listing.pk, 2], ["某天", listing.pk, 1]])

    response = client.post(reverse("consumption:purchase_import"), {"file": upload})

    assert response.status_code == 200
    errors = response.content.decode().split('id="import-errors"')[1].split("</table>")[0]
    assert "<td>3</td>" in errors and "日期" in errors
    assert Order.objects.count() == 0
