"""One number and date format in both languages; money to Excel as numbers; regions by name."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from fupin.core.display import money, region_html, region_name
from fupin.core.exporting import Column, write_xlsx

DAY = datetime.date(2020, 5, 8)


def _render(text, **context):
    return engines["django"].from_string("{% load display humanize %}" + text).render(context)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_has_thousands_separators_and_two_decimals_in_both_languages(language):
    with translation.override(language):
        assert money(Decimal("19100000")) == "19,100,000.00"
        assert _render('{{ v|floatformat:"2g" }} {{ v|money }} {{ n|intcomma }}', v=19100000, n=13207) == (
            "19,100,000.00 19,100,000.00 13,207"
        )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_is_written_one_way_in_both_languages(language):
    with translation.override(language):
        assert _render("{{ d }} {{ d|date }}", d=DAY) == "2020-05-08 2020-05-08"


def test_a_chinese_page_shows_the_budget_with_thousands_separators(client, city_user):
    from fupin.funds.services import open_plan_funds
    from fupin.plan.tests.factories import plan_2020

    open_plan_funds(plan_2020())
    client.force_login(city_user)

    page = client.get(reverse("funds:home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "19,100,000.00" in page


def test_exported_money_is_a_number_cell_with_a_number_format():
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        title="资金下达",
        columns=[Column("文号"), Column("金额(元)", kind="number"), Column("笔数", kind="number")],
        rows=[["江财农〔2020〕8号", Decimal("19100000.00"), 13207]],
    )
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).active

    assert sheet["B4"].data_type == "n" and sheet["B4"].value == 19100000
    assert sheet["B4"].number_format == "#,##0.00"
    assert sheet["C4"].number_format == "#,##0"
    assert sheet["A4"].data_type == "s"


def test_a_region_shows_by_name_with_its_code_on_hover(villages):
    assert region_name("440703101201") == "测试一村"
    assert str(region_html("440703101201")) == '<span class="region" title="440703101201">测试一村</span>'
    assert region_name("") == "—"
