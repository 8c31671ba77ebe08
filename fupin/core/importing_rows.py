"""From the rows of an uploaded table to records written all or nothing: the one way of every importer.

`fupin.core.importing` reads the file; this module finds the header (title rows skipped, a two-row merged
header accepted, each column matched through a table of synonyms), turns the rows under it into records,
validates every record collecting a `RowError` (row, column, message) for each problem, and writes the
records in one transaction only when there is none (`import_rows`). Cell values are parsed by
`fupin.core.importing_values` (one date parser, one amount parser, code lists...).
"""

import itertools
import re
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.core.importing_values import text
from fupin.core.text import join_list

LOOK_AHEAD = 30  # rows searched for the header (titles, 填报单位/填报日期 lines come first)

_MARKS = re.compile(r"[*＊※\s]|[(（](必填|选填|必选|单选|可选)[)）]")


def normalize_header(raw) -> str:
    """A header cell as compared: half-width, no spaces, no '*' or '(必填)' marks, brackets unified."""
    return _MARKS.sub("", text(raw)).replace("（", "(").replace("）", ")")


def synonyms_of(columns) -> dict:
    """{normalized header: key} from {key: (header, *synonyms)}; a name claimed twice stays with the first."""
    found = {}
    for key, names in columns.items():
        for name in names:
            found.setdefault(normalize_header(name), key)
    return found


# --- row errors -------------------------------------------------------------------------------------------


