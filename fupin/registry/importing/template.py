"""Fupin's own import template: header row, a notes row, drop-down lists for the code columns."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fupin.registry.importing.columns import COLUMNS

REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")


def template_columns():
    return [c for c in COLUMNS if c.key not in ("town", "village")] + [
        c for c in COLUMNS if c.key in ("town", "village")
    ]


def build_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "贫困户"
    lists = workbook.create_sheet("代码表")
    columns = template_columns()
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
        note = column.note or ("必填" if column.required else "选填")
        if column.required and "必填" not in note:
            note = "必填，" + note
        sheet.cell(row=2, column=index, value=note).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = max(10, len(column.header) * 2 + 2)
        sheet.column_dimensions[letter].number_format = "@"
        if column.codes is not None:
            _drop_down(sheet, lists, index, letter, column)
    sheet.freeze_panes = "A3"
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _drop_down(sheet, lists, index, letter, column):
    labels = [str(label) for code, label in column.codes.choices if code]
    lists.cell(row=1, column=index, value=column.header)
    for row, label in enumerate(labels, start=2):
        lists.cell(row=row, column=index, value=label)
    formula = f"代码表!${letter}$2:${letter}${len(labels) + 1}"
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    validation.add(f"{letter}3:{letter}20000")
    sheet.add_data_validation(validation)
