"""From sheet rows to household and member drafts: parse every cell, group member rows into households.

Both layouts go through the same path. The national collection form has one row per member with the
household columns repeated, or filled only on the household's first row (often merged vertically,
which a reader sees as blanks below the first cell); a row with a blank 户编号 belongs to the household
above. Fupin's template repeats 户编号 on every member row.
"""

from dataclasses import dataclass, field
from operator import itemgetter

from django.utils.translation import gettext as _

from fupin.core import importing_values as values_module
from fupin.core.importing_rows import RowError, find_header
from fupin.core.masking import mask_value
from fupin.registry.importing import idcheck
from fupin.registry.importing.columns import BY_KEY, MEMBER, SYNONYMS
from fupin.registry.services import MEMBER_FIELDS

# The member columns: the member fields of the registry (services.MEMBER_FIELDS), with the member's own phone
# keyed apart from the household's. The row loop reads id_number, sex and birth_date at positions 1 to 3.
MEMBER_KEYS = ["member_phone" if name == "phone" else name for name in MEMBER_FIELDS]
M_INDEX = {key: i for i, key in enumerate(MEMBER_KEYS)}
# A parsed member is one flat tuple: the MEMBER_KEYS values, then where it came from and its household.
M_SHEET, M_ROW, M_NUMBER = len(MEMBER_KEYS), len(MEMBER_KEYS) + 1, len(MEMBER_KEYS) + 2
# Parsers whose results are worth remembering per distinct cell text (codes, dates, years, amounts...);
# names, addresses and phone numbers are mostly distinct, so they are parsed every time.
UNREPEATED = (values_module.text, values_module.compact)
MEMO_LIMIT = 100_000
STOP_WORDS = ("注", "备注", "说明", "填表人", "制表人", "审核人", "负责人")
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
NOTE_MARKS = ("必填", "选填", "可空", "填写说明")
MIN_MATCHES = 3  # known columns a row must name to be the header


@dataclass(slots=True)
class HouseholdDraft:
    number: str
    sheet: str
    row: int
    values: dict = field(default_factory=dict)  # household fields and the place (region_code, town, village)
    members: list = field(default_factory=list)  # indexes into Parsed.members
    broken: bool = False  # a member row failed to parse: do not add "no head" on top of its error


@dataclass
class Parsed:
    households: dict = field(default_factory=dict)  # number -> HouseholdDraft
    members: list = field(default_factory=list)  # flat tuples: MEMBER_KEYS values, sheet, row, number
    errors: list = field(default_factory=list)  # RowError
    warnings: list = field(default_factory=list)  # RowError
    headers: dict = field(default_factory=dict)  # sheet -> {key: header text}
    header_rows: dict = field(default_factory=dict)  # sheet -> last header row number
    rows: int = 0
    present: set = field(default_factory=set)  # field keys present in some sheet
    bad_rows: set = field(default_factory=set)  # (sheet, row) with a cell that did not parse


def problem(sheet, row, column, value, message, *, personal=False):
    """The RowError of a cell, with the value as written (masked when personal)."""
    shown = "" if value is None else str(value)
    if personal and shown:
        shown = mask_value("id_number" if len(shown) > 11 else "phone", shown)
    return RowError(row, column, message, sheet=sheet, value=shown[:100])


def parse_sheets(sheets, *, on_row=None):
    parsed = Parsed()
    for sheet in sheets:
        header, rows = find_header(sheet.rows, SYNONYMS, min_matches=MIN_MATCHES)
        if header is None:
            continue
        if "id_number" not in header.names and "name" not in header.names:
            continue
        parsed.headers[sheet.name] = header.names
        parsed.header_rows[sheet.name] = header.row_number
        parsed.present.update(header.names)
        if "number" not in header.names:
            parsed.errors.append(
                problem(
                    sheet.name, header.row_number, "户编号", "", _("缺少“户编号”列，无法确定成员属于哪一户。")
                )
            )
            continue
        _SheetParser(parsed, sheet.name, header).run(rows, on_row)
    return parsed


def _kind(column):
    """How a column's cells are parsed: "text" every time (names, phones: mostly distinct), "date"
    remembered per cell text, "code" remembered per combination of the row's code cells (codes, yes/no,
    months: a province file has few distinct combinations)."""
    if column.parse in UNREPEATED:
        return "text"
    return "date" if column.parse is values_module.date else "code"


def _memo(column):
    """Cell text -> parsed value, starting from the code list's own table when it has one."""
    return None if _kind(column) == "text" else dict(getattr(column.parse, "lookup", None) or {})


