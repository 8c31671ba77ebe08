"""部门筛查预警: a department's list (民政、医保、残联、人社) of people by resident ID, one signal per row.

Rows are read and checked through `fupin.core.importing*` (reader, header finder, RowError). Unlike the
registry's own files, a department's list names people Fupin does not hold or holds elsewhere: such a row is
reported (the same words whether the person is unknown or outside the user's regions, so the import tells
nothing about other regions) and the other rows become signals, in one transaction. A file whose header
cannot be found, or a row whose ID or amounts do not parse, writes nothing.
"""

from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.crypto import blind_index
from fupin.core.importing import read_upload_table
from fupin.core.importing_rows import Columns, ImportResult, RowError, records, validate_rows, write_rows
from fupin.core.scope import check_anywhere
from fupin.monitoring.choices import Department, RiskType
from fupin.monitoring.services.common import IMPORT
from fupin.monitoring.services.signals import record_department_signal

COLUMNS = Columns(
    {
        "id_number": ("公民身份号码", "身份证号", "身份证号码", "证件号码"),
        "name": ("姓名",),
        "reason": ("预警理由", "原因", "情况说明", "筛查原因"),
        "risk_type": ("风险类型",),
        "income": ("年人均收入", "年人均纯收入", "人均收入"),
        "rigid_spending": ("刚性支出", "医疗支出", "支出金额"),
    },
    required=("id_number",),
)
column = COLUMNS.name
UNKNOWN = _("该身份证号不在您管辖范围的农户中。")


def _parse_row(record, department, risk_codes):
    row, errors = {}, []
    try:
        number = values.compact(record.get("id_number")).upper()
        if not number:
            raise ValueError(_("必填"))
        row["id_number"] = number
    except ValueError as exc:
        errors.append((column("id_number"), str(exc)))
    for name in ("income", "rigid_spending"):
        try:
            row[name] = values.amount(record.get(name))
        except ValueError as exc:
            errors.append((column(name), str(exc)))
    try:
        row["risk_type"] = risk_codes(record.get("risk_type")) or ""
    except ValueError as exc:
        errors.append((column("risk_type"), str(exc)))
    reason = values.plain(record.get("reason") or "")
    row["reason"] = reason or _("%(d)s筛查预警") % {"d": Department(department).label}
    return row, errors


def _households_by_id(user, numbers):
    """{resident ID: household} for the IDs held in the user's regions (through the registry's queries)."""
    from fupin.registry.queries import members_visible_to

    wanted = {blind_index(n): n for n in numbers if n}
    found = {}
    members = members_visible_to(user).filter(id_index__in=list(wanted)).select_related("household")
    for member in members:
        found[wanted[member.id_index]] = member.household
    return found


def import_department_list(uploaded, *, by, department, on=None) -> ImportResult:
    check_anywhere(by, IMPORT)
    header, rows = COLUMNS.find_header(read_upload_table(uploaded))
    if header is None:
        return COLUMNS.missing()
    risk_codes = values.CodeList(RiskType)
    result = validate_rows(records(header, rows), lambda record: _parse_row(record, department, risk_codes))
    if result.errors:  # a cell that does not parse: the file is to be corrected, nothing is written
        return result
    households = _households_by_id(by, [row["id_number"] for row in result.rows])
    known = ImportResult()
    for number, row in result.numbered():
        household = households.get(row["id_number"])
        if household is None:
            result.errors.append(
                RowError(number, header.names.get("id_number", column("id_number")), UNKNOWN)
            )
            continue
        known.numbers.append(number)
        known.rows.append({**row, "household": household})
    written = write_rows(
        known,
        lambda row: record_department_signal(
            row["household"],
            by=by,
            department=department,
            reason=row["reason"],
            risk_type=row["risk_type"],
            income=row["income"],
            rigid_spending=row["rigid_spending"],
            on=on,
        ),
    )
    written.errors = sorted(result.errors + written.errors, key=lambda e: e.row)
    return written
