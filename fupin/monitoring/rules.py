"""The risk rules as pure functions over plain facts (no database): one function per `RuleKind`.

Each takes a household's `Facts` and the rule's parameters and answers True when the rule fires. The
parameters live in `RiskRule.params` (edited by the city); the defaults below are the 2020 guidance:
income below 1.5 × the national line (国开发〔2020〕6号, 监测范围), rigid spending above the income.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from fupin.monitoring.choices import RiskType, RuleKind

# The national poverty line of 2020 in yuan per person and year (2,300 at 2010 prices); the plan's target
# `national-poverty-line` replaces it when the plan has one.
NATIONAL_LINE_2020 = Decimal("4000")


@dataclass(frozen=True)
class Facts:
    """What the rules know of one household, gathered in bulk by `fupin.monitoring.facts`."""

    household_id: int
    region_code: str
    size: int = 1
    income_per_capita: Decimal = Decimal(0)
    rigid_spending: Decimal | None = None  # a year's 刚性支出 declared in an application or a department list
    weekly_flag: bool = False  # flagged 有返贫风险 in a recent week
    income_lost: int = 0  # 减收金额 of the recent weeks
    members_not_back: int = 0
    business_disrupted: bool = False
    lost_placements: int = 0  # laborers whose placement or post ended recently and who are not at work
    failed_checks: tuple = field(default=())  # checklist items failed at the latest screening
    claimed_this_year: Decimal = Decimal(0)  # insurance claims of the year, filed or paid (fupin.insurance)
    overdue_loan: bool = False  # a 扶贫小额信贷 loan overdue and not deferred (fupin.finance)


def low_income(facts: Facts, params: dict) -> bool:
    threshold = Decimal(str(params.get("threshold") or 0))
    return threshold > 0 and facts.income_per_capita < threshold


def rigid_spending(facts: Facts, params: dict) -> bool:
    if facts.rigid_spending is None:
        return False
    ratio = Decimal(str(params.get("ratio", 1)))
    yearly_income = facts.income_per_capita * max(facts.size, 1)
    return facts.rigid_spending > yearly_income * ratio


def epidemic_loss(facts: Facts, params: dict) -> bool:
    lost = facts.income_lost >= int(params.get("min_income_lost", 1000))
    return (facts.members_not_back > 0 and lost) or (facts.business_disrupted and lost)


def weekly_flag(facts: Facts, params: dict) -> bool:
    return facts.weekly_flag


def lost_placement(facts: Facts, params: dict) -> bool:
    return facts.lost_placements > 0


def failed_screening(facts: Facts, params: dict) -> bool:
    items = set(params.get("items") or ())
    return any(item in items for item in facts.failed_checks) if items else bool(facts.failed_checks)


def large_claim(facts: Facts, params: dict) -> bool:
    threshold = Decimal(str(params.get("threshold") or 0))
    return threshold > 0 and facts.claimed_this_year >= threshold


def overdue_loan(facts: Facts, params: dict) -> bool:
    return facts.overdue_loan


CHECKS = {
    RuleKind.LOW_INCOME: low_income,
    RuleKind.RIGID_SPENDING: rigid_spending,
    RuleKind.EPIDEMIC_LOSS: epidemic_loss,
    RuleKind.WEEKLY_FLAG: weekly_flag,
    RuleKind.LOST_PLACEMENT: lost_placement,
    RuleKind.FAILED_SCREENING: failed_screening,
    RuleKind.LARGE_CLAIM: large_claim,
    RuleKind.OVERDUE_LOAN: overdue_loan,
}

# The risk type a signal of each kind carries (the county may change it when it confirms).
RISK_TYPES = {
    RuleKind.LOW_INCOME: RiskType.OTHER,
    RuleKind.RIGID_SPENDING: RiskType.ILLNESS,
    RuleKind.EPIDEMIC_LOSS: RiskType.EPIDEMIC,
    RuleKind.WEEKLY_FLAG: RiskType.EPIDEMIC,
    RuleKind.LOST_PLACEMENT: RiskType.UNEMPLOYMENT,
    RuleKind.FAILED_SCREENING: RiskType.OTHER,
    RuleKind.LARGE_CLAIM: RiskType.ILLNESS,
    RuleKind.OVERDUE_LOAN: RiskType.INDUSTRY,
}


def fires(kind: str, facts: Facts, params: dict) -> bool:
    return CHECKS[kind](facts, params)


def monitoring_threshold(national_line: Decimal, multiple) -> Decimal:
    """The monitoring line: a multiple (1.5 in 2020) of the national line, rounded to the yuan."""
    return (Decimal(national_line) * Decimal(str(multiple))).quantize(Decimal(1))


# The rules the city starts with (`RiskRule` rows, loaded by the first migration): code, kind, name,
# parameters, reason, colour.
DEFAULT_RULES = [
    (
        "low-income",
        RuleKind.LOW_INCOME,
        "收入低于监测线",
        {"multiple": 1.5},
        "人均纯收入低于国家扶贫标准1.5倍",
        "orange",
    ),
    (
        "rigid-spending",
        RuleKind.RIGID_SPENDING,
        "刚性支出超过收入",
        {"ratio": 1},
        "因病、因学、因灾刚性支出超过家庭年收入",
        "red",
    ),
    (
        "epidemic-loss",
        RuleKind.EPIDEMIC_LOSS,
        "疫情致减收",
        {"min_income_lost": 1000},
        "受疫情影响失业或经营受阻、收入大幅减少",
        "orange",
    ),
    (
        "weekly-flag",
        RuleKind.WEEKLY_FLAG,
        "每周跟踪标注风险",
        {"weeks": 4},
        "每周跟踪中标注有返贫风险",
        "yellow",
    ),
    (
        "lost-placement",
        RuleKind.LOST_PLACEMENT,
        "劳动力失去岗位",
        {"days": 90},
        "家庭劳动力离岗或推荐就业终止后未再就业",
        "yellow",
    ),
    (
        "failed-screening",
        RuleKind.FAILED_SCREENING,
        "排查未通过",
        {"items": ["education", "medical", "housing", "water"]},
        "全面排查中“三保障”或饮水安全未通过",
        "red",
    ),
    (
        "large-claim",
        RuleKind.LARGE_CLAIM,
        "大额保险理赔",
        {"threshold": 10000},
        "一年内保险理赔金额较大，家庭可能因病因灾支出骤增",
        "orange",
    ),
    (
        "overdue-loan",
        RuleKind.OVERDUE_LOAN,
        "扶贫小额信贷逾期",
        {},
        "扶贫小额信贷逾期未还（延期还款期内不计）",
        "yellow",
    ),
]
