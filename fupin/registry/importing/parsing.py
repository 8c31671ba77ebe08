"""From sheet rows to household and member drafts: parse every cell, group member rows into households.

Both layouts go through the same path. The national collection form has one row per member with the
household columns repeated, or filled only on the household's first row (often merged vertically,
which a reader sees as blanks below the first cell); a row with a blank 户编号 belongs to the household
above. Fupin's template repeats 户编号 on every member row.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fupin.core.masking import mask_value
from fupin.registry.importing import idcheck
from fupin.registry.importing.columns import BY_KEY, HOUSEHOLD, MEMBER, PLACE
from fupin.registry.importing.headers import find_header

MEMBER_KEYS = [
    "name",
    "id_number",
    "sex",
    "birth_date",
    "relation",
    "ethnicity",
    "education",
    "schooling",
    "health",
    "disability_kind",
    "disability_grade",
    "labor_ability",
    "work_status",
    "work_months",
    "work_employer",
    "medical_insurance",
    "pension_insurance",
    "member_phone",
]
M_INDEX = {key: i for i, key in enumerate(MEMBER_KEYS)}
STOP_WORDS = ("注", "备注", "说明", "填表人", "制表人", "审核人", "负责人")
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
NOTE_MARKS = ("必填", "选填", "可空", "填写说明")


@dataclass
class HouseholdDraft:
    number: str
    sheet: str
    row: int
    values: dict = field(default_factory=dict)
    place: dict = field(default_factory=dict)
    members: list = field(default_factory=list)  # indexes into Parsed.members
    broken: bool = False  # a member row failed to parse: do not add "no head" on top of its error
    raw: list = None  # household cells of the last row parsed, to skip re-parsing repeated cells


@dataclass
class Parsed:
    households: dict = field(default_factory=dict)  # number -> HouseholdDraft
    members: list = field(default_factory=list)  # [values list, sheet, row, household number]
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # sheet -> {key: header text}
    header_rows: dict = field(default_factory=dict)  # sheet -> last header row number
    rows: int = 0
    present: set = field(default_factory=set)  # field keys present in some sheet
    bad_rows: set = field(default_factory=set)  # (sheet, row) with a cell that did not parse


def problem(sheet, row, column, value, message, *, personal=False):
    shown = "" if value is None else str(value)
    if personal and shown:
        shown = mask_value("id_number" if len(shown) > 11 else "phone", shown)
    return {"sheet": sheet, "row": row, "column": column, "value": shown[:100], "message": str(message)}


def _first_text(cells):
    for cell in cells[:4]:
        if isinstance(cell, str) and cell.strip():
            return cell.strip()
        if cell not in (None, ""):
            return None
    return None


def parse_sheets(sheets, *, on_row=None):
    parsed = Parsed()
    for sheet in sheets:
        header, rows = find_header(sheet.rows)
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
        _parse_rows(parsed, sheet.name, header, rows, on_row)
    return parsed


def _parse_rows(parsed, sheet, header, rows, on_row):
    household_cols = [
        (i, BY_KEY[k]) for i, k in header.mapping.items() if BY_KEY[k].level == HOUSEHOLD and k != "number"
    ]
    place_cols = [(i, BY_KEY[k]) for i, k in header.mapping.items() if BY_KEY[k].level == PLACE]
    member_cols = [
        (i, BY_KEY[k], M_INDEX[k], getattr(BY_KEY[k].parse, "lookup", None))
        for i, k in header.mapping.items()
        if BY_KEY[k].level == MEMBER and k != "id_number"
    ]
    need = max(header.mapping) + 1
    padding = [""] * need
    number_col = next(i for i, k in header.mapping.items() if k == "number")
    id_col = next((i for i, k in header.mapping.items() if k == "id_number"), None)
    names = header.names
    errors, warnings = parsed.errors, parsed.warnings
    households, members = parsed.households, parsed.members
    current = None
    checked_notes = 0
    for row_number, cells in rows:
        if not any(cells):
            continue
        first = _first_text(cells)
        if first is not None:
            if first.startswith(TOTAL_WORDS):
                continue
            if first.startswith(STOP_WORDS) and (
                len(first) < 3
                or first[1] in ":："
                or first[2] in ":："
                or first.startswith(("填表人", "制表人", "审核人", "负责人"))
            ):
                break
        if checked_notes < 2:
            checked_notes += 1
            if any(isinstance(c, str) and any(mark in c for mark in NOTE_MARKS) for c in cells):
                continue
        parsed.rows += 1
        if on_row is not None and parsed.rows % 2000 == 0:
            on_row(parsed.rows)
        if len(cells) < need:
            cells = cells + padding[len(cells) :]
        width = need
        raw_number = cells[number_col]
        number = (
            raw_number
            if type(raw_number) is str and raw_number.isascii() and raw_number.isalnum()
            else (BY_KEY["number"].parse(raw_number))
        )
        if number:
            draft = households.get(number)
            if draft is None:
                draft = households[number] = HouseholdDraft(number, sheet, row_number)
            current = draft
        elif current is None:
            errors.append(problem(sheet, row_number, names["number"], "", _("户编号必填。")))
            continue
        else:
            draft = current
        _household_values(draft, cells, width, household_cols, place_cols, names, sheet, row_number, errors)
        values = [None] * len(MEMBER_KEYS)
        for index, column, position, lookup in member_cols:
            raw = cells[index]
            if raw == "" or raw is None:
                continue
            if lookup is not None and type(raw) is str:
                value = lookup.get(raw)
                if value is not None:
                    values[position] = value
                    continue
            try:
                values[position] = column.parse(raw)
            except ValueError as exc:
                errors.append(
                    problem(sheet, row_number, names[column.key], raw, exc, personal=column.personal)
                )
                parsed.bad_rows.add((sheet, row_number))
                draft.broken = True
        raw_id = cells[id_col] if id_col is not None else None
        if raw_id is None or raw_id == "":
            if any(v is not None for v in values):
                errors.append(
                    problem(
                        sheet, row_number, names.get("id_number", "公民身份号码"), "", _("公民身份号码必填。")
                    )
                )
            continue
        try:
            number_id, birth, sex, notes = idcheck.check_cell(raw_id)
        except ValueError as exc:
            errors.append(problem(sheet, row_number, names["id_number"], raw_id, exc, personal=True))
            draft.broken = True
            continue
        for note in notes:
            warnings.append(problem(sheet, row_number, names["id_number"], number_id, note, personal=True))
        values[1] = number_id
        _against_id(values, birth, sex, names, sheet, row_number, errors)
        draft.members.append(len(members))
        members.append((values, sheet, row_number, draft.number))


def _household_values(draft, cells, width, household_cols, place_cols, names, sheet, row_number, errors):
    # Templates repeat the household's cells on every member row: parse them once per household.
    raw = [cells[i] for i, _c in household_cols]
    raw += [cells[i] for i, _c in place_cols]
    if raw == draft.raw:
        return
    draft.raw = raw
    for cols, target in ((household_cols, draft.values), (place_cols, draft.place)):
        for index, column in cols:
            raw = cells[index] if index < width else None
            if raw is None or raw == "":
                continue
            try:
                value = column.parse(raw)
            except ValueError as exc:
                errors.append(
                    problem(sheet, row_number, names[column.key], raw, exc, personal=column.personal)
                )
                continue
            if value is None or value == "":
                continue
            seen = target.get(column.key)
            if seen is None:
                target[column.key] = value
            elif seen != value:
                errors.append(
                    problem(
                        sheet,
                        row_number,
                        names[column.key],
                        raw,
                        _("同一户（户编号 %(n)s）的“%(c)s”与第%(r)d行不一致。")
                        % {"n": draft.number, "c": names[column.key], "r": draft.row},
                        personal=column.personal,
                    )
                )


def _against_id(values, birth, sex, names, sheet, row_number, errors):
    given_sex, given_birth = values[2], values[3]
    if given_sex is not None and given_sex != sex:
        errors.append(
            problem(sheet, row_number, names.get("sex", "性别"), given_sex, _("性别与身份证号码不符。"))
        )
    if given_birth is not None and given_birth != birth:
        errors.append(
            problem(
                sheet,
                row_number,
                names.get("birth_date", "出生日期"),
                given_birth,
                _("出生日期与身份证号码不符（身份证号码中为 %(d)s）。") % {"d": birth.isoformat()},
            )
        )
    values[2], values[3] = sex, birth
