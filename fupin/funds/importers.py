"""Import of disbursements (资金支出明细) from Excel or CSV: every row validated, then all or nothing.

A file is refused with the list of its errors (row, column, message) when any row is wrong, and also when
the rows of one allocation together exceed its remaining balance. A good file is written in one transaction
through services.disburse, so each payment is audited and the balance is enforced once more.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.errors import DomainError
from fupin.core.importing_rows import Columns, ImportResult, RowError, records, validate_rows, write_rows
from fupin.core.regioncodes import significant_prefix
from fupin.core.text import join_list
from fupin.funds import queries, services
from fupin.funds.choices import DisbursementStatus, PayeeKind
from fupin.funds.models import Disbursement
from fupin.registry.models import Household, Member

# the columns as offices write them; the first name of each is the one used in messages
COLUMNS = Columns(
    {
        "allocation_id": ("下达编号", "额度编号"),
        "document_number": ("文号", "下达文号", "资金文号"),
        "amount": ("金额", "金额(元)", "支出金额", "支出金额(元)"),
        "date": ("日期", "支出日期", "拨付日期"),
        "payee_name": ("收款对象", "收款人", "收款单位"),
        "id_number": ("身份证号", "公民身份号码", "身份证号码"),
        "household_number": ("户编号",),
        "voucher": ("凭证号", "支付凭证号"),
        "purpose": ("用途", "资金用途"),
        "payee_kind": ("收款类型",),
    },
    required=("amount", "date", "payee_name", "voucher"),
)
column = COLUMNS.name
ALLOCATION_KEYS = {"allocation_id", "document_number"}  # a file names the allocation by one of these


def parse_amount(value) -> Decimal:
    if isinstance(value, float):
        value = round(value, 6)  # a sum computed in Excel carries float noise
    return services.clean_amount(value)


class Lookups:
    """The allocations the user may pay from and the households named in the file, fetched once."""

    def __init__(self, user, records):
        self.allocations = {a.pk: a for a in queries.disbursable_allocations(user)}
        self.by_document = {}
        for allocation in self.allocations.values():
            self.by_document.setdefault(allocation.document_number, []).append(allocation)
        numbers = {r.get("household_number") for r in records} - {"", None}
        ids = {r.get("id_number", "").upper() for r in records} - {""}
        households = Household.objects.visible_to(user)
        self.by_number = {h.number: h for h in households.filter(number__in=numbers)}
        members = Member.objects.visible_to(user).with_id_numbers(ids).select_related("household")
        self.by_id_number = {m.id_number: m.household for m in members}
        self.payee_kinds = values.CodeList(PayeeKind)  # labels in the user's language

    def household(self, record):
        number, id_number = record.get("household_number", ""), record.get("id_number", "").upper()
        if number:
            found = self.by_number.get(number)
            if found is None:
                raise DomainError(_("户编号不存在或不在您的范围内"), field=column("household_number"))
            return found
        if id_number:
            found = self.by_id_number.get(id_number)
            if found is None:
                raise DomainError(_("身份证号不存在或不在您的范围内"), field=column("id_number"))
            return found
        return None

    def allocation(self, record, household):
        if record.get("allocation_id"):
            key = record["allocation_id"]
            found = self.allocations.get(int(key)) if key.isdigit() else None
            if found is None:
                raise DomainError(_("找不到该下达，或不在您的支出范围内"), field=column("allocation_id"))
            return found
        candidates = self.by_document.get(record.get("document_number", ""), [])
        if household is not None:
            candidates = [
                a for a in candidates if household.region_id.startswith(significant_prefix(a.region_id))
            ]
        if not candidates:
            raise DomainError(_("找不到该文号的下达，或不在您的支出范围内"), field=column("document_number"))
        if len(candidates) > 1:
            raise DomainError(_("该文号对应多笔下达，请填写下达编号"), field=column("document_number"))
        return candidates[0]


def _payee_kind(record, household, payee_kinds):
    kind = payee_kinds(record.get("payee_kind", ""))
    if kind is None:
        return PayeeKind.HOUSEHOLD if household is not None else PayeeKind.PROJECT
    return kind


def _parse_row(record, lookups) -> tuple[dict, list]:
    """One row as keyword arguments of services.disburse, and its errors [(column, message)]."""
    row, errors = {}, []

    def attempt(name, parse):
        try:
            row[name] = parse()
        except (DomainError, ValueError) as exc:
            named = getattr(exc, "field", None)
            errors.append((named if named in _COLUMNS else column(name), str(exc)))

    for name in COLUMNS.required:
        if record.get(name) in ("", None):
            errors.append((column(name), _("必填")))
    if record.get("amount") not in ("", None):
        attempt("amount", lambda: parse_amount(record["amount"]))
    if record.get("date") not in ("", None):
        attempt("date", lambda: values.date(record["date"]))
    attempt("household", lambda: lookups.household(record))
    household = row.get("household")
    attempt("allocation", lambda: lookups.allocation(record, household))
    attempt("payee_kind", lambda: _payee_kind(record, household, lookups.payee_kinds))
    allocation = row.get("allocation")
    if (
        allocation
        and household
        and not household.region_id.startswith(significant_prefix(allocation.region_id))
    ):
        errors.append((column("household_number"), _("收款对象不在该笔下达的地区范围内。")))
    row.update(payee_name=record.get("payee_name", "")[:128], voucher=record.get("voucher", "")[:64])
    row["purpose"] = record.get("purpose", "")[:255]
    return row, errors


def _record(raw) -> dict:
    """A row's cells by field: amount and date as read (numbers, dates), the others as text."""
    return {
        f: v if f in ("amount", "date") and not isinstance(v, str) else values.plain(v)
        for f, v in raw.items()
    }


