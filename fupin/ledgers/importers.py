"""Import an existing problem list (问题清单) from Excel: every row validated, then all or nothing."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.core.importing import read_upload_table
from fupin.ledgers import services
from fupin.ledgers.choices import Category, LedgerKind, Priority, RectificationType, Source
from fupin.registry.models import Household

# field -> header synonyms as offices write them
HEADERS = {
    "region_code": ["区划代码", "涉及区域代码", "村代码"],
    "household": ["户编号", "涉及户"],
    "source": ["问题来源", "来源"],
    "category": ["问题类别", "类别"],
    "description": ["问题描述", "存在问题"],
    "target": ["整改目标"],
    "measures": ["整改措施"],
    "lead_unit": ["牵头单位"],
    "responsible_units": ["责任单位"],
    "district_person": ["市(区)责任人", "市（区）责任人", "区责任人"],
    "district_phone": ["市(区)责任人电话", "区责任人电话"],
    "town_person": ["镇(街)责任人", "镇（街）责任人", "镇责任人"],
    "town_phone": ["镇(街)责任人电话", "镇责任人电话"],
    "village_person": ["村(居)责任人", "村（居）责任人", "村责任人", "责任人"],
    "village_phone": ["村(居)责任人电话", "村责任人电话", "联系电话"],
    "priority": ["轻重缓急"],
    "deadline": ["整改时限", "完成时限"],
    "rectification_type": ["整改类型"],
    "note": ["备注"],
}
REQUIRED = ["region_code", "description", "deadline"]
CHOICES = {
    "source": Source,
    "category": Category,
    "priority": Priority,
    "rectification_type": RectificationType,
}


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # (row number, column, message)
    created: int = 0


def _find_header(rows):
    """The first row (within 10) naming the required columns; returns (index, {field: column})."""
    for index, row in enumerate(rows[:10]):
        cells = [str(c).strip() for c in row]
        mapping = {f: cells.index(s) for f, syns in HEADERS.items() for s in syns if s in cells}
        if all(f in mapping for f in REQUIRED):
            return index, mapping
    return None, {}


def _parse_choice(enum, value):
    value = str(value).strip()
    if not value:
        return None
    for choice in enum:
        if value in (choice.value, str(choice.label)):
            return choice.value
    raise ValueError(_("“%(v)s”不在代码表中") % {"v": value})


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("日期格式应为 YYYY-MM-DD")) from None


def parse_rows(uploaded, *, user):
    """Validate every row; returns (parsed rows, errors)."""
    sheet = [cells for _n, cells in read_upload_table(uploaded)]
    header_index, mapping = _find_header(sheet)
    if header_index is None:
        return [], [(0, "", _("找不到表头：需要 区划代码、问题描述、整改时限 列"))]
    parsed, errors = [], []
    for offset, raw in enumerate(sheet[header_index + 1 :], start=header_index + 2):
        values = {f: raw[c] if c < len(raw) else "" for f, c in mapping.items()}
        if not any(str(v).strip() for v in values.values()):
            continue
        row, row_errors = _parse_row(values, user)
        errors += [(offset, col, msg) for col, msg in row_errors]
        parsed.append(row)
    return parsed, errors


def _parse_row(values, user):
    row, errors = {"kind": LedgerKind.PROBLEM}, []
    for name, value in values.items():
        try:
            if name == "deadline":
                row[name] = _parse_date(value)
            elif name in CHOICES:
                parsed = _parse_choice(CHOICES[name], value)
                if parsed:
                    row[name] = parsed
            elif name == "household":
                number = str(value).strip()
                if number:
                    row[name] = Household.objects.visible_to(user).filter(number=number).first()
                    if row[name] is None:
                        raise ValueError(_("户编号不存在或不在您的范围内"))
            else:
                row[name] = str(value).strip()
        except ValueError as exc:
            errors.append((HEADERS[name][0], str(exc)))
    for name in REQUIRED:
        if not row.get(name):
            errors.append((HEADERS[name][0], _("必填")))
    code = row.get("region_code", "")
    if code and (len(code) != 12 or not code.isdigit()):
        errors.append((HEADERS["region_code"][0], _("区划代码应为12位数字")))
    elif code and not user.has_scoped_perm("ledgers.create_item", code):
        errors.append((HEADERS["region_code"][0], _("不在您的管辖范围内")))
    return row, errors


def import_problem_list(fileobj, *, by):
    """All or nothing: if any row has an error nothing is written and the errors are returned."""
    rows, errors = parse_rows(fileobj, user=by)
    result = ImportResult(errors=errors)
    if errors:
        return result
    try:
        with transaction.atomic():
            for n, row in enumerate(rows, start=1):
                try:
                    services.create_item(by=by, source_note="import", **row)
                except DomainError as exc:
                    result.errors.append((n, exc.field or "", str(exc)))
            if result.errors:
                raise _Rollback
            result.created = len(rows)
    except _Rollback:
        result.created = 0
    return result


class _Rollback(Exception):
    pass
