"""Writes of the funds app: each use case atomic, scope-checked and audited.

The invariant "nothing is spent beyond its line" rests on one conditional UPDATE per draw (`_draw`): the
row is changed only if the new total stays within its ceiling, in a single statement that SQLite (one writer
at a time) and PostgreSQL (row lock, WHERE re-checked on the latest row) both apply atomically. The CHECK
constraints of the models are the safety net. See docs/funds.md.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Round
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError, DomainError, refused_if_duplicate
from fupin.core.plausibility import as_dicts, noting_warnings
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope
from fupin.funds import plausibility
from fupin.funds.choices import AllocationStatus, DisbursementStatus, PayeeKind
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.funds.rules import check_payee
from fupin.regions.models import RegionLevel

ALLOCATE, DISBURSE = "funds.allocate_fund", "funds.disburse_fund"
CENT = Decimal("0.01")
LIMIT = Decimal("1000000000000")  # 14 digits with 2 decimals
FUND_SAMPLE = 200  # the latest payments of a fund the plausibility rules compare a payment with
ALLOCATION_FIELDS = ["fund", "region", "amount", "document_number", "allocated_on", "note", "status"]
DISBURSEMENT_FIELDS = [
    "allocation",
    "region_code",
    "amount",
    "paid_on",
    "payee_kind",
    "household",
    "payee_name",
    "voucher_number",
    "purpose",
    "status",
]


def yuan(value) -> str:
    """12345.6 -> '12,345.60' (how amounts are written in messages)."""
    return f"{Decimal(value):,.2f}"


def clean_amount(value, field="amount") -> Decimal:
    """A positive amount of yuan with at most two decimals, else a DomainError on `field`."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("金额格式不正确。"), field=field) from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("金额必须大于零。"), field=field)
    if amount != amount.quantize(CENT) or amount >= LIMIT:
        raise DomainError(_("金额最多保留两位小数，且不超过一万亿元。"), field=field)
    return amount.quantize(CENT)


def _draw(model, pk, column, amount, *conditions) -> bool:
    """Add `amount` to `column` only if the total stays within the row's `amount`: one conditional UPDATE.

    Round(…, 2) keeps SQLite, which stores decimals as floating point, from drifting (0.1 + 0.2 would
    exceed a ceiling of 0.3); on PostgreSQL's exact numeric it changes nothing."""
    total = Round(F(column) + amount, 2)
    rows = model.objects.filter(Q(pk=pk), LessThanOrEqual(total, F("amount")), *conditions)
    return rows.update(**{column: total}) == 1


def _give_back(model, pk, column, amount):
    model.objects.filter(pk=pk).update(**{column: Round(F(column) - amount, 2)})


def create_warned(model, *, by, fields, warnings, action, source="", **values):
    """A new record (made by `by`) that passed the plausibility rules with the soft `warnings` the person
    confirmed: they are kept on it and noted in its audit entry beside every field of `fields`."""
    obj = model.objects.create(warnings=as_dicts(warnings), created_by=by, **values)
    changes = noting_warnings(diff({}, snapshot(obj, fields)), obj.warnings)
    record(action, by=by, target=obj, changes=changes, source=source)
    return obj


def _over_limit(available) -> DomainError:
    message = _("超出可用额度：可用余额 %(a)s 元") % {"a": yuan(available)}
    return DomainError(message, field="amount", code="over_limit")


# --- funds ---------------------------------------------------------------------------------------


@transaction.atomic
def open_fund(budget_line, *, by=None) -> Fund:
    """The fund of a budget line, its ceiling copied from the line; opening it again returns it as it is.
    `by` None is the system (a management command)."""
    region_code = budget_line.plan.region_code
    if by is not None:
        check_scope(by, ALLOCATE, region_code)
    fund, created = Fund.objects.get_or_create(
        budget_line=budget_line, defaults={"region_code": region_code, "amount": budget_line.amount}
    )
    if created:
        record(
            "funds.fund.opened",
            by=by,
            target=fund,
            changes={"amount": [None, str(fund.amount)], "budget_line": [None, budget_line.code]},
        )
    return fund


def open_plan_funds(plan, *, by=None) -> tuple[int, int]:
    """Open a fund for every budget line of the plan; returns (opened now, already open)."""
    before = Fund.objects.filter(budget_line__plan=plan).count()
    for line in plan.budget_lines.order_by("id"):
        open_fund(line, by=by)
    total = Fund.objects.filter(budget_line__plan=plan).count()
    return total - before, before