def _getter(indexes):
    """cells -> tuple of the cells at `indexes` (operator.itemgetter returns a bare value for one index)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()


def _cacheable(cells):
    return all(type(cell) is str or cell is None for cell in cells)


def _first_text(cells):
    for cell in cells[:4]:
        if isinstance(cell, str) and cell.strip():
            return cell.strip()
        if cell not in (None, ""):
            return None
    return None


def _ends_data(first):
    """True for a 注：/备注：/填表人 line (the notes under the data), False for a 合计 row (skipped)."""
    return first.startswith(STOP_WORDS) and (
        len(first) < 3
        or first[1] in ":："
        or first[2] in ":："
        or first.startswith(("填表人", "制表人", "审核人", "负责人"))
    )


def _is_notes_row(cells):
    return any(isinstance(c, str) and any(mark in c for mark in NOTE_MARKS) for c in cells)


class _SheetParser:
    """Parses the data rows of one sheet into `parsed`: household drafts, member tuples, errors."""

    def __init__(self, parsed, sheet, header):
        self.parsed, self.sheet, self.names = parsed, sheet, header.names
        columns = [(i, BY_KEY[k]) for i, k in sorted(header.mapping.items())]
        self.number_col = next(i for i, c in columns if c.key == "number")
        self.id_col = next((i for i, c in columns if c.key == "id_number"), None)
        # Parsed once per household and remembered whatever the kind: villages and causes repeat, and
        # there are far fewer addresses than member rows.
        self.household_cols = [
            (i, c, dict(getattr(c.parse, "lookup", None) or {}))
            for i, c in columns
            if c.level != MEMBER and c.key != "number"
        ]
        self.household_cells = _getter([i for i, _c, _m in self.household_cols])
        member = [(i, c, M_INDEX[c.key], _memo(c)) for i, c in columns if c.level == MEMBER]
        member = [col for col in member if col[1].key != "id_number"]
        self.code_cols = [col for col in member if _kind(col[1]) == "code"]
        self.code_cells = _getter([col[0] for col in self.code_cols])
        self.other_cols = [col for col in member if _kind(col[1]) != "code"]
        self.combos = {}  # code cells of a row -> the member values list they give
        self.need = max(header.mapping) + 1

    def run(self, rows, on_row=None):
        """One loop on purpose: it runs once per row of a province file (1.2M times), so the common path
        stays inline with its names in locals, and every rare path (errors, a new household's cells, a
        new combination of codes) is a method."""
        parsed, sheet = self.parsed, self.sheet
        households, members, errors = parsed.households, parsed.members, parsed.errors
        number_col, id_col, need, padding = self.number_col, self.id_col, self.need, [""] * self.need
        household_cells, code_cells, combos = self.household_cells, self.code_cells, self.combos
        other_cols, check_cell = self.other_cols, idcheck.check_cell
        count, checked_notes = parsed.rows, 0
        current = last_draft = last_raw = None  # templates repeat the household's cells on every row
        for row_number, cells in rows:
            if len(cells) < need:
                if not any(cells):
                    continue
                cells = cells + padding[len(cells) :]
            number = cells[number_col]
            if not (type(number) is str and number.isascii() and number.isalnum()):
                if not any(cells):
                    continue
                first = _first_text(cells)
                if first is not None and first.startswith(TOTAL_WORDS):
                    continue
                if first is not None and _ends_data(first):
                    break
                number = BY_KEY["number"].parse(number)
            if checked_notes < 2:
                checked_notes += 1
                if _is_notes_row(cells):
                    continue
            count += 1
            if on_row is not None and count % 2000 == 0:
                on_row(count)
            if number:
                draft = households.get(number)
                if draft is None:
                    draft = households[number] = HouseholdDraft(number, sheet, row_number)
                current = draft
            elif current is None:
                errors.append(problem(sheet, row_number, self.names["number"], "", _("户编号必填。")))
                continue
            else:
                draft = current
            raw = household_cells(cells)
            if draft is not last_draft or raw != last_raw:
                self.household_values(draft, cells, row_number)
                last_draft, last_raw = draft, raw
            key = code_cells(cells)
            values = combos.get(key)
            values = self.code_values(cells, key, row_number, draft) if values is None else values.copy()
            for index, column, position, memo in other_cols:
                raw = cells[index]
                if raw == "" or raw is None:
                    continue
                if memo is None:  # text: never fails
                    values[position] = column.parse(raw)
                    continue
                value = memo.get(raw, _MISSING) if type(raw) is str else _MISSING
                if value is _MISSING:
                    value = self.parse(column, memo, raw, row_number, draft)
                values[position] = value
            raw_id = cells[id_col] if id_col is not None else None
            if raw_id is None or raw_id == "":
                self.missing_id(values, row_number)
                continue
            try:
                id_number, birth, sex, notes = check_cell(raw_id)
            except ValueError as exc:
                self.bad_id(raw_id, exc, row_number, draft)
                continue
            if notes:
                self.id_warnings(id_number, notes, row_number)
            if (values[2] is not None and values[2] != sex) or (values[3] is not None and values[3] != birth):
                self.against_id(values, birth, sex, row_number)
            values[1], values[2], values[3] = id_number, sex, birth
            draft.members.append(len(members))
            members.append((*values, sheet, row_number, draft.number))
        parsed.rows = count

    def parse(self, column, memo, raw, row_number, draft):
        """One cell's value (remembered in `memo`); None, with the error noted, when it does not parse."""
        try:
            value = column.parse(raw)
        except ValueError as exc:
            self.parsed.errors.append(
                problem(self.sheet, row_number, self.names[column.key], raw, exc, personal=column.personal)
            )
            self.parsed.bad_rows.add((self.sheet, row_number))
            draft.broken = True
            return None
        if memo is not None and type(raw) is str and len(memo) < MEMO_LIMIT:
            memo[raw] = value
        return value

    def code_values(self, cells, key, row_number, draft):
        """A new member values list with the code cells parsed; remembered for rows with the same cells."""
        values = [None] * len(MEMBER_KEYS)
        errors = len(self.parsed.errors)
        for index, column, position, memo in self.code_cols:
            raw = cells[index]
            if raw == "" or raw is None:
                continue
            value = memo.get(raw, _MISSING) if type(raw) is str else _MISSING
            values[position] = (
                self.parse(column, memo, raw, row_number, draft) if value is _MISSING else value
            )
        if len(self.parsed.errors) == errors and len(self.combos) < MEMO_LIMIT and _cacheable(key):
            self.combos[key] = values.copy()
        return values

    def household_values(self, draft, cells, row_number):
        """Household and place cells of a row; a value differing from the household's earlier rows is an
        error."""
        target, names = draft.values, self.names
        for index, column, memo in self.household_cols:
            raw = cells[index]
            if raw is None or raw == "":
                continue
            value = memo.get(raw, _MISSING) if type(raw) is str else _MISSING
            if value is _MISSING:
                try:
                    value = column.parse(raw)
                except ValueError as exc:
                    self.parsed.errors.append(
                        problem(self.sheet, row_number, names[column.key], raw, exc, personal=column.personal)
                    )
                    continue
                if type(raw) is str and len(memo) < MEMO_LIMIT:
                    memo[raw] = value
            if value is None or value == "":
                continue
            seen = target.get(column.key)
            if seen is None:
                target[column.key] = value
            elif seen != value:
                self.parsed.errors.append(
                    problem(
                        self.sheet,
                        row_number,
                        names[column.key],
                        raw,
                        _("同一户（户编号 %(n)s）的“%(c)s”与第%(r)d行不一致。")
                        % {"n": draft.number, "c": names[column.key], "r": draft.row},
                        personal=column.personal,
                    )
                )

    def missing_id(self, values, row_number):
        if any(v is not None for v in values):
            column = self.names.get("id_number", "公民身份号码")
            self.parsed.errors.append(problem(self.sheet, row_number, column, "", _("公民身份号码必填。")))

    def bad_id(self, raw_id, exc, row_number, draft):
        column = self.names["id_number"]
        self.parsed.errors.append(problem(self.sheet, row_number, column, raw_id, exc, personal=True))
        draft.broken = True

    def id_warnings(self, id_number, notes, row_number):
        column = self.names["id_number"]
        for note in notes:
            self.parsed.warnings.append(
                problem(self.sheet, row_number, column, id_number, note, personal=True)
            )

    def against_id(self, values, birth, sex, row_number):
        given_sex, given_birth = values[2], values[3]
        names, errors = self.names, self.parsed.errors
        if given_sex is not None and given_sex != sex:
            errors.append(
                problem(
                    self.sheet, row_number, names.get("sex", "性别"), given_sex, _("性别与身份证号码不符。")
                )
            )
        if given_birth is not None and given_birth != birth:
            errors.append(
                problem(
                    self.sheet,
                    row_number,
                    names.get("birth_date", "出生日期"),
                    given_birth,
                    _("出生日期与身份证号码不符（身份证号码中为 %(d)s）。") % {"d": birth.isoformat()},
                )
            )


_MISSING = object()
