"""Plausibility of a payment (资金支出) as it is typed: pure functions over plain data, the shape of
fupin.core.plausibility. `services.disburse` gathers the facts, refuses a hard finding, keeps the soft ones
the person confirmed on the payment, where the allocation's page shows them to whoever checks it.

Hard: a payment dated after today, or before the money was allocated (下达日期).
Soft: a payment far above the fund's usual payments; the same payee paid the same amount within
DUPLICATE_DAYS (a payment entered twice); one household paid more than HOUSEHOLD_WARN in a payment.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from fupin.core.display import date_text, money
from fupin.core.plausibility import Finding, amount_outliers, check

DUPLICATE_DAYS = 30
HOUSEHOLD_WARN = Decimal("50000")  # housing renovation, the largest support of a household, stays below 4万
OUTLIER_FLOOR = Decimal("10000")  # below this no payment is worth a second look as an outlier


@dataclass(frozen=True)
class PaymentFacts:
    """What is known around a payment: the day, the allocation's date, the fund's other paid amounts, and
    the same payee's earlier payments (date, amount)."""

    today: datetime.date
    allocated_on: datetime.date | None = None
    fund_amounts: list = field(default_factory=list)
    payee_payments: list = field(default_factory=list)


def hard_limits(amount, paid_on, facts: PaymentFacts) -> list[Finding]:
    found = []
    if paid_on > facts.today:
        found.append(
            Finding(
                "date", "future", _("支出日期%(date)s晚于今天。") % {"date": date_text(paid_on)}, hard=True
            )
        )
    if facts.allocated_on and paid_on < facts.allocated_on:
        message = _("支出日期%(date)s早于资金下达日期%(allocated)s。") % {
            "date": date_text(paid_on),
            "allocated": date_text(facts.allocated_on),
        }
        found.append(Finding("date", "before_allocation", message, hard=True))
    return found


def soft_findings(amount, paid_on, facts: PaymentFacts, *, to_household=False) -> list[Finding]:
    amount, found = Decimal(amount), []
    outlier = _("支出金额%(amount)s元，远高于该项资金以往的支出（九成不超过%(usual)s元）。")
    found += amount_outliers(amount, facts.fund_amounts, outlier, floor=OUTLIER_FLOOR)
    for day, paid in facts.payee_payments:
        if Decimal(paid) == amount and abs((paid_on - day).days) <= DUPLICATE_DAYS:
            message = _("同一收款对象在%(date)s已有一笔%(amount)s元的支出，是否重复登记？") % {
                "date": date_text(day),
                "amount": money(amount),
            }
            found.append(Finding("amount", "duplicate", message))
            break
    if to_household and amount > HOUSEHOLD_WARN:
        message = _("一次付给一户%(amount)s元，超过%(limit)s元。") % {
            "amount": money(amount),
            "limit": money(HOUSEHOLD_WARN),
        }
        found.append(Finding("amount", "household_large", message))
    return found


def check_payment(amount, paid_on, facts: PaymentFacts, *, to_household=False, confirmed=False):
    """The soft findings to keep with the payment; Implausible / NeedsConfirmation as in core."""
    hard = hard_limits(amount, paid_on, facts)
    soft = [] if hard else soft_findings(amount, paid_on, facts, to_household=to_household)
    return check(hard, soft, confirmed=confirmed)
