"""Files for import tests, generated the way offices produce them (openpyxl, xlwt, GBK CSV)."""

import csv
import datetime
import itertools

import openpyxl
import xlwt

from fupin.registry.identity import make_id_number

_counter = itertools.count(1)


def unique_id(area="440703", base=datetime.date(1960, 1, 1), sex="1"):
    """(id_number, birth date): never repeated within a test run; birth dates spread from `base`."""
    n = next(_counter)
    birth = base + datetime.timedelta(days=n // 500)
    return make_id_number(area, birth, (n % 500) * 2 + (1 if sex == "1" else 0)), birth


HEADER = [
    "户编号",
    "村区划代码",
    "主要致贫原因",
    "识别年度",
    "年人均纯收入(元)",
    "姓名",
    "公民身份号码",
    "与户主关系",
    "劳动能力",
]


def household_rows(n_households=3, members=2, village="440703101201", start=1, prefix="H"):
    """Rows in Fupin's template order (HEADER): the head first, then children."""
    rows = []
    for h in range(start, start + n_households):
        number = f"{prefix}{h:08d}"
        for m in range(members):
            sex = "1" if m % 2 == 0 else "2"
            base = datetime.date(1950, 1, 1) if m == 0 else datetime.date(1985 + m, 2, 3)
            id_number, _birth = unique_id(village[:6], base, sex)
            rows.append(
                [
                    number,
                    village,
                    "因病",
                    2016,
                    "5200",
                    f"成员{h}-{m}",
                    id_number,
                    "户主" if m == 0 else ("之子" if sex == "1" else "之女"),
                    "普通劳动力",
                ]
            )
    return rows


def write_xlsx(path, rows, header=HEADER, *, above=(), sheet="贫困户", below=(), extra_sheets=None):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in above:
        worksheet.append(list(line))
    worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    for line in below:
        worksheet.append(list(line))
    for name, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(list(row))
    workbook.save(path)
    return path


def write_xls(path, rows, header=HEADER):
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Sheet1")
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_csv(path, rows, header=HEADER, *, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    return path
