"""The one list of counted indicators: roll-up, dashboards, weekly report, charts and exports read it.

Each indicator is derived from an assessment in one of three ways:
- "all":   1 for every assessment (households assessed);
- "count": 1 if any of its fields is non-zero / true / non-empty (households affected);
- "sum":   the sum of its fields (people, yuan, kg).
`values_of` computes it in Python for the maintained roll-up, `aggregate_expressions` in SQL for the
rebuild; the consistency test checks that both agree.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    group: str
    kind: str  # all | count | sum
    fields: tuple = ()
    affects: bool = False  # a household counted here is "affected" (proposed for the assistance ledger)


GROUPS = {
    "total": _("总体"),
    "epidemic": _("防疫"),
    "education": _("义务教育"),
    "medical": _("基本医疗"),
    "housing": _("住房安全"),
    "water": _("饮水安全"),
    "employment": _("务工就业"),
    "production": _("发展生产"),
    "poverty": _("脱贫返贫"),
}

DIMENSIONS = [
    Dimension("assessed", _("已评估户数"), "total", "all"),
    Dimension(
        "hh_epidemic",
        _("涉疫户数"),
        "epidemic",
        "count",
        ("confirmed_members", "suspected_members", "isolated_members"),
        affects=True,
    ),
    Dimension("confirmed", _("确诊人数"), "epidemic", "sum", ("confirmed_members",)),
    Dimension("suspected", _("疑似人数"), "epidemic", "sum", ("suspected_members",)),
    Dimension("isolated", _("隔离人数"), "epidemic", "sum", ("isolated_members",)),
    Dimension("supplies_received", _("已获防护物资户数"), "epidemic", "count", ("supplies_received",)),
    Dimension(
        "hh_education",
        _("就学受影响户数"),
        "education",
        "count",
        ("children_out_of_school", "children_no_online_class"),
        affects=True,
    ),
    Dimension("out_of_school", _("失学辍学儿童"), "education", "sum", ("children_out_of_school",)),
    Dimension("no_online_class", _("无法上网课学生"), "education", "sum", ("children_no_online_class",)),
    Dimension(
        "hh_medical",
        _("就医困难户数"),
        "medical",
        "count",
        ("unmet_medical", "uninsured_members"),
        affects=True,
    ),
    Dimension("uninsured", _("未参保人数"), "medical", "sum", ("uninsured_members",)),
    Dimension("housing_unsafe", _("住房不安全户数"), "housing", "count", ("housing_unsafe",), affects=True),
    Dimension("water_unsafe", _("饮水不安全户数"), "water", "count", ("water_unsafe",), affects=True),
    Dimension(
        "hh_employment",
        _("务工受影响户数"),
        "employment",
        "count",
        ("members_not_back", "income_lost"),
        affects=True,
    ),
    Dimension("not_back", _("未返岗人数"), "employment", "sum", ("members_not_back",)),
    Dimension("wanting_work", _("有就业意愿人数"), "employment", "sum", ("members_wanting_work",)),
    Dimension("income_lost", _("减收金额(元)"), "employment", "sum", ("income_lost",)),
    Dimension(
        "hh_production",
        _("生产受影响户数"),
        "production",
        "count",
        ("farming_disrupted", "business_disrupted", "unsold_produce_kg", "unsold_produce_yuan"),
        affects=True,
    ),
    Dimension("unsold_kg", _("滞销农产品(公斤)"), "production", "sum", ("unsold_produce_kg",)),
    Dimension("unsold_yuan", _("滞销农产品(元)"), "production", "sum", ("unsold_produce_yuan",)),
    Dimension("at_risk_return", _("返贫风险户数"), "poverty", "count", ("at_risk_return",), affects=True),
    Dimension(
        "newly_in_difficulty", _("新增困难户数"), "poverty", "count", ("newly_in_difficulty",), affects=True
    ),
    Dimension("needs_raised", _("提出需求户数"), "poverty", "count", ("needs",)),
    Dimension("newly_affected", _("新增受影响户数"), "total", "count", ("newly_affected",)),
]

BY_CODE = {d.code: d for d in DIMENSIONS}
AFFECTING = [d for d in DIMENSIONS if d.affects]
# The headline indicators shown as cards and in the trend chart.
HEADLINE = [
    "assessed",
    "hh_epidemic",
    "hh_employment",
    "not_back",
    "hh_production",
    "at_risk_return",
    "newly_affected",
]
ANSWER_FIELDS = [
    "confirmed_members",
    "suspected_members",
    "isolated_members",
    "supplies_received",
    "children_out_of_school",
    "children_no_online_class",
    "unmet_medical",
    "uninsured_members",
    "housing_unsafe",
    "water_unsafe",
    "members_not_back",
    "members_wanting_work",
    "income_lost",
    "farming_disrupted",
    "business_disrupted",
    "unsold_produce_kg",
    "unsold_produce_yuan",
    "at_risk_return",
    "newly_in_difficulty",
    "needs",
    "notes",
]


def _get(source, name):
    return source.get(name) if isinstance(source, dict) else getattr(source, name)


def value_of(dimension: Dimension, source) -> int:
    if dimension.kind == "all":
        return 1
    values = [_get(source, f) for f in dimension.fields]
    if dimension.kind == "sum":
        return sum(int(v or 0) for v in values)
    return 1 if any(bool(v) for v in values) else 0


def values_of(source) -> dict[str, int]:
    """Indicator values of one assessment (a model instance or a dict of its fields); None gives {}."""
    if source is None:
        return {}
    return {d.code: value_of(d, source) for d in DIMENSIONS}


def affected_codes(source) -> set[str]:
    return {d.code for d in AFFECTING if value_of(d, source)}


def _truthy_q(model, name) -> Q:
    field = model._meta.get_field(name)
    if isinstance(field, BooleanField):
        return Q(**{name: True})
    if isinstance(field, CharField):
        return ~Q(**{name: ""})
    return Q(**{f"{name}__gt": 0})


def aggregate_expressions(model) -> dict:
    """SQL aggregates computing every indicator over a queryset of assessments."""
    result = {}
    for d in DIMENSIONS:
        if d.kind == "all":
            expr = Sum(Value(1))
        elif d.kind == "sum":
            total = F(d.fields[0])
            for f in d.fields[1:]:
                total = total + F(f)
            expr = Sum(total)
        else:
            q = Q()
            for f in d.fields:
                q |= _truthy_q(model, f)
            expr = Sum(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))
        result[d.code] = Coalesce(expr, Value(0))
    return result
