"""Plausibility of a loan as it is typed: pure functions over plain data, the shape of
fupin.core.plausibility (the policy limits themselves, 5万元 / 36 months / the base rate / 6 %, are refused
by `services._check_limits` from `rules.py`). `services.register_loan` gathers the facts, refuses a hard
finding and keeps the soft ones the person confirmed on the loan, where the loan's page shows them.

Hard: a loan disbursed after today; a 政银保 premium larger than the loan.
Soft: a second 扶贫小额信贷 loan for a household that still has one (一户一贷); an amount far above the
loans of its kind; a premium above PREMIUM_SHARE of the loan. (No warning for an old disbursement date:
loans of past years are entered late as a matter of course.)
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from fupin.core.display import date_text, money
from fupin.core.plausibility import Finding, amount_outliers, check

PREMIUM_SHARE = Decimal("0.05")
OUTLIER_FLOOR = Decimal("1000000")  # 政银保 loans of an enterprise run to hundreds of thousands


@dataclass(frozen=True)
class LoanFacts:
    """What is known around a loan: the day, the household's active 扶贫小额信贷 loans (contract numbers)
    and the amounts of the loans of its kind."""

    today: datetime.date
    household_loans: list = field(default_factory=list)
    kind_amounts: list = field(default_factory=list)


def hard_limits(amount, disbursed_on, premium, facts: LoanFacts) -> list[Finding]:
    found = []
    if disbursed_on > facts.today:
        message = _("放款日期%(date)s晚于今天。") % {"date": date_text(disbursed_on)}
        found.append(Finding("disbursed_on", "future", message, hard=True))
    if premium and Decimal(premium) > Decimal(amount):
        message = _("保费%(premium)s元超过贷款金额%(amount)s元。") % {
            "premium": money(premium),
            "amount": money(amount),
        }
        found.append(Finding("premium", "over_amount", message, hard=True))
    return found


def soft_findings(amount, disbursed_on, premium, facts: LoanFacts) -> list[Finding]:
    amount, found = Decimal(amount), []
    if facts.household_loans:
        message = _("该户已有未结清的扶贫小额信贷（合同%(contracts)s），一户一般只贷一笔。") % {
            "contracts": "、".join(facts.household_loans)
        }
        found.append(Finding("household", "second_loan", message))
    outlier = _("贷款金额%(amount)s元，远高于同类贷款（九成不超过%(usual)s元）。")
    found += amount_outliers(amount, facts.kind_amounts, outlier, floor=OUTLIER_FLOOR)
    if premium and amount and Decimal(premium) > amount * PREMIUM_SHARE:
        message = _("保费为贷款金额的%(share)s%%，请核实。") % {
            "share": round(Decimal(premium) * 100 / amount, 1)
        }
        found.append(Finding("premium", "premium_share", message))
    return found


def check_loan(amount, disbursed_on, premium, facts: LoanFacts, *, confirmed=False):
    """The soft findings to keep with the loan; Implausible / NeedsConfirmation as in core."""
    hard = hard_limits(amount, disbursed_on, premium, facts)
    soft = [] if hard else soft_findings(amount, disbursed_on, premium, facts)
    return check(hard, soft, confirmed=confirmed)