_COLUMNS = {names[0] for names in COLUMNS.headers.values()}


def _duplicates(rows) -> list:
    """Rows repeating an earlier row of the file, or a payment already on record."""
    recorded = set(
        Disbursement.objects.filter(
            status=DisbursementStatus.PAID,
            allocation_id__in={row["allocation"].pk for _n, row in rows},
            voucher_number__in={row["voucher"] for _n, row in rows},
        ).values_list("allocation_id", "voucher_number", "payee_name", "amount")
    )
    errors, seen = [], {}
    for n, row in rows:
        key = (row["allocation"].pk, row["voucher"], row["payee_name"], row["amount"])
        if key in seen:
            errors.append(RowError(n, column("voucher"), _("与第 %(n)s 行重复") % {"n": seen[key]}))
        elif key in recorded:
            errors.append(RowError(n, column("voucher"), _("该凭证号下已登记过同一收款对象的同一笔支出。")))
        seen.setdefault(key, n)
    return errors


def _over_balance(rows) -> list:
    """One error per allocation whose rows together exceed its remaining balance, naming the rows."""
    groups = {}
    for n, row in rows:
        groups.setdefault(row["allocation"].pk, []).append((n, row))
    errors = []
    for members in groups.values():
        allocation = members[0][1]["allocation"]
        total = sum(row["amount"] for _n, row in members)
        if total > allocation.remaining:
            numbers = join_list(str(n) for n, _row in members)
            message = _("第 %(rows)s 行合计 %(t)s 元，超出下达“%(d)s”的可用余额 %(a)s 元") % {
                "rows": numbers,
                "t": services.yuan(total),
                "d": allocation.document_number,
                "a": services.yuan(allocation.remaining),
            }
            errors.append(RowError(members[0][0], column("amount"), message))
    return errors


def parse_disbursements(table, *, user) -> ImportResult:
    """Validate every row; the result holds the rows ready for services.disburse, or the errors."""
    header, rows = COLUMNS.find_header(table)
    if header is None or not ALLOCATION_KEYS & set(header.names):
        return COLUMNS.missing("document_number")
    found = [(n, _record(raw)) for n, raw in records(header, rows)]
    if not found:
        return ImportResult(errors=[RowError(header.row_number + 1, "", _("没有数据行。"))])
    lookups = Lookups(user, [record for _n, record in found])
    return validate_rows(
        found,
        lambda record: _parse_row(record, lookups),
        check=lambda rows: _duplicates(rows) + _over_balance(rows),
    )


def import_disbursements(table, *, by, source="") -> ImportResult:
    """All or nothing (fupin.core.importing_rows): when any row has an error nothing is written and the
    errors are returned; otherwise every row is paid through services.disburse (audited, balance enforced)."""
    return write_rows(
        parse_disbursements(table, user=by),
        # A file's payments are historical records: soft warnings are kept on them, not asked about.
        lambda row: services.disburse(
            row.pop("allocation"), by=by, source=source, confirm_warnings=True, **row
        ),
    )
