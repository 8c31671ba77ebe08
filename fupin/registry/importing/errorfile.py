"""The error file: the original rows of every sheet, with a first column “错误信息” holding the messages
of that row. Streamed (xlsxwriter constant_memory), so it works for any file size."""

from collections import defaultdict

import xlsxwriter
from django.utils.translation import gettext as _

from fupin.core.importing import read_sheets


def write_error_file(source_path, filename, errors, target_path, header_rows=None):
    by_row = defaultdict(list)
    for error in errors:
        by_row[(error["sheet"], error["row"])].append(
            f"{error['column']}：{error['message']}" if error.get("column") else error["message"]
        )
    header_rows = header_rows or {}
    workbook = xlsxwriter.Workbook(
        str(target_path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bad = workbook.add_format({"font_color": "#B00020", "bg_color": "#FDECEA", "text_wrap": False})
    head = workbook.add_format({"bold": True, "font_color": "#B00020"})
    for sheet in read_sheets(source_path, filename):
        worksheet = workbook.add_worksheet(sheet.name[:31])
        worksheet.set_column(0, 0, 60)
        header_row = header_rows.get(sheet.name)
        for number, cells in sheet.rows:
            row = number - 1
            messages = by_row.get((sheet.name, number))
            if messages:
                worksheet.write_string(row, 0, "；".join(messages), bad)
            elif number == header_row:
                worksheet.write_string(row, 0, _("错误信息"), head)
            for col, cell in enumerate(cells, start=1):
                if cell is None or cell == "":
                    continue
                if isinstance(cell, str):
                    worksheet.write_string(row, col, cell)
                elif isinstance(cell, bool):
                    worksheet.write_boolean(row, col, cell)
                elif isinstance(cell, int | float):
                    worksheet.write_number(row, col, cell)
                else:
                    worksheet.write(row, col, cell)
    workbook.close()
    return target_path
