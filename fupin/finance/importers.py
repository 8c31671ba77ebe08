"""Import a bank's loan list (贷款清单, xlsx or CSV): every row validated, then all or nothing."""

from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.importing import read_upload_table
from fupin.core.importing_rows import Columns, RowError, import_rows, records
from fupin.finance import services
from fupin.finance.choices import LoanKind, LoanUse
from fupin.registry.models import Household, Member

COLUMNS = Columns(
    {
        "contract_number": ("合同编号", "借据号", "贷款合同号"),
        "household": ("户编号",),
        "id_number": ("身份证号", "借款人身份证号", "公民身份号码"),
        "bank": ("贷款银行", "放款银行", "银行"),
        "amount": ("贷款金额", "贷款金额(元)", "金额"),
        "rate": ("年利率", "年利率(%)", "利率"),
        "term_months": ("期限(月)", "贷款期限(月)", "期限"),
        "disbursed_on": ("放款日期", "发放日期"),
        "use": ("贷款用途", "用途"),
    },
    required=("contract_number", "bank", "amount", "rate", "term_months", "disbursed_on"),
)
column = COLUMNS.name


def _household(row, user):
    number = values.compact(row.get("household"))
    if number:
        return Household.objects.visible_to(user).filter(number=number).first()
    id_number = values.compact(row.get("id_number"))
    if id_number:
        member = Member.objects.visible_to(user).with_id_number(id_number).first()
        return member.household if member else None
    return None


def _parse_row(record, user, uses):
    row, errors = {"kind": LoanKind.MICROCREDIT}, []
    parsers = {
        "contract_number": values.compact,
        "bank": values.plain,
        "amount": values.amount,
        "rate": values.amount,
        "term_months": values.integer,
        "disbursed_on": values.date,
        "use": uses,
    }
    for name, parse in parsers.items():
        try:
            parsed = parse(record.get(name))
            if parsed not in (None, ""):
                row[name] = parsed
        except ValueError as exc:
            errors.append((column(name), str(exc)))
    for name in COLUMNS.required:
        if name not in row and not any(c == column(name) for c, _m in errors):
            errors.append((column(name), _("必填")))
    household = _household(record, user)
    if household is None:
        errors.append((column("household"), _("未找到该贫困户或不在您的管辖范围内")))
    row["household"] = household
    return row, errors


def _repeats(numbered):
    seen, errors = {}, []
    for number, row in numbered:
        code = row["contract_number"]
        if code in seen:
            errors.append(
                RowError(number, column("contract_number"), _("与第 %(n)d 行重复") % {"n": seen[code]})
            )
        seen.setdefault(code, number)
    return errors


def import_loans(uploaded, *, by):
    """Every row through services.register_loan in one transaction, or none with every row's error."""
    header, rows = COLUMNS.find_header(read_upload_table(uploaded))
    if header is None:
        return COLUMNS.missing()
    uses = values.CodeList(LoanUse)
    source = f"import:{getattr(uploaded, 'name', '')}"
    return import_rows(
        records(header, rows),
        lambda record: _parse_row(record, by, uses),
        # A bank's list is a record of loans granted: soft warnings are kept on them, not asked about.
        lambda row: services.register_loan(by=by, source=source, confirm_warnings=True, **row),
        check=_repeats,
    )
