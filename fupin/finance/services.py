"""Writes of the finance app: each use case atomic, scope-checked and audited (rules in `rules.py`).

The quarterly interest subsidy is paid through the funds service (one disbursement per bank and quarter, to
the bank that lent) and recorded per loan in `InterestSubsidy`, whose unique (loan, quarter) makes a second
payment of the same quarter impossible, whoever runs it and however often."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import record
from fupin.core.bulk import insert_rows
from fupin.core.errors import DomainError
from fupin.core.regioncodes import code_range, significant_prefix
from fupin.core.scope import check_anywhere, check_scope
from fupin.finance import plausibility, queries, rules
from fupin.finance.choices import LoanKind, LoanStatus
from fupin.finance.models import InterestSubsidy, Loan, LoanHousehold, Repayment
from fupin.funds import services as fund_services
from fupin.funds.choices import PayeeKind
from fupin.jobs.progress import NullReporter
from fupin.ledgers import services as ledger_services
from fupin.ledgers.choices import Category, LedgerKind

CHANGE = "finance.change_loan"
LOAN_FIELDS = [
    "kind",
    "household",
    "enterprise",
    "bank",
    "contract_number",
    "amount",
    "rate",
    "term_months",
    "disbursed_on",
    "due_on",
    "use",
    "insurer",
    "premium",
]
ESCALATION_DAYS = 15
KIND_SAMPLE = 200  # the latest loans of a kind the plausibility rules compare a loan with


def _check_limits(kind, amount, rate, term_months):
    if amount is None or amount <= 0:
        raise DomainError(_("贷款金额必须大于零。"), field="amount")
    if term_months is None or term_months <= 0:
        raise DomainError(_("请填写贷款期限。"), field="term_months")
    if rate is None or rate < 0:
        raise DomainError(_("请填写年利率。"), field="rate")
    if kind == LoanKind.MICROCREDIT:
        if amount > rules.MICROCREDIT_MAX:
            raise DomainError(_("扶贫小额信贷每户不超过5万元。"), field="amount", code="over_limit")
        if term_months > rules.MICROCREDIT_MAX_MONTHS:
            raise DomainError(
                _("扶贫小额信贷期限不超过3年（36个月）。"), field="term_months", code="over_limit"
            )
        base = rules.base_rate(term_months)
        if rate > base:
            message = _("扶贫小额信贷按基准利率放贷：年利率不超过 %(r)s%%。") % {"r": base}
            raise DomainError(message, field="rate", code="over_limit")
    elif rate > rules.ZHENGYINBAO_MAX_RATE:
        raise DomainError(_("政银保贷款企业年利率不超过6%。"), field="rate", code="over_limit")


def _check_borrower(kind, household, enterprise) -> str:
    """The region the loan belongs to: the household's village or the enterprise's region."""
    if kind == LoanKind.MICROCREDIT:
        if household is None:
            raise DomainError(_("扶贫小额信贷须贷给建档立卡贫困户。"), field="household")
        return household.region_id
    if kind == LoanKind.ZHENGYINBAO:
        if enterprise is None:
            raise DomainError(_("政银保贷款须指明借款企业或合作社。"), field="enterprise")
        return enterprise.region_code
    raise DomainError(_("请选择贷款类型。"), field="kind")


def _check_volume(amount):
    """政银保 loans at most the plan's multiple (15) × the fund: checked with the fund's row locked, so two
    loans at once cannot both pass (PostgreSQL row lock; SQLite has one writer)."""
    volume, ceiling = queries.zhengyinbao_volume(lock=True)
    if ceiling is not None and volume + amount > ceiling:
        left = fund_services.yuan(max(ceiling - volume, 0))
        message = _("超出政银保贷款规模（专项资金的15倍）：尚可放贷 %(a)s 元") % {"a": left}
        raise DomainError(message, field="amount", code="over_limit")


def loan_facts(kind, household) -> plausibility.LoanFacts:
    """What the loan rules compare with: the household's active microcredit loans, recent loans of the kind."""
    active = Loan.objects.filter(kind=kind, status=LoanStatus.ACTIVE)
    mine = active.filter(household=household) if kind == LoanKind.MICROCREDIT and household else active.none()
    amounts = Loan.objects.filter(kind=kind).order_by("-id")[:KIND_SAMPLE].values_list("amount", flat=True)
    return plausibility.LoanFacts(
        today=timezone.localdate(),
        household_loans=list(mine.values_list("contract_number", flat=True)[:5]),
        kind_amounts=list(amounts),
    )


