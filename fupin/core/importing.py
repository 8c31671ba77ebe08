"""The one reader of uploaded spreadsheets: .xlsx/.xlsm/.xls/.xlsb/.ods (python-calamine) and .csv (UTF-8 with
or without BOM, or GBK/GB18030). Every importer reads through `read_sheets` (or `read_upload_table`).

A file is inspected before anything parses it (docs/import.md, "The upload gate"):

* a zip container (xlsx, xlsm, xlsb, ods): number of entries, total uncompressed size, compression ratio of
  each large entry (a zip bomb), and the range each worksheet declares (`<dimension ref="A1:XFD1048576"/>`)
  against the row, column and cell caps;
* any file: its size.

Then a worker process with an address-space limit (RLIMIT_AS) and a CPU limit parses it and streams the
rows back in batches. calamine builds a dense grid of a sheet's whole used range (a 1.9 KB file with cells
A1 and XFD1048576 asks for 550 GB) and Rust aborts the process when an allocation fails, so no check in
Python can catch it: only a separate process can fail alone. The web or job process turns a dead worker
into a DomainError.

CSV stays in the calling process: the csv module streams it in constant memory whatever its size, and
pickling 1.2 million rows through a pipe would only add time (see docs/performance.md).

Each sheet yields (row_number, cells) with row_number as Excel shows it (1-based).
"""

import codecs
import contextlib
import csv
import logging
import os
import pickle  # only reads the project's own worker output  # nosec B403
import re
import resource
import subprocess  # runs the project's own parser module  # nosec B404
import sys
import tempfile
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from fupin.core.errors import DomainError

log = logging.getLogger(__name__)
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
BATCH = 2000  # rows per message from the worker
HEAD_BYTES = 64 * 1024  # of a worksheet's XML, where <dimension> is written (before <sheetData>)
LARGE_ENTRY = 1024 * 1024  # entries smaller than this may compress as well as they like

