"""The export engine: 台账 form, text IDs, CSV with BOM, sheet overflow, formula neutralisation, audit."""

import io
import tracemalloc

import openpyxl
import pytest
from django.test import RequestFactory

from fupin.audit.models import AuditEntry
from fupin.core.exporting import export_response, neutralise, write_csv, write_xlsx

COLUMNS = [("户编号", 12), ("公民身份号码", 22), ("人数", 8)]


def _xlsx(rows, **kwargs):
    buffer = io.BytesIO()
    count = write_xlsx(
        buffer, title="蓬江区贫困户花名册", columns=COLUMNS, rows=rows, unit_name="蓬江区", **kwargs
    )
    buffer.seek(0)
    return count, openpyxl.load_workbook(buffer)


def test_xlsx_has_title_unit_and_date_line_header_frozen_and_widths():
    count, workbook = _xlsx([["H1", "440703196001010012", 3]])

    sheet = workbook.active
    assert count == 1
    assert sheet["A1"].value == "蓬江区贫困户花名册"
    assert "填报单位：蓬江区" in sheet["A2"].value
    assert any(str(c.value or "").startswith("填报日期：") for c in sheet[2])
    assert [c.value for c in sheet[3]] == ["户编号", "公民身份号码", "人数"]
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["B"].width == pytest.approx(22, abs=1)


def test_ids_stay_text_and_numbers_stay_numbers():
    _count, workbook = _xlsx([["H1", "440703196001010012", 3]])

    sheet = workbook.active
    assert sheet["B4"].value == "440703196001010012"
    assert sheet["B4"].data_type == "s"
    assert sheet["C4"].value == 3


@pytest.mark.parametrize("dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_like_cells_are_neutralised_in_xlsx_and_csv(dangerous):
    _count, workbook = _xlsx([["H1", dangerous, 1]])
    text = io.StringIO()
    write_csv(text, columns=COLUMNS, rows=[["H1", dangerous, 1]])

    cell = workbook.active["B4"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'")  # openpyxl shows a CR as _x000D_
    assert "'" + dangerous in text.getvalue()
    assert neutralise("普通文本") == "普通文本"


def test_csv_is_utf8_with_bom_and_a_header():
    text = io.StringIO()

    count = write_csv(text, columns=COLUMNS, rows=[["H1", "440703196001010012", 3]])

    assert count == 1
    assert text.getvalue().startswith("\ufeff户编号,公民身份号码,人数")


def test_rows_beyond_a_sheet_continue_on_a_new_sheet():
    rows = ([f"H{i}", "x", i] for i in range(25))

    count, workbook = _xlsx(rows, max_rows=13)  # 3 header rows + 10 data rows per sheet

    assert count == 25
    assert len(workbook.worksheets) == 3
    second = workbook.worksheets[1]
    assert [c.value for c in second[3]] == ["户编号", "公民身份号码", "人数"]
    assert second["A4"].value == "H10"
    assert workbook.worksheets[2].max_row == 3 + 5


def test_memory_stays_bounded_while_writing_many_rows():
    rows = ([f"H{i:08d}", f"4407031960{i:08d}", i] for i in range(60_000))
    tracemalloc.start()
    count, _workbook = (write_xlsx(io.BytesIO(), title="t", columns=COLUMNS, rows=rows), None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 60_000
    assert peak < 20 * 1024 * 1024


def test_export_response_is_audited_with_its_filter_and_row_count(district_user):
    request = RequestFactory().get("/households/export/?status=0")
    request.user = district_user

    response = export_response(
        request,
        title="花名册",
        columns=COLUMNS,
        rows=[["H1", "4407", 1], ["H2", "4407", 2]],
        filename="households",
        fmt="csv",
        audit_action="registry.household.exported",
        region_code="440703000000",
        filters={"status": "0"},
    )

    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert response["Content-Disposition"].startswith("attachment")
    entry = AuditEntry.objects.get(action="registry.household.exported")
    assert entry.actor == district_user
    assert entry.changes["filters"] == [None, {"status": "0"}]
    assert entry.changes["rows"] == [None, 2]
    assert entry.region_code == "440703000000"
