"""Exports of the weekly tracking. The weekly report has a merged two-row header (dimension group over
indicator), which fupin.core.exporting's one-row header cannot express, so it is written here with
XlsxWriter directly; simple lists use fupin.core.exporting.export_response."""

import io
from itertools import groupby

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.exporting import ledger_formats, xlsx_download
from fupin.reports.dimensions import GROUPS


def weekly_report_xlsx(*, title, unit_name, table, first_header) -> bytes:
    """The 台账 form: title, 填报单位 / 填报日期, merged group header over indicator header, rows, total."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    ws = wb.add_worksheet(_("周报"))
    dims = table["dimensions"]
    last = len(dims)
    title_fmt, head = ledger_formats(wb)
    cell = wb.add_format({"border": 1})
    total_fmt = wb.add_format({"border": 1, "bold": True})
    ws.merge_range(0, 0, 0, last, title, title_fmt)
    ws.set_row(0, 28)
    ws.write_string(1, 0, _("填报单位：%(unit)s") % {"unit": unit_name})
    ws.write_string(1, max(last - 3, 1), _("填报日期：%(date)s") % {"date": timezone.localdate().isoformat()})
    ws.merge_range(2, 0, 3, 0, first_header, head)
    col = 1
    for group, members in groupby(dims, key=lambda d: d.group):
        members = list(members)
        if len(members) > 1:
            ws.merge_range(2, col, 2, col + len(members) - 1, str(GROUPS[group]), head)
        else:
            ws.write_string(2, col, str(GROUPS[group]), head)
        for offset, d in enumerate(members):
            ws.write_string(3, col + offset, str(d.label), head)
        col += len(members)
    ws.set_row(3, 42)
    ws.set_column(0, 0, 16)
    ws.set_column(1, last, 10)
    r = 4
    for row in table["rows"]:
        ws.write_string(r, 0, row["region"].name, cell)
        for i, v in enumerate(row["values"], start=1):
            ws.write_number(r, i, v, cell)
        r += 1
    ws.write_string(r, 0, _("合计"), total_fmt)
    for i, v in enumerate(table["total"], start=1):
        ws.write_number(r, i, v, total_fmt)
    if table["change"]:
        ws.write_string(r + 1, 0, _("较上周"), cell)
        for i, v in enumerate(table["change"], start=1):
            ws.write_number(r + 1, i, v, cell)
    ws.freeze_panes(4, 1)
    wb.close()
    return out.getvalue()


def weekly_report_response(request, *, period, prefix, region_name, table, first_header):
    title = _("%(region)s贫困户疫情影响跟踪周报（%(week)s）") % {"region": region_name, "week": period.label}
    body = weekly_report_xlsx(title=title, unit_name=region_name, table=table, first_header=first_header)
    record(
        "reports.weeklyreport.exported",
        by=request.user,
        region_code=prefix.ljust(12, "0"),
        note=title,
        changes={"period": [None, period.pk], "rows": [None, len(table["rows"])]},
    )
    return xlsx_download(body, f"weekly-{prefix}-{period.iso_year}W{period.iso_week:02d}.xlsx")
