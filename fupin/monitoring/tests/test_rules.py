"""Each risk rule is a pure function: it fires on a household built to trip it, not on one built to pass."""

from decimal import Decimal

import pytest

from fupin.monitoring import rules
from fupin.monitoring.choices import RuleKind
from fupin.monitoring.criteria import HouseholdState, clearing_problems, exit_checks, failed
from fupin.monitoring.rules import Facts

BASE = Facts(household_id=1, region_code="440703101201", size=3, income_per_capita=Decimal(9000))
CASES = [
    (RuleKind.LOW_INCOME, {"threshold": "6000"}, {"income_per_capita": Decimal(5000)}),
    (RuleKind.RIGID_SPENDING, {"ratio": 1}, {"rigid_spending": Decimal(30000)}),
    (RuleKind.EPIDEMIC_LOSS, {"min_income_lost": 1000}, {"members_not_back": 1, "income_lost": 3000}),
    (RuleKind.WEEKLY_FLAG, {}, {"weekly_flag": True}),
    (RuleKind.LOST_PLACEMENT, {"days": 90}, {"lost_placements": 1}),
    (RuleKind.FAILED_SCREENING, {"items": ["medical"]}, {"failed_checks": ("medical",)}),
    (RuleKind.LARGE_CLAIM, {"threshold": 10000}, {"claimed_this_year": Decimal(12000)}),
    (RuleKind.OVERDUE_LOAN, {}, {"overdue_loan": True}),
]


@pytest.mark.parametrize(("kind", "params", "tripping"), CASES)
def test_each_rule_fires_on_a_household_built_to_trip_it_and_not_on_one_built_to_pass(kind, params, tripping):
    tripped = Facts(**{**BASE.__dict__, **tripping})

    assert rules.fires(kind, tripped, params) is True
    assert rules.fires(kind, BASE, params) is False


def test_every_rule_kind_has_a_function_and_a_default_rule():
    assert set(rules.CHECKS) == set(RuleKind.values)
    assert {kind for _c, kind, *_rest in rules.DEFAULT_RULES} == set(RuleKind.values)


def test_the_monitoring_line_is_one_and_a_half_times_the_national_line():
    assert rules.monitoring_threshold(Decimal(4000), 1.5) == Decimal(6000)


def test_spending_just_at_the_income_does_not_fire_and_just_above_does():
    at = Facts(**{**BASE.__dict__, "rigid_spending": Decimal(27000)})
    above = Facts(**{**BASE.__dict__, "rigid_spending": Decimal("27000.01")})

    assert not rules.fires(RuleKind.RIGID_SPENDING, at, {"ratio": 1})
    assert rules.fires(RuleKind.RIGID_SPENDING, above, {"ratio": 1})


def test_exit_and_clearing_criteria_name_what_fails():
    poor = HouseholdState(Decimal(3500), "C", False, 1, 0, open_signals=2)
    secure = HouseholdState(Decimal(9000), "A", True, 0, 0)

    assert len(failed(exit_checks(poor, Decimal(4000), agreed=True))) == 4
    assert failed(exit_checks(secure, Decimal(4000), agreed=True)) == []
    assert len(clearing_problems(poor, Decimal(6000))) == 5
    assert clearing_problems(secure, Decimal(6000)) == []


def test_the_rule_facts_read_other_apps_only_through_their_queries():
    import ast
    from pathlib import Path

    from fupin.monitoring import facts

    tree = ast.parse(Path(facts.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        f"{node.module}.{a.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for a in node.names
    }
    other_apps = {m for m in imported if m.startswith("fupin.") and not m.startswith("fupin.monitoring")}

    assert other_apps and not [m for m in other_apps if ".models" in m]
    assert {m.rsplit(".", 1)[0] for m in other_apps if m.endswith(".queries")} == {
        "fupin.employment",
        "fupin.finance",
        "fupin.insurance",
        "fupin.ledgers",
        "fupin.registry",
        "fupin.reports",
    }
