"""Reading rows from .xlsx/.xls (python-calamine) and .csv (UTF-8 with or without BOM, or GBK/GB18030).

Each sheet yields (row_number, cells) with row_number as Excel shows it (1-based). Rows are streamed:
nothing keeps the whole file's cells in memory.
"""

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from fupin.core.errors import DomainError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class Sheet:
    name: str
    rows: object  # iterator of (row_number, list of cells)
    height: int = 0  # rows in the sheet (estimated for CSV), for progress


def read_sheets(path, filename=None):
    """The sheets of the file (a CSV is one sheet named after the file)."""
    path = Path(path)
    suffix = Path(filename or path.name).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return list(_excel_sheets(path))
    if suffix in {".csv", ".txt"}:
        return [Sheet(Path(filename or path.name).stem, _csv_rows(path), _estimate_lines(path))]
    raise DomainError(_("不支持的文件类型“%(s)s”，请上传 .xlsx、.xls 或 .csv 文件。") % {"s": suffix or "?"})


def _excel_sheets(path):
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise DomainError(_("无法读取该Excel文件：%(e)s") % {"e": exc}) from exc
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        yield Sheet(name, _excel_rows(sheet), sheet.height)


def _excel_rows(sheet):
    # iter_rows() starts at the sheet's first row but at its first used column.
    first_col = sheet.start[1] if sheet.start else 0
    pad = [""] * first_col
    for offset, row in enumerate(sheet.iter_rows()):
        yield offset + 1, (pad + row) if first_col else row


def _estimate_lines(path):
    size = path.stat().st_size
    with open(path, "rb") as raw:
        head = raw.read(1 << 16)
    lines = head.count(b"\n")
    return int(size / (len(head) / lines)) if lines and head else 0


def detect_encoding(head: bytes) -> str:
    """utf-8-sig when there is a BOM, utf-8 when the start decodes as UTF-8, else GB18030 (a superset of GBK)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_rows(path):
    with open(path, "rb") as raw:
        head = raw.read(1 << 20)
    encoding = detect_encoding(head)
    sample = head[:8192].decode(encoding if encoding != "utf-8-sig" else "utf-8", errors="ignore")
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError as exc:
            raise DomainError(
                _("文件编码无法识别（第%(n)d行附近），请另存为 UTF-8 或 GBK 编码的CSV。")
                % {"n": reader.line_num + 1}
            ) from exc
