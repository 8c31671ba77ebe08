"""Exports in the 台账 form offices already use: xlsx (title, 填报单位/填报日期 line, header) or CSV.

Rows come from a generator over a queryset already scoped and filtered. The file is written to a temporary
file (XlsxWriter in constant-memory mode; csv line by line), so memory stays bounded whatever the size,
then streamed to the client. Every export is recorded in the audit trail with its filter and row count.
"""

import csv
import datetime
import io
import tempfile
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fupin.core.auditing import masked_filters, record, user_scope

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXCEL_MAX_ROWS = 1_048_576
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    header: str
    width: int = 14
    kind: str = "text"  # text | number | date


def as_columns(columns):
    return [
        c if isinstance(c, Column) else Column(*c) if isinstance(c, tuple | list) else Column(str(c))
        for c in columns
    ]


def neutralise(value):
    """A text cell that Excel or a CSV reader could take for a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _number_kind(value, column_kind):
    """Which number format a cell takes: money for decimals, grouped counts in number columns, none for text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, Decimal):
        return "money"
    return "count" if column_kind == "number" and isinstance(value, int) else "plain"


def ledger_formats(workbook):
    """The title and column-header cell formats of every 台账 workbook the project writes."""
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head = workbook.add_format(
        {
            "bold": True,
            "bg_color": "#E7ECF1",
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
        }
    )
    return title, head


def write_xlsx(fileobj, *, title, columns, rows, unit_name="", sheet_name=None, max_rows=EXCEL_MAX_ROWS):
    """Write rows as a 台账 workbook; returns the number of data rows. Text stays text (IDs are never numbers)."""
    columns = as_columns(columns)
    workbook = xlsxwriter.Workbook(
        fileobj,
        {
            "constant_memory": True,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    title_fmt, head_fmt = ledger_formats(workbook)
    meta_fmt = workbook.add_format({"font_size": 10})
    text_fmt = workbook.add_format({"num_format": "@"})
    # Numbers go to Excel as numbers with the project's format (docs/display.md), so a sheet can sum them.
    number_fmts = {
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "count": workbook.add_format({"num_format": "#,##0"}),
        "plain": workbook.add_format({"num_format": "General"}),
    }
    base_name = (sheet_name or _("台账"))[:25]
    header_rows = 3
    per_sheet = max_rows - header_rows
    count = 0
    sheet_no = 0
    sheet = None
    row_in_sheet = per_sheet

    def new_sheet():
        nonlocal sheet_no
        sheet_no += 1
        ws = workbook.add_worksheet(base_name if sheet_no == 1 else f"{base_name}({sheet_no})")
        last = max(len(columns) - 1, 0)
        if last:
            ws.merge_range(0, 0, 0, last, title, title_fmt)
        else:
            ws.write_string(0, 0, title, title_fmt)
        ws.set_row(0, 28)
        ws.write_string(1, 0, _("填报单位：%(unit)s") % {"unit": unit_name}, meta_fmt)
        ws.write_string(
            1,
            min(last, max(last - 2, 1)) if last else 0,
            _("填报日期：%(date)s") % {"date": timezone.localdate().isoformat()},
            meta_fmt,
        )
        for i, col in enumerate(columns):
            ws.set_column(i, i, col.width, text_fmt if col.kind == "text" else None)
            ws.write_string(2, i, str(col.header), head_fmt)
        ws.freeze_panes(header_rows, 0)
        return ws

    for row in rows:
        if row_in_sheet >= per_sheet:
            sheet = new_sheet()
            row_in_sheet = 0
        r = header_rows + row_in_sheet
        for i, value in enumerate(row):
            value = _cell(value)
            kind = _number_kind(value, columns[i].kind if i < len(columns) else "text")
            if kind:
                sheet.write_number(r, i, float(value) if kind == "money" else value, number_fmts[kind])
            else:
                sheet.write_string(r, i, str(neutralise(value)))
        row_in_sheet += 1
        count += 1
    if sheet is None:
        new_sheet()
    workbook.close()
    return count


def write_csv(fileobj, *, columns, rows):
    """UTF-8 with BOM so Excel on Chinese Windows opens it correctly; returns the number of data rows."""
    columns = as_columns(columns)
    fileobj.write("\ufeff")
    writer = csv.writer(fileobj)
    writer.writerow([c.header for c in columns])
    count = 0
    for row in rows:
        writer.writerow([neutralise(_cell(v)) for v in row])
        count += 1
    return count


def export_response(
    request,
    *,
    title,
    columns,
    rows,
    filename,
    fmt="xlsx",
    audit_action,
    region_code="",
    filters=None,
    unit_name=None,
    permission=None,
):
    """Write the export to a temporary file, audit it, and stream it back. The entry names the rows written
    and the user's scope for `permission` (by default the view permission of the action's model);
    `region_code` is only noted as the region asked for."""
    unit_name = unit_name if unit_name is not None else _default_unit(request.user)
    if fmt == "csv":
        body = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        text = io.TextIOWrapper(body, encoding="utf-8", newline="")
        count = write_csv(text, columns=columns, rows=rows)
        text.flush()
        text.detach()  # keep the binary file open after the wrapper goes away
        body.seek(0)
        content_type, ext = "text/csv; charset=utf-8", "csv"
    else:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        count = write_xlsx(tmp, title=title, columns=columns, rows=rows, unit_name=unit_name)
        tmp.seek(0)
        content_type = XLSX_CONTENT_TYPE
        ext = "xlsx"
        body = tmp
    # The entry belongs to the user's real scope (not the region asked for, which they choose), so the
    # auditors over that scope see it.
    scope_region, prefixes = user_scope(request.user, permission, audit_action=audit_action)
    record(
        audit_action,
        by=request.user,
        region_code=scope_region,
        note=f"{title}; rows={count}; format={ext}",
        changes={
            "filters": [None, masked_filters(_clean_filters(filters))],
            "region": [None, region_code],
            "scope": [None, prefixes],
            "rows": [None, count],
        },
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        body, as_attachment=True, filename=f"{filename}-{stamp}.{ext}", content_type=content_type
    )


def _clean_filters(filters):
    if filters is None:
        return {}
    if hasattr(filters, "lists"):
        return {
            k: v if len(v) > 1 else v[0]
            for k, v in filters.lists()
            if k not in ("page", "csrfmiddlewaretoken")
        }
    return dict(filters)


def _default_unit(user):
    unit = getattr(user, "unit", "") or ""
    if unit:
        return unit
    region = getattr(user, "home_region", None)
    return region.name if region else ""


def xlsx_download(body, filename, *, streaming=False):
    """A workbook already built (bytes, or with `streaming` an iterator of byte chunks) as a download named
    `filename` (an ASCII name quoted, any other sent UTF-8-encoded: RFC 6266). Not audited: for templates,
    error files and reports that record their own entry."""
    response = (StreamingHttpResponse if streaming else HttpResponse)(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