@transaction.atomic
def register_loan(
    *,
    by,
    kind,
    bank,
    contract_number,
    amount,
    rate,
    term_months,
    disbursed_on,
    household=None,
    enterprise=None,
    source="",
    confirm_warnings=False,
    **extra,
) -> Loan:
    """A loan the bank granted: 扶贫小额信贷 to a household or 政银保 to an enterprise or cooperative; refused
    or warned by the plausibility rules (the warnings the person confirmed are kept on the loan)."""
    borrower_region = household.region_id if household is not None else getattr(enterprise, "region_code", "")
    check_scope(by, CHANGE, borrower_region)
    region_code = _check_borrower(kind, household, enterprise)
    amount, rate = Decimal(amount), Decimal(rate)
    _check_limits(kind, amount, rate, term_months)
    if not (bank or "").strip() or not (contract_number or "").strip():
        raise DomainError(_("请填写贷款银行和合同编号。"), field="contract_number")
    if Loan.objects.filter(contract_number=contract_number.strip()).exists():
        raise DomainError(_("该合同编号已登记。"), field="contract_number")
    warnings = plausibility.check_loan(
        amount,
        disbursed_on,
        extra.get("premium"),
        loan_facts(kind, household),
        confirmed=confirm_warnings,
    )
    if kind == LoanKind.ZHENGYINBAO:
        _check_volume(amount)
    due_on = rules.add_months(disbursed_on, term_months)
    return fund_services.create_warned(
        Loan,
        by=by,
        fields=LOAN_FIELDS,
        warnings=warnings,
        action="finance.loan.registered",
        source=source,
        kind=kind,
        household=household,
        enterprise=enterprise,
        region_code=region_code,
        bank=bank.strip(),
        contract_number=contract_number.strip(),
        amount=amount,
        balance=amount,
        rate=rate,
        term_months=term_months,
        disbursed_on=disbursed_on,
        due_on=due_on,
        repay_by=due_on,
        **extra,
    )


@transaction.atomic
def record_repayment(loan, *, by, paid_on, principal, interest=0) -> Repayment:
    """A repayment lowers the balance, never below zero; a loan repaid in full is 已结清."""
    check_scope(by, CHANGE, loan.region_code)
    principal = fund_services.clean_amount(principal, "principal")
    rows = Loan.objects.filter(pk=loan.pk, balance__gte=principal)
    if not rows.update(balance=F("balance") - principal, version=F("version") + 1):
        loan.refresh_from_db()
        message = _("归还本金超过贷款余额 %(b)s 元。") % {"b": fund_services.yuan(loan.balance)}
        raise DomainError(message, field="principal")
    Loan.objects.filter(pk=loan.pk, balance=0).update(status=LoanStatus.REPAID)
    repayment = Repayment.objects.create(
        loan=loan, region_code=loan.region_code, paid_on=paid_on, principal=principal, interest=interest or 0
    )
    before = str(loan.balance)
    loan.refresh_from_db()
    record("finance.loan.repaid", by=by, target=loan, changes={"balance": [before, str(loan.balance)]})
    return repayment


