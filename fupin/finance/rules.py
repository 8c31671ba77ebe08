"""Pure rules of poverty loans (R3.4): limits, the quarter's interest, deferral. No database here.

- 扶贫小额信贷: at most ¥50,000, at most three years (36 months), at the base rate, 免抵押免担保; its interest
  is subsidised quarter by quarter from the plan's loan-subsidy line.
- 政银保: the borrower pays at most 6 % a year; the loans of the scheme at most 15 × the fund.
- 2020's epidemic rule: repayment of a household hit by the epidemic may be deferred up to six months, and a
  deferred loan is not overdue.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

MICROCREDIT_MAX = Decimal("50000")
MICROCREDIT_MAX_MONTHS = 36
ZHENGYINBAO_MAX_RATE = Decimal("6")
MAX_DEFERRAL_MONTHS = 6
DAYS_IN_YEAR = Decimal(360)  # the banks' day count for interest (实际天数/360)
CENT = Decimal("0.01")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
    """'2020Q2' -> (2020-04-01, 2020-06-30)."""
    year, q = int(quarter[:4]), int(quarter[-1])
    if quarter[4:5] != "Q" or not 1 <= q <= 4:
        raise ValueError(quarter)
    first = datetime.date(year, 3 * q - 2, 1)
    return first, add_months(first, 3) - datetime.timedelta(days=1)


def quarter_interest(amount, rate, disbursed_on, end_on, repayments, quarter) -> tuple[int, Decimal]:
    """(days with a balance, interest) of a loan in a quarter: Σ balance × rate × days / 360 over the spans
    between repayments, from the later of disbursement and the quarter's first day to the earlier of the
    loan's end and the quarter's last day. `repayments` are (date, principal) pairs; `rate` is % a year."""
    first, last = quarter_bounds(quarter)
    start, stop = max(first, disbursed_on), min(last, end_on)
    if stop < start:
        return 0, Decimal("0.00")
    balance = Decimal(amount) - sum((Decimal(p) for d, p in repayments if d < start), Decimal(0))
    total, days, day = Decimal(0), 0, start
    for paid_on, principal in sorted(r for r in repayments if start <= r[0] <= stop):
        span = (paid_on - day).days
        total += balance * span
        days += span if balance > 0 else 0
        balance -= Decimal(principal)
        day = paid_on
    span = (stop - day).days + 1
    total += max(balance, Decimal(0)) * span
    days += span if balance > 0 else 0
    interest = (total * Decimal(rate) / Decimal(100) / DAYS_IN_YEAR).quantize(CENT, ROUND_HALF_UP)
    return days, interest


def standing(*, balance, due_on, deferred_until, on) -> str:
    """current, deferred, overdue or repaid on the day `on` (a deferred loan is never overdue)."""
    if balance <= 0:
        return "repaid"
    if deferred_until is not None and on <= deferred_until:
        return "deferred"
    end = deferred_until if deferred_until is not None and deferred_until > due_on else due_on
    return "overdue" if on > end else "current"


def base_rate(term_months: int) -> Decimal:
    """The People's Bank base lending rate of 2020 (% a year): 4.35 up to one year, 4.75 up to five."""
    return Decimal("4.35") if term_months <= 12 else Decimal("4.75")