DEFAULTS = {
    "IMPORT_MAX_BYTES": 200 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 1_100_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_CELLS": 20_000_000,
    "IMPORT_MAX_UNZIPPED_MB": 1024,
    "IMPORT_MAX_ZIP_ENTRIES": 2000,
    "IMPORT_MAX_ZIP_RATIO": 100,
    "IMPORT_WORKER_MEMORY_MB": 3072,
    "IMPORT_WORKER_CPU_SECONDS": 900,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_unzipped: int
    max_entries: int
    max_ratio: int
    worker_memory: int
    worker_cpu_seconds: int

    @classmethod
    def from_settings(cls):
        from django.conf import settings

        value = {name: getattr(settings, name, default) for name, default in DEFAULTS.items()}
        return cls(
            max_bytes=value["IMPORT_MAX_BYTES"],
            max_rows=value["IMPORT_MAX_ROWS"],
            max_columns=value["IMPORT_MAX_COLUMNS"],
            max_cells=value["IMPORT_MAX_CELLS"],
            max_unzipped=value["IMPORT_MAX_UNZIPPED_MB"] * 1024 * 1024,
            max_entries=value["IMPORT_MAX_ZIP_ENTRIES"],
            max_ratio=value["IMPORT_MAX_ZIP_RATIO"],
            worker_memory=value["IMPORT_WORKER_MEMORY_MB"] * 1024 * 1024,
            worker_cpu_seconds=value["IMPORT_WORKER_CPU_SECONDS"],
        )


@dataclass
class Sheet:
    name: str
    rows: object  # iterator of (row_number, list of cells)
    height: int = 0  # rows in the sheet (declared, or estimated for CSV; 0 when unknown), for progress


def check_file(path, filename=None, *, limits=None) -> dict:
    """The checks made before parsing (type, size, zip container, declared ranges); DomainError naming what
    is wrong. Returns {sheet index: declared rows} for a zip container."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    suffix = Path(filename or path.name).suffix.lower()
    if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise DomainError(
            _("不支持的文件类型“%(s)s”，请上传 .xlsx、.xls 或 .csv 文件。") % {"s": suffix or "?"}
        )
    if not path.is_file():
        raise DomainError(_("上传的文件已不存在，请重新上传。"))
    _check_size(path, limits)
    return inspect_zip(path, limits) if suffix in ZIP_SUFFIXES else {}


def read_sheets(path, filename=None, *, limits=None):
    """The sheets of the file (a CSV is one sheet named after the file), checked against the limits."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    heights = check_file(path, filename, limits=limits)
    if Path(filename or path.name).suffix.lower() in CSV_SUFFIXES:
        return [Sheet(Path(filename or path.name).stem, _csv_rows(path), _estimate_lines(path))]
    worker = _Worker(path, limits)
    return [Sheet(name, worker.rows(index), heights.get(index, 0)) for index, name in enumerate(worker.names)]


def read_upload_table(uploaded, *, limits=None) -> list:
    """[(row number, cells)] of the first sheet of an uploaded file (a Django UploadedFile)."""
    with upload_on_disk(uploaded) as path:
        sheets = read_sheets(path, uploaded.name, limits=limits)
        return [(n, list(cells)) for n, cells in sheets[0].rows] if sheets else []


@contextlib.contextmanager
def upload_on_disk(uploaded):
    """An uploaded file (a Django UploadedFile) written, chunk by chunk, to a temporary file that keeps its
    suffix (lower-cased), for readers that want a path; yields that path and deletes the file on leaving."""
    with tempfile.NamedTemporaryFile(suffix=Path(uploaded.name).suffix.lower()) as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def _mb(size):
    return max(1, round(size / (1024 * 1024)))


def _check_size(path, limits):
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DomainError(
            _("文件大小 %(size)d MB 超出上限（最多 %(max)d MB）。")
            % {"size": _mb(size), "max": _mb(limits.max_bytes)}
        )


# --- inspection of zip containers -------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,4})(\d{1,8})(?::([A-Z]{1,4})(\d{1,8}))?"')
_WORKSHEET = re.compile(r"^xl/worksheets/sheet(\d+)\.(xml|bin)$")


def inspect_zip(path, limits) -> dict:
    """Refuse a container that would expand beyond the caps; returns {sheet index: declared rows}."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DomainError(_("无法读取该Excel文件：文件已损坏或不是Excel文件。")) from exc
    with archive:
        entries = archive.infolist()
        _check_entries(entries, limits)
        heights = {}
        for entry in entries:
            match = _WORKSHEET.match(entry.filename)
            if match and match.group(2) == "xml":
                declared = _declared_range(archive, entry)
                if declared:
                    heights[int(match.group(1)) - 1] = _check_range(declared, limits)
        return heights


def _check_entries(entries, limits):
    if len(entries) > limits.max_entries:
        raise DomainError(
            _("文件包含 %(n)d 个压缩项，超出上限（最多 %(max)d 个）。")
            % {"n": len(entries), "max": limits.max_entries}
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_unzipped:
        raise DomainError(
            _("文件解压后为 %(size)d MB，超出上限（最多 %(max)d MB）。")
            % {"size": _mb(total), "max": _mb(limits.max_unzipped)}
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > LARGE_ENTRY and ratio > limits.max_ratio:
            raise DomainError(
                _("文件中的“%(name)s”压缩比为 %(ratio)d:1，超出上限（%(max)d:1），疑似压缩炸弹。")
                % {"name": entry.filename, "ratio": ratio, "max": limits.max_ratio}
            )


def _declared_range(archive, entry):
    with archive.open(entry) as stream:
        head = stream.read(HEAD_BYTES)
    match = _DIMENSION.search(head)
    if not match:
        return None
    first_col, first_row, last_col, last_row = (g.decode() if g else None for g in match.groups())
    return first_col, int(first_row), last_col or first_col, int(last_row or first_row)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_range(declared, limits) -> int:
    first_col, first_row, last_col, last_row = declared
    ref = f"{first_col}{first_row}:{last_col}{last_row}"
    # calamine allocates the whole used range, from the first used cell to the last
    rows = last_row - first_row + 1
    columns = column_number(last_col) - column_number(first_col) + 1
    if columns > limits.max_columns:
        raise DomainError(
            _("文件声明的表格范围 %(ref)s 超出上限（最多 %(max)d 列）。")
            % {"ref": ref, "max": limits.max_columns}
        )
    if last_row > limits.max_rows:
        raise DomainError(
            _("文件声明的表格范围 %(ref)s 超出上限（最多 %(max)d 行）。")
            % {"ref": ref, "max": limits.max_rows}
        )
    if rows * columns > limits.max_cells:
        raise DomainError(
            _("文件声明的表格范围 %(ref)s 超出上限（最多 %(max)d 个单元格）。")
            % {"ref": ref, "max": limits.max_cells}
        )
    return last_row


# --- the worker process -----------------------------------------------------------------------------------


def _unreadable():
    return DomainError(_("文件过大或格式异常，无法读取。"), code="import_unreadable")


class _Worker:
    """A child process that opens the workbook and streams one sheet at a time on request.

    The parent asks for a sheet with a line `<index>` on the child's stdin; the child answers with pickled
    messages on its stdout: ("rows", batch)… then ("end",), or ("error", text). The child is stopped when
    this object is garbage-collected (a caller that reads only the first sheet leaves it waiting).
    """

    def __init__(self, path, limits):
        root = Path(__file__).resolve().parent.parent.parent
        path_entries = [str(root), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path_entries)), "RUST_BACKTRACE": "0"}
        command = [sys.executable, "-m", "fupin.core.importing", str(path)]
        command += [str(limits.worker_memory), str(limits.worker_cpu_seconds)]
        self.process = subprocess.Popen(  # fixed command of this interpreter and module  # nosec B603
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self._finalizer = weakref.finalize(self, _stop, self.process)
        self.current = None  # the sheet being streamed
        message = self._receive()
        if message[0] == "error":
            self.close()
            raise DomainError(_("无法读取该Excel文件：%(e)s") % {"e": message[1]})
        self.names = message[1]

    def close(self):
        self._finalizer()

    def _receive(self):
        try:
            message = pickle.load(
                self.process.stdout
            )  # the stream comes from our own child process, not the upload  # nosec B301
        except (EOFError, pickle.UnpicklingError, OSError):
            self.close()
            log.warning("spreadsheet worker ended with status %s", self.process.returncode)
            raise _unreadable() from None
        return message

    def _drain(self):
        while self.current is not None:
            if self._receive()[0] in ("end", "error"):
                self.current = None

    def rows(self, index):
        self._drain()
        try:
            self.process.stdin.write(b"%d\n" % index)
            self.process.stdin.flush()
        except OSError:
            self.close()
            raise _unreadable() from None
        self.current = index
        while True:
            message = self._receive()
            if message[0] == "rows":
                yield from message[1]
            elif message[0] == "end":
                self.current = None
                return
            else:
                self.current = None
                raise DomainError(_("无法读取该Excel文件：%(e)s") % {"e": message[1]})


def _stop(process):
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            stream.close()


def _worker_main(path, memory, cpu_seconds):
    """Runs in the child: limits itself, then serves sheets until stdin closes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    out = sys.stdout.buffer

    def send(message):
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(path)
    except Exception as exc:
        send(("error", str(exc)))
        return
    send(("names", list(workbook.sheet_names)))
    for line in sys.stdin.buffer:
        try:
            sheet = workbook.get_sheet_by_index(int(line))
            batch = []
            for row in _excel_rows(sheet):
                batch.append(row)
                if len(batch) >= BATCH:
                    send(("rows", batch))
                    batch = []
            send(("rows", batch))
        except MemoryError:
            os._exit(3)
        except Exception as exc:
            send(("error", str(exc)))
        else:
            send(("end",))


def _excel_rows(sheet):
    # iter_rows() starts at the sheet's first row but at its first used column.
    first_col = sheet.start[1] if sheet.start else 0
    pad = [""] * first_col
    for offset, row in enumerate(sheet.iter_rows()):
        yield offset + 1, (pad + row) if first_col else row


# --- CSV --------------------------------------------------------------------------------------------------


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
        except csv.Error as exc:  # e.g. one field longer than csv.field_size_limit()
            raise DomainError(
                _("CSV 文件格式异常（第%(n)d行附近）：%(e)s") % {"n": reader.line_num, "e": exc}
            ) from exc


if __name__ == "__main__":
    _worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
