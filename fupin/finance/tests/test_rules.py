"""The pure rules: the quarter's interest for a known schedule, deferral and standing."""

import datetime
from decimal import Decimal

from fupin.finance import rules

D = datetime.date


def test_a_quarter_interest_is_balance_times_rate_times_days_over_360():
    repayments = [(D(2020, 5, 1), Decimal("5000"))]
    q1 = rules.quarter_interest(
        Decimal("10000"), Decimal("4.35"), D(2020, 1, 15), D(2021, 1, 15), repayments, "2020Q1"
    )
    q2 = rules.quarter_interest(
        Decimal("10000"), Decimal("4.35"), D(2020, 1, 15), D(2021, 1, 15), repayments, "2020Q2"
    )
    # Q1: 15 Jan – 31 Mar, 77 days × 10,000; Q2: 30 days × 10,000 then 61 days × 5,000
    assert q1 == (77, Decimal("93.04"))
    assert q2 == (91, Decimal("73.10"))


def test_no_interest_before_the_loan_or_after_it_ends():
    assert rules.quarter_interest(1000, 4, D(2020, 7, 1), D(2021, 7, 1), [], "2020Q2") == (0, Decimal("0.00"))
    assert rules.quarter_interest(1000, 4, D(2019, 1, 1), D(2020, 3, 31), [], "2020Q2") == (
        0,
        Decimal("0.00"),
    )


def test_a_deferred_loan_is_not_overdue_until_its_deferral_ends():
    due = D(2020, 3, 1)
    assert rules.standing(balance=1, due_on=due, deferred_until=None, on=D(2020, 4, 1)) == "overdue"
    assert rules.standing(balance=1, due_on=due, deferred_until=D(2020, 9, 1), on=D(2020, 4, 1)) == "deferred"
    assert rules.standing(balance=1, due_on=due, deferred_until=D(2020, 9, 1), on=D(2020, 9, 2)) == "overdue"
    assert rules.standing(balance=0, due_on=due, deferred_until=None, on=D(2020, 9, 2)) == "repaid"


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert rules.add_months(D(2020, 8, 31), 6) == D(2021, 2, 28)
    assert rules.quarter_bounds("2020Q4") == (D(2020, 10, 1), D(2020, 12, 31))