class RowError(tuple):
    """One problem of an imported file: (row, column, message), a triple that unpacks and compares as such.

    `row` is the row number as the spreadsheet shows it (0 for the file as a whole), `column` the header as
    the file writes it. `sheet` (in a workbook of several sheets) and `value` (the cell as written, masked
    when personal) ride along for the registry's error file; they are not part of the triple.
    """

    row = property(itemgetter(0))
    column = property(itemgetter(1))
    message = property(itemgetter(2))

    def __new__(cls, row, column, message, *, sheet="", value=""):
        error = super().__new__(cls, (row, str(column or ""), str(message)))
        error.sheet, error.value = sheet, value
        return error

    def __reduce__(self):
        return _row_error, (*self, self.sheet, self.value)

    def __str__(self):
        return _("第%(row)s行 %(col)s：%(msg)s") % {"row": self.row, "col": self.column, "msg": self.message}

    def as_dict(self) -> dict:
        """The JSON form kept in a job's result and written to the error file."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


def _row_error(row, column, message, sheet, value):
    return RowError(row, column, message, sheet=sheet, value=value)


def header_missing(columns, *, row=1) -> RowError:
    """The error of a file in which no row names the columns needed (named by their first header)."""
    return RowError(row, "", _("找不到表头：需要 %(c)s 列") % {"c": join_list(columns)})


# --- the header -------------------------------------------------------------------------------------------


@dataclass
class Header:
    row_number: int  # last header row (as the spreadsheet numbers it)
    mapping: dict  # column index -> field key
    names: dict  # field key -> header text as written in the file
    height: int  # 1 or 2 rows


def _match(cells, synonyms):
    mapping, names = {}, {}
    for index, cell in enumerate(cells):
        key = synonyms.get(normalize_header(cell)) if cell not in (None, "") else None
        if key and key not in names:
            mapping[index] = key
            names[key] = str(cell).strip()
    return mapping, names


def _match_two_rows(upper, lower, synonyms):
    """A header merged over two rows: 帮扶责任人 above 姓名 | 电话 reads as 帮扶责任人姓名, 帮扶责任人电话."""
    mapping, names = {}, {}
    group = ""
    for index in range(max(len(upper), len(lower))):
        top = upper[index] if index < len(upper) else ""
        bottom = lower[index] if index < len(lower) else ""
        top = "" if top is None else str(top).strip()
        bottom = "" if bottom is None else str(bottom).strip()
        if top:
            group = top
        candidates = [group + bottom, bottom, top] if bottom else [top]
        for name in candidates:
            key = synonyms.get(normalize_header(name)) if name else None
            if key and key not in names:
                mapping[index] = key
                names[key] = name
                break
    return mapping, names


def find_header(rows, synonyms, *, required=(), min_matches=1, look_ahead=LOOK_AHEAD):
    """(Header, the rows under it) for an iterable of (row number, cells); (None, no rows) when none of the
    first `look_ahead` rows names `min_matches` known columns and every `required` key. Of several such
    rows the one naming the most columns wins. The rows are read lazily after the look-ahead."""
    iterator = iter(rows)
    buffer = list(itertools.islice(iterator, look_ahead))
    best = None
    for position, (_number, cells) in enumerate(buffer):
        mapping, names = _match(cells, synonyms)
        if len(mapping) < min_matches:
            continue
        height = 1
        if position + 1 < len(buffer):
            two_mapping, two_names = _match_two_rows(cells, buffer[position + 1][1], synonyms)
            if len(two_mapping) > len(mapping):
                mapping, names, height = two_mapping, two_names, 2
        if any(key not in names for key in required):
            continue
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping, names, height)
    if best is None:
        return None, iter(())
    position, mapping, names, height = best
    header = Header(buffer[position + height - 1][0], mapping, names, height)
    return header, itertools.chain(buffer[position + height :], iterator)


class Columns:
    """An importer's columns: {key: (header, *synonyms)} as offices write them, the first naming the column
    in messages, and the keys every file must have a column for."""

    def __init__(self, headers, *, required=()):
        self.headers = headers
        self.required = tuple(required)
        self.synonyms = synonyms_of(headers)

    def name(self, key) -> str:
        return self.headers[key][0]

    def find_header(self, rows):
        """`find_header` over these columns: (Header, the rows under it), or (None, no rows)."""
        return find_header(rows, self.synonyms, required=self.required)

    def missing(self, *also):
        """The result of a file without the header: it names the columns of `also`, then the required ones."""
        return ImportResult(errors=[header_missing(map(self.name, [*also, *self.required]))])


def records(header, rows):
    """(row number, {key: cell as read}) for every row under the header with a value in a known column."""
    columns = list(header.mapping.items())
    for number, cells in rows:
        record = {key: cells[index] if index < len(cells) else "" for index, key in columns}
        if any(text(value) for value in record.values()):
            yield number, record


# --- validate every row, then write all or nothing --------------------------------------------------------


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # the parsed rows without problems, in file order
    numbers: list = field(default_factory=list)  # the row number of each of `rows`
    errors: list = field(default_factory=list)  # RowError, in row order
    created: int = 0

    def numbered(self) -> list:
        """[(row number, parsed row)]."""
        return list(zip(self.numbers, self.rows, strict=True))


def validate_rows(rows, parse_row, *, check=None) -> ImportResult:
    """Parse every (row number, record): `parse_row(record)` gives (parsed row, [(column, message)]); then
    `check([(row number, parsed row)])` gives, as RowErrors, the errors that only the rows together show
    (repeats, sums)."""
    result = ImportResult()
    for number, record in rows:
        parsed, problems = parse_row(record)
        if problems:
            result.errors += [RowError(number, column, message) for column, message in problems]
        else:
            result.numbers.append(number)
            result.rows.append(parsed)
    if check is not None:
        result.errors += check(result.numbered())
    result.errors.sort(key=itemgetter(0))
    return result


class _Rollback(Exception):
    pass


def write_rows(result, write_row) -> ImportResult:
    """All or nothing: when `result` holds an error nothing is written; otherwise `write_row(parsed row)`
    (a service: scoped, audited) for every row in one transaction, and a DomainError it raises becomes that
    row's error and undoes every row written before it."""
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, row in result.numbered():
                try:
                    write_row(row)
                except DomainError as exc:
                    result.errors.append(RowError(number, exc.field, exc))
            if result.errors:
                raise _Rollback
    except _Rollback:
        return result
    result.created = len(result.rows)
    return result


def import_rows(rows, parse_row, write_row, *, check=None) -> ImportResult:
    """validate_rows, then write_rows: every problem of the file listed, or every row written."""
    return write_rows(validate_rows(rows, parse_row, check=check), write_row)