@transaction.atomic
def defer_loan(loan, *, by, version, months, reason="") -> Loan:
    """2020's epidemic rule: a household hit by the epidemic (weekly tracking) may defer repayment up to six
    months past the due date; the loan is not overdue meanwhile."""
    check_scope(by, CHANGE, loan.region_code)
    if not 1 <= int(months) <= rules.MAX_DEFERRAL_MONTHS:
        raise DomainError(_("延期还款最长6个月。"), field="months", code="over_limit")
    if loan.kind != LoanKind.MICROCREDIT or loan.household_id not in queries.households_hit_by_epidemic(
        [loan.household_id]
    ):
        raise DomainError(_("只有受疫情影响的贫困户（见每周跟踪）可延期还款。"), field="months")
    until = rules.add_months(loan.due_on, int(months))
    return update_versioned(
        loan,
        by=by,
        version=version,
        fields=["deferred_until"],
        values={"deferred_until": until},
        extra={"repay_by": until, "deferral_reason": reason or _("受疫情影响")},
        action="finance.loan.deferred",
    )


@transaction.atomic
def link_loan_household(loan, *, by, household) -> LoanHousehold:
    """A household a 政银保 loan lifts (带动)."""
    check_scope(by, CHANGE, loan.region_code)
    check_scope(by, CHANGE, household.region_id)
    if loan.kind != LoanKind.ZHENGYINBAO:
        raise DomainError(_("只有政银保贷款登记带动贫困户。"), field="household")
    link, created = LoanHousehold.objects.get_or_create(
        loan=loan, household=household, defaults={"region_code": household.region_id}
    )
    if not created:
        raise DomainError(_("该户已在本笔贷款的带动名单中。"), field="household")
    record("finance.loanhousehold.linked", by=by, target=link, changes={"household": [None, household.pk]})
    return link


@transaction.atomic
def pay_premium(loan, *, by, allocation, date, voucher):
    """The fund pays a 政银保 loan's premium to the insurer (零保费 for the borrower), once."""
    check_scope(by, CHANGE, loan.region_code)
    if loan.kind != LoanKind.ZHENGYINBAO or loan.premium <= 0 or not loan.insurer:
        raise DomainError(_("该贷款没有待付保费。"), field="premium")
    if not Loan.objects.filter(pk=loan.pk, premium_paid=False).update(premium_paid=True):
        raise DomainError(_("该贷款保费已支付。"), field="premium")
    payment = fund_services.disburse(
        allocation,
        by=by,
        amount=loan.premium,
        date=date,
        payee_kind=PayeeKind.INSURER,
        payee_name=loan.insurer,
        voucher=voucher,
        purpose=_("政银保保费 %(c)s") % {"c": loan.contract_number},
        region_code=loan.region_code,
        confirm_warnings=True,  # the amount is the loan's premium, not typed: warnings kept, not asked
    )
    record("finance.loan.premium_paid", by=by, target=loan, changes={"premium_paid": [False, True]})
    return payment


@transaction.atomic
def escalate_overdue(*, by, on=None) -> int:
    """Overdue loans in the user's scope not escalated yet become problem-list items of the ledger."""
    check_anywhere(by, CHANGE)
    on = on or timezone.localdate()
    loans = Loan.objects.visible_to(by, CHANGE).overdue(on).filter(escalated_item_id__isnull=True)
    count = 0
    for loan in loans.select_related("household", "enterprise"):
        description = _("%(kind)s逾期未还：合同 %(c)s，余额 %(b)s 元，应还日期 %(d)s") % {
            "kind": loan.get_kind_display(),
            "c": loan.contract_number,
            "b": fund_services.yuan(loan.balance),
            "d": loan.repay_by.isoformat(),
        }
        item = ledger_services.create_item(
            by=None,
            region_code=loan.region_code,
            household=loan.household,
            deadline=on + datetime.timedelta(days=ESCALATION_DAYS),
            description=description,
            kind=LedgerKind.PROBLEM,
            category=Category.INCOME,
            origin=f"finance.loan:{loan.pk}",
        )
        Loan.objects.filter(pk=loan.pk).update(escalated_item_id=item.pk)
        record("finance.loan.escalated", by=by, target=loan, changes={"escalated_item_id": [None, item.pk]})
        count += 1
    return count


