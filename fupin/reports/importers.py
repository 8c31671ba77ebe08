"""Assessments from Excel/CSV: one row per household, 户编号 + answers; read with fupin.core.importing, rows
validated with fupin.core.importing_rows (the service writes them all or nothing)."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.errors import DomainError
from fupin.core.importing import read_sheets
from fupin.core.importing_rows import Columns, records, validate_rows
from fupin.reports.dimensions import ANSWER_FIELDS
from fupin.reports.models import Assessment
from fupin.reports.services import BOOL_FIELDS, INT_FIELDS

NUMBER_HEADER = "户编号"


def headers() -> list[tuple[str, str]]:
    """(field, Chinese header) for every column of the template."""
    return [("number", NUMBER_HEADER)] + [
        (f, str(Assessment._meta.get_field(f).verbose_name)) for f in ANSWER_FIELDS
    ]


def template_bytes() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("每周评估"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E7ECF1", "border": 1})
    for i, (_field, header) in enumerate(headers()):
        sheet.write_string(0, i, header, bold)
        sheet.set_column(i, i, 12)
    workbook.close()
    return out.getvalue()


def _parse(field, raw):
    if field in BOOL_FIELDS:
        return bool(values.boolean(raw))
    if field in INT_FIELDS:
        return values.integer(raw) or 0
    return values.text(raw)


def parse_file(path, filename) -> list[dict]:
    """Rows as dicts for services.import_assessments; every problem collected, then one DomainError."""
    sheet = read_sheets(path, filename)[0]
    columns = Columns(
        {field: (header,) for field, header in headers()}, required=("number",)
    )  # user's language
    header, rows = columns.find_header(sheet.rows)
    if header is None:
        raise DomainError(_("没有找到“户编号”表头。"))
    result = validate_rows(records(header, rows), lambda record: _parse_row(record, header.names))
    if result.errors:
        raise DomainError("; ".join(str(error) for error in result.errors[:20]), code="import_invalid")
    if not result.rows:
        raise DomainError(_("文件中没有数据行。"))
    return result.rows


def _parse_row(record, names):
    row, errors = {}, []
    for field, raw in record.items():
        try:
            row[field] = _parse(field, raw) if field != "number" else values.compact(raw)
        except ValueError as exc:
            errors.append((names[field], str(exc)))
    return row, errors
