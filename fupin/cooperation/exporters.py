"""The 2020 year-end assessment table (东西部扶贫协作考核) in the form the assessors use: one sheet per county,
a merged title and 填报单位 line, two header rows with merged group headings (指标 / 目标 / 完成 / 评价), and the
figures as numbers. Rows come from `queries.readings` over the indicators the user may see."""

import tempfile
from collections import defaultdict

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record, scope_of
from fupin.cooperation.choices import ConfirmState
from fupin.cooperation.queries import county_prefix
from fupin.core.display import region_name
from fupin.core.exporting import XLSX_CONTENT_TYPE


def headers():
    """(group heading, [(column heading, width)]) of the table, left to right."""
    return [
        (_("协议指标"), [(_("序号"), 6), (_("领域"), 12), (_("指标"), 34), (_("计量单位"), 8)]),
        (_("目标"), [(_("目标值"), 12), (_("完成时限"), 12), (_("责任单位"), 20)]),
        (_("完成情况"), [(_("系统计算/填报"), 14), (_("计入考核"), 12), (_("完成率(%)"), 10)]),
        (_("评价"), [(_("协作地确认"), 18), (_("进度"), 10)]),
    ]


def row_values(n, reading):
    i = reading["indicator"]
    share = reading["share"]
    return [
        n,
        i.get_area_display(),
        i.name,
        i.unit,
        float(i.target),
        i.deadline,
        i.responsible,
        float(reading["live"]),
        float(reading["counted"]),
        round(float(share) * 100, 1) if share is not None else None,
        str(ConfirmState(reading["confirm"]).label),
        str(_light_label(reading["light"])),
    ]


def _light_label(light):
    from fupin.cooperation.choices import Light

    return Light(light).label


def write_assessment(fileobj, readings, *, year, unit_name) -> int:
    """Write the workbook; returns the number of indicator rows."""
    by_county = defaultdict(list)
    for r in readings:
        by_county[county_prefix(r["indicator"].region_code).ljust(12, "0")].append(r)
    book = xlsxwriter.Workbook(fileobj, {"in_memory": True})
    f = _formats(book)
    groups = headers()
    width = sum(len(cols) for _g, cols in groups)
    total = 0
    for code in sorted(by_county) or [""]:
        name = region_name(code) if code else _("无数据")
        sheet = book.add_worksheet(name[:31])
        title = _("%(year)s年东西部扶贫协作考核表（%(county)s）") % {"year": year, "county": name}
        sheet.merge_range(0, 0, 0, width - 1, title, f["title"])
        unit = _("填报单位：%(unit)s　　填报日期：%(date)s") % {
            "unit": unit_name,
            "date": timezone.localdate().isoformat(),
        }
        sheet.merge_range(1, 0, 1, width - 1, unit, f["meta"])
        col = 0
        for group, cols in groups:
            if len(cols) > 1:
                sheet.merge_range(2, col, 2, col + len(cols) - 1, group, f["head"])
            else:
                sheet.write(2, col, group, f["head"])
            for heading, w in cols:
                sheet.write(3, col, heading, f["head"])
                sheet.set_column(col, col, w)
                col += 1
        for n, reading in enumerate(by_county.get(code, []), start=1):
            for c, value in enumerate(row_values(n, reading)):
                fmt = f["date"] if c == 5 else f["num"] if isinstance(value, float | int) else f["cell"]
                sheet.write(3 + n, c, value, fmt)
            total += 1
        sheet.freeze_panes(4, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.repeat_rows(2, 3)
    book.close()
    return total


def _formats(book):
    border = {"border": 1, "valign": "vcenter"}
    return {
        "title": book.add_format({"bold": True, "font_size": 16, "align": "center"}),
        "meta": book.add_format({"font_size": 10}),
        "head": book.add_format({**border, "bold": True, "align": "center", "bg_color": "#EEEEEE"}),
        "cell": book.add_format({**border, "text_wrap": True}),
        "num": book.add_format({**border, "num_format": "#,##0.##"}),
        "date": book.add_format({**border, "num_format": "yyyy-mm-dd"}),
    }


def assessment_response(request, readings, *, year, unit_name):
    """The workbook as a download, audited like every export."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    count = write_assessment(tmp, readings, year=year, unit_name=unit_name)
    tmp.seek(0)
    region, prefixes = scope_of(request.user, "cooperation.view_indicator")
    record(
        "cooperation.indicator.exported",
        by=request.user,
        region_code=region,
        note=f"assessment {year}; rows={count}; format=xlsx",
        changes={"scope": [None, prefixes], "rows": [None, count]},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"cooperation-assessment-{year}-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
