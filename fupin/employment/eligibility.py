"""Subsidy eligibility (R2.6): pure functions over a kind's rule (data) and facts about a beneficiary.

A rule is a dict of parameters stored with the SubsidyKind (see fixtures/employment_rules.json):
registered_poor, requires_public_welfare_post, requires_placement, min_months_on_post, flags_any,
min_poor_employed, min_poor_hired. Unknown keys are refused so that a typo never grants a subsidy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.text import join_list

KNOWN_KEYS = {
    "registered_poor",
    "requires_public_welfare_post",
    "requires_placement",
    "min_months_on_post",
    "flags_any",
    "min_poor_employed",
    "min_poor_hired",
}
FLAG_LABELS = {
    "is_workshop": gettext_lazy("扶贫车间"),
    "is_studio": gettext_lazy("扶贫工作坊"),
    "is_base": gettext_lazy("就业安置基地"),
    "poverty_related": gettext_lazy("涉扶贫企业"),
    "is_leading": gettext_lazy("龙头企业"),
}


@dataclass(frozen=True)
class KindRule:
    code: str
    name: str
    beneficiary: str  # "person" | "enterprise"
    amount: Decimal
    basis: str  # "month" | "once" | "per_hired"
    max_months: int | None = None
    rule: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PersonFacts:
    registered_poor: bool = True
    placed: bool = False
    months_on_post: int = 0
    public_welfare_months: int = 0


@dataclass(frozen=True)
class EnterpriseFacts:
    flags: frozenset = frozenset()
    poor_employed: int = 0
    poor_hired: int = 0


@dataclass
class Eligibility:
    eligible: bool
    reasons: list
    amount: Decimal = Decimal("0")
    months: int = 0


def check(kind: KindRule, facts, *, months: int = 1) -> Eligibility:
    """Whether the beneficiary qualifies for the kind, why, and for how much."""
    unknown = set(kind.rule) - KNOWN_KEYS
    if unknown:
        return Eligibility(False, [_("补贴规则含未知参数：%(k)s") % {"k": ", ".join(sorted(unknown))}])
    is_person = isinstance(facts, PersonFacts)
    if is_person != (kind.beneficiary == "person"):
        return Eligibility(False, [_("%(n)s 的发放对象不符") % {"n": kind.name}])
    passed, failed = (_person if is_person else _enterprise)(kind.rule, facts)
    if failed:
        return Eligibility(False, passed + failed)
    months = _months(kind, facts, months)
    amount = _amount(kind, facts, months)
    return Eligibility(True, [*passed, _("应发 %(a)s 元") % {"a": amount}], amount, months)


def _person(rule, facts):
    passed, failed = [], []
    if rule.get("registered_poor"):
        (passed if facts.registered_poor else failed).append(
            _("建档立卡贫困劳动力") if facts.registered_poor else _("不是建档立卡贫困劳动力")
        )
    if rule.get("requires_public_welfare_post"):
        if facts.public_welfare_months > 0:
            passed.append(_("本期在公益性岗位 %(m)d 个月") % {"m": facts.public_welfare_months})
        else:
            failed.append(_("本期未在公益性岗位任职"))
    if rule.get("requires_placement"):
        (passed if facts.placed else failed).append(_("已推荐上岗") if facts.placed else _("没有上岗记录"))
    need = rule.get("min_months_on_post")
    if need:
        if facts.months_on_post >= need:
            passed.append(_("已确认在岗满 %(n)d 个月") % {"n": facts.months_on_post})
        else:
            failed.append(
                _("在岗未满 %(n)d 个月（已确认 %(m)d 个月）") % {"n": need, "m": facts.months_on_post}
            )
    return passed, failed


def _enterprise(rule, facts):
    passed, failed = [], []
    wanted = rule.get("flags_any")
    if wanted:
        have = [str(FLAG_LABELS.get(f, f)) for f in wanted if f in facts.flags]
        if have:
            passed.append(_("经认定为%(f)s") % {"f": join_list(have)})
        else:
            failed.append(_("未被认定为%(f)s") % {"f": join_list(str(FLAG_LABELS.get(f, f)) for f in wanted)})
    for key, count, label in (
        ("min_poor_employed", facts.poor_employed, _("吸纳贫困劳动力就业")),
        ("min_poor_hired", facts.poor_hired, _("本期新吸纳贫困劳动力")),
    ):
        need = rule.get(key)
        if need:
            text = _("%(l)s %(n)d 人（要求至少 %(r)d 人）") % {"l": label, "n": count, "r": need}
            (passed if count >= need else failed).append(text)
    return passed, failed


def _months(kind, facts, requested):
    if kind.basis != "month":
        return 0
    months = max(1, requested)
    if isinstance(facts, PersonFacts) and kind.rule.get("requires_public_welfare_post"):
        months = min(months, facts.public_welfare_months)
    return min(months, kind.max_months) if kind.max_months else months


def _amount(kind, facts, months):
    if kind.basis == "month":
        return kind.amount * months
    if kind.basis == "per_hired":
        return kind.amount * facts.poor_hired
    return kind.amount