# --- the quarterly interest subsidy --------------------------------------------------------------


def _due_subsidies(allocation, quarter):
    """[(loan id, region, bank, days, rate, interest)] of the microcredit loans under the allocation's region
    with interest in the quarter and no subsidy for it yet."""
    first, last = rules.quarter_bounds(quarter)
    paid = InterestSubsidy.objects.filter(loan_id=OuterRef("pk"), quarter=quarter)
    under = code_range(significant_prefix(allocation.region_id))
    loans = (
        Loan.objects.filter(region_code__range=under)
        .filter(kind=LoanKind.MICROCREDIT, disbursed_on__lte=last, due_on__gte=first)
        .exclude(Exists(paid))
        .order_by("pk")
        .values_list("pk", "region_code", "bank", "amount", "rate", "disbursed_on", "due_on", "status")
    )
    rows = list(loans)
    repaid = defaultdict(list)
    repayments = Repayment.objects.filter(region_code__range=under, paid_on__lte=last)
    for loan_id, paid_on, principal in repayments.values_list("loan_id", "paid_on", "principal"):
        repaid[loan_id].append((paid_on, principal))
    due = []
    for pk, region, bank, amount, rate, start, end, _status in rows:
        days, interest = rules.quarter_interest(amount, rate, start, end, repaid.get(pk, ()), quarter)
        if interest > 0:
            due.append((pk, region, bank, days, rate, interest))
    return due


SUBSIDY_COLUMNS = [
    "loan_id",
    "region_code",
    "quarter",
    "days",
    "rate",
    "amount",
    "disbursement_id",
    "paid_on",
]


@transaction.atomic
def pay_quarter_subsidy(allocation, *, by, quarter, on=None, reporter=None) -> dict:
    """Subsidise the quarter's interest of every microcredit loan under the allocation's region, paid from
    the allocation to each lending bank; loans already subsidised for the quarter are left out."""
    check_scope(by, CHANGE, allocation.region_id)
    reporter = reporter or NullReporter()
    on = on or timezone.localdate()
    try:
        due = _due_subsidies(allocation, quarter)
    except ValueError:
        raise DomainError(_("季度格式应为 2020Q2。"), field="quarter") from None
    reporter.progress(0, len(due), _("已计算 %(n)d 笔贷款的贴息") % {"n": len(due)}, force=True)
    by_bank = defaultdict(list)
    for row in due:
        by_bank[row[2]].append(row)
    done, total = 0, Decimal("0.00")
    for bank, rows in sorted(by_bank.items()):
        amount = sum((r[5] for r in rows), Decimal("0.00"))
        payment = fund_services.disburse(
            allocation,
            by=by,
            amount=amount,
            date=on,
            payee_kind=PayeeKind.BANK,
            payee_name=bank,
            voucher=f"贴息-{quarter}-{allocation.pk}",
            purpose=_("扶贫小额信贷 %(q)s 贴息") % {"q": quarter},
            confirm_warnings=True,  # computed interest, not typed: warnings kept, not asked
        )
        # 100,000 rows in seconds below the ORM; the unique (loan, quarter) still refuses a second one
        insert_rows(
            InterestSubsidy,
            SUBSIDY_COLUMNS,
            (
                (pk, region, quarter, days, str(rate), str(interest), payment.pk, on)
                for pk, region, _b, days, rate, interest in rows
            ),
        )
        done += len(rows)
        reporter.progress(done, len(due), _("已支付 %(n)d 笔") % {"n": done})
        total += amount
        record(
            "finance.subsidy.paid",
            by=by,
            target=payment,
            region_code=allocation.region_id,
            changes={"quarter": [None, quarter], "loans": [None, len(rows)], "amount": [None, str(amount)]},
        )
    return {"quarter": quarter, "loans": len(due), "banks": len(by_bank), "amount": str(total)}
