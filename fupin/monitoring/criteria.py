"""Exit and risk-cleared criteria as pure functions: a household's state in, the criteria that fail out.

贫困户退出 (2016): income stably above the national line, 两不愁三保障 (compulsory schooling, basic
medical insurance, safe housing) and safe water, and the household's agreement. 风险消除 (2020 monitoring):
income above the monitoring line, the same guarantees secure, and no open risk signal.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from fupin.monitoring.choices import ExitCriterion

SAFE_HOUSING = ("A", "B")


@dataclass(frozen=True)
class HouseholdState:
    income_per_capita: Decimal
    housing_grade: str
    water_safe: bool
    uninsured_members: int
    children_out_of_school: int
    open_signals: int = 0


def exit_checks(state: HouseholdState, line: Decimal, agreed: bool) -> list[tuple[str, bool, str]]:
    """[(criterion, passed, text)] for every exit criterion, in the national order."""
    return [
        (
            ExitCriterion.INCOME,
            state.income_per_capita > line,
            _("人均纯收入 %(i)s 元，国家扶贫标准 %(l)s 元") % {"i": state.income_per_capita, "l": line},
        ),
        (
            ExitCriterion.HOUSING,
            state.housing_grade in SAFE_HOUSING,
            _("住房安全等级 %(g)s") % {"g": state.housing_grade},
        ),
        (ExitCriterion.WATER, state.water_safe, _("饮水安全") if state.water_safe else _("饮水不安全")),
        (
            ExitCriterion.MEDICAL,
            state.uninsured_members == 0,
            _("未参加基本医疗保险 %(n)d 人") % {"n": state.uninsured_members},
        ),
        (
            ExitCriterion.EDUCATION,
            state.children_out_of_school == 0,
            _("失学辍学 %(n)d 人") % {"n": state.children_out_of_school},
        ),
        (ExitCriterion.AGREED, agreed, _("本户认可") if agreed else _("本户未认可")),
    ]


def failed(checks) -> list[str]:
    """The texts of the failed criteria, as shown to the user."""
    return [f"{ExitCriterion(code).label}：{text}" for code, passed, text in checks if not passed]


def clearing_problems(state: HouseholdState, threshold: Decimal) -> list[str]:
    """Why the risk of a monitored household cannot be declared cleared (empty: it can)."""
    problems = []
    if state.income_per_capita < threshold:
        problems.append(
            _("人均纯收入 %(i)s 元仍低于监测线 %(t)s 元。") % {"i": state.income_per_capita, "t": threshold}
        )
    if state.housing_grade not in SAFE_HOUSING:
        problems.append(_("住房安全未保障。"))
    if not state.water_safe:
        problems.append(_("饮水安全未保障。"))
    if state.uninsured_members:
        problems.append(_("有 %(n)d 人未参加基本医疗保险。") % {"n": state.uninsured_members})
    if state.children_out_of_school:
        problems.append(_("有 %(n)d 名失学辍学儿童。") % {"n": state.children_out_of_school})
    if state.open_signals:
        problems.append(_("还有 %(n)d 条待研判的预警信息。") % {"n": state.open_signals})
    return problems