# --- allocations ---------------------------------------------------------------------------------


def _check_allocator(by, region_code):
    """Money goes down: the city allocates to districts and below, a district to its towns and villages."""
    check_scope(by, ALLOCATE, region_code)
    if significant_prefix(region_code) in by.prefixes_for(ALLOCATE):
        raise DomainError(_("资金只能下达到本级以下的地区。"), field="region")


@transaction.atomic
def allocate(fund, *, by, region, amount, document_number, date, note="") -> Allocation:
    """Allocate (下达) money of the fund to a district, town or village; refused beyond the fund's ceiling."""
    amount = clean_amount(amount)
    _check_allocator(by, region.code)
    levels = (RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE)
    if region.level not in levels or not region.code.startswith(significant_prefix(fund.region_code)):
        raise DomainError(_("请选择本资金范围内的区、镇或村。"), field="region")
    if not (document_number or "").strip():
        raise DomainError(_("请填写下达文号。"), field="document_number")
    if not _draw(Fund, fund.pk, "allocated", amount):
        fund.refresh_from_db()
        raise _over_limit(fund.amount - fund.allocated)
    values = {
        "fund": fund,
        "region": region,
        "amount": amount,
        "document_number": document_number.strip(),
        "allocated_on": date,
        "note": note,
    }
    return create_recorded(
        Allocation,
        by=by,
        fields=ALLOCATION_FIELDS,
        values=values,
        action="funds.allocation.created",
        created_by=by,
    )


def _refuse_change(allocation, version):
    current = Allocation.objects.get(pk=allocation.pk)
    if current.version != version:
        raise ConflictError()
    if current.status != AllocationStatus.ACTIVE:
        raise DomainError(_("该下达已撤销。"))
    raise DomainError(
        _("不能低于已支出金额 %(s)s 元。") % {"s": yuan(current.spent)}, field="amount", code="over_limit"
    )


@transaction.atomic
def reduce_allocation(allocation, *, by, version, amount, reason="") -> Allocation:
    """Lower the allocated amount (调减), never below what is already spent; the rest returns to the fund."""
    new = clean_amount(amount)
    _check_allocator(by, allocation.region_id)
    if allocation.version != version:
        raise ConflictError()
    if new >= allocation.amount:
        raise DomainError(_("调减后的金额应小于原下达金额。"), field="amount")
    returned = allocation.amount - new
    try:
        update_versioned(
            allocation,
            by=by,
            version=version,
            fields=["amount"],
            values={"amount": new},
            where={"status": AllocationStatus.ACTIVE, "spent__lte": new},
            action="funds.allocation.reduced",
            note=reason,
        )
    except ConflictError:
        _refuse_change(allocation, version)
    _give_back(Fund, allocation.fund_id, "allocated", returned)
    return allocation


@transaction.atomic
def cancel_allocation(allocation, *, by, version, reason="") -> Allocation:
    """Withdraw an allocation with nothing spent from it (撤销); its whole amount returns to the fund."""
    _check_allocator(by, allocation.region_id)
    if allocation.version != version:
        raise ConflictError()
    try:
        update_versioned(
            allocation,
            by=by,
            version=version,
            fields=["status"],
            values={"status": AllocationStatus.CANCELLED},
            where={"status": AllocationStatus.ACTIVE, "spent": 0},
            action="funds.allocation.cancelled",
            note=reason,
        )
    except ConflictError:
        current = Allocation.objects.get(pk=allocation.pk)
        if current.version == version and current.spent > 0:
            raise DomainError(
                _("已支出 %(s)s 元，请先冲销支出再撤销。") % {"s": yuan(current.spent)}, code="over_limit"
            ) from None
        _refuse_change(allocation, version)
    _give_back(Fund, allocation.fund_id, "allocated", allocation.amount)
    return allocation


# --- disbursements -------------------------------------------------------------------------------


def _payee_region(allocation, household, region_code) -> str:
    """Where the money goes: the household's village, else the given region, else the allocation's."""
    code = household.region_id if household is not None else (region_code or allocation.region_id)
    if not code.startswith(significant_prefix(allocation.region_id)):
        field = "household" if household is not None else "region_code"
        raise DomainError(_("收款对象不在该笔下达的地区范围内。"), field=field)
    return code


def _check_payee(payee_kind, payee_name, household, voucher):
    if payee_kind not in PayeeKind.values:
        raise DomainError(_("请选择收款类型。"), field="payee_kind")
    if payee_kind == PayeeKind.HOUSEHOLD and household is None:
        raise DomainError(_("支付到户时必须指明贫困户。"), field="household")
    if not (payee_name or "").strip():
        raise DomainError(_("请填写收款对象。"), field="payee_name")
    if not (voucher or "").strip():
        raise DomainError(_("请填写凭证号。"), field="voucher_number")


def payment_facts(allocation, household, payee_name, voucher="") -> plausibility.PaymentFacts:
    """What the payment rules compare with: the fund's recent paid amounts, the payee's earlier payments
    (under another voucher: the same voucher twice is refused outright by its unique constraint)."""
    paid = Disbursement.objects.filter(status=DisbursementStatus.PAID)
    fund_amounts = paid.filter(allocation__fund_id=allocation.fund_id).order_by("-id")[:FUND_SAMPLE]
    payee = Q(household=household) if household is not None else Q(payee_name=(payee_name or "").strip())
    earlier = (
        paid.filter(payee, allocation__fund_id=allocation.fund_id)
        .exclude(voucher_number=(voucher or "").strip())
        .order_by("-paid_on")[:FUND_SAMPLE]
    )
    return plausibility.PaymentFacts(
        today=timezone.localdate(),
        allocated_on=allocation.allocated_on,
        fund_amounts=list(fund_amounts.values_list("amount", flat=True)),
        payee_payments=list(earlier.values_list("paid_on", "amount")),
    )


def _refuse_draw(allocation):
    current = Allocation.objects.get(pk=allocation.pk)
    if current.status != AllocationStatus.ACTIVE:
        raise DomainError(_("该下达已撤销，不能支出。"))
    raise _over_limit(current.amount - current.spent)


@transaction.atomic
def disburse(
    allocation,
    *,
    by,
    amount,
    date,
    payee_kind,
    payee_name,
    voucher,
    purpose="",
    household=None,
    region_code=None,
    source="",
    confirm_warnings=False,
) -> Disbursement:
    """Pay money of an allocation (支出/拨付) to a household, a project or another payee; refused beyond
    the allocation's remaining balance, and refused or warned by the plausibility rules (the warnings the
    person confirmed are kept on the payment)."""
    amount = clean_amount(amount)
    check_scope(by, DISBURSE, allocation.region_id)
    code = _payee_region(allocation, household, region_code)
    check_scope(by, DISBURSE, code)
    _check_payee(payee_kind, payee_name, household, voucher)
    check_payee(allocation.fund.budget_line.code, payee_kind, household)
    if not _draw(Allocation, allocation.pk, "spent", amount, Q(status=AllocationStatus.ACTIVE)):
        _refuse_draw(allocation)
    # After the balance (a refusal there says more); a refusal here rolls the draw back with the rest.
    warnings = plausibility.check_payment(
        amount,
        date,
        payment_facts(allocation, household, payee_name, voucher),
        to_household=payee_kind == PayeeKind.HOUSEHOLD,
        confirmed=confirm_warnings,
    )
    duplicate = _("该凭证号下已登记过同一收款对象的同一笔支出。")
    with refused_if_duplicate(duplicate, field="voucher_number"):
        return create_warned(
            Disbursement,
            by=by,
            fields=DISBURSEMENT_FIELDS,
            warnings=warnings,
            action="funds.disbursement.created",
            source=source,
            allocation=allocation,
            region_code=code,
            amount=amount,
            paid_on=date,
            payee_kind=payee_kind,
            household=household,
            payee_name=payee_name.strip(),
            voucher_number=voucher.strip(),
            purpose=purpose,
        )


@transaction.atomic
def reverse_disbursement(disbursement, *, by, reason, version=None) -> Disbursement:
    """Reverse a payment (冲销): it stays on record, and its amount returns to the allocation."""
    check_scope(by, DISBURSE, disbursement.allocation.region_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写冲销原因。"), field="reason")
    rows = Disbursement.objects.filter(pk=disbursement.pk, status=DisbursementStatus.PAID)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(status=DisbursementStatus.REVERSED, reversed_reason=reason, version=F("version") + 1):
        if Disbursement.objects.filter(pk=disbursement.pk, status=DisbursementStatus.REVERSED).exists():
            raise DomainError(_("该笔支出已冲销。"))
        raise ConflictError()
    _give_back(Allocation, disbursement.allocation_id, "spent", disbursement.amount)
    disbursement.refresh_from_db()
    changes = {"status": [DisbursementStatus.PAID.value, disbursement.status]}
    record("funds.disbursement.reversed", by=by, target=disbursement, changes=changes, note=reason)
    return disbursement
