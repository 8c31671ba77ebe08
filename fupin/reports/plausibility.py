"""Plausibility of the numbers typed into a household's weekly assessment: pure functions over plain data.

Hard limits are facts of the household (no more confirmed cases than members, no more workers not back
than members of working age): answers breaking one are refused with the reason. Soft rules (a jump from
last week, an outlier in the village, an odd price of unsold produce) only warn: the answers are saved
when the person confirms, and the warnings stay on the assessment for the town and district that approve
the week. Nothing here reads the database; `services.save_assessment` gathers the facts and persists.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fupin.core.plausibility import Finding, Implausible, NeedsConfirmation, percentile  # noqa: F401
from fupin.core.plausibility import check as shared_check

# Finding, Implausible and NeedsConfirmation are shared by every app's rules (fupin.core.plausibility).

# Ages (full years on the Monday of the week) that bound the people fields.
WORKING_AGE = (16, 64)
STUDENT_AGE = (6, 24)  # compulsory education to university: who can drop out or miss online classes
COMPULSORY_AGE = (6, 17)


@dataclass(frozen=True)
class HouseholdFacts:
    """What the registry knows of a household on a day: members, of working age, of school age."""

    members: int = 0
    working_age: int = 0
    students: int = 0
    compulsory: int = 0


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def facts_from_birth_dates(birth_dates, day: datetime.date) -> HouseholdFacts:
    ages = [age_on(b, day) for b in birth_dates]

    def between(bounds):
        return sum(1 for a in ages if bounds[0] <= a <= bounds[1])

    return HouseholdFacts(
        members=len(ages),
        working_age=between(WORKING_AGE),
        students=between(STUDENT_AGE),
        compulsory=between(COMPULSORY_AGE),
    )


def _labels():
    from fupin.reports.models import Assessment  # the model's own labels; no database is touched

    return {f.name: f.verbose_name for f in Assessment._meta.get_fields() if hasattr(f, "verbose_name")}


# field -> (bound of HouseholdFacts, how the bound is named)
PEOPLE_BOUNDS = {
    "confirmed_members": ("members", lambda: _("家庭成员数")),
    "suspected_members": ("members", lambda: _("家庭成员数")),
    "isolated_members": ("members", lambda: _("家庭成员数")),
    "uninsured_members": ("members", lambda: _("家庭成员数")),
    "children_out_of_school": ("compulsory", lambda: _("6至17周岁成员数")),
    "children_no_online_class": ("students", lambda: _("6至24周岁成员数")),
    "members_not_back": ("working_age", lambda: _("16至64周岁劳动年龄成员数")),
    "members_wanting_work": ("working_age", lambda: _("16至64周岁劳动年龄成员数")),
}
# Numbers a person types, and what counts as a big change or an outlier for each: (step, floor).
# A jump is an increase of at least `step` to at least three times last week's value; an outlier is at
# least `floor` and more than three times the village's 90th percentile of the week (when that is above 0).
NUMBERS = {
    "confirmed_members": (2, 2),
    "suspected_members": (3, 3),
    "isolated_members": (3, 4),
    "children_out_of_school": (2, 2),
    "children_no_online_class": (3, 3),
    "uninsured_members": (3, 3),
    "members_not_back": (3, 4),
    "members_wanting_work": (3, 4),
    "income_lost": (5000, 5000),
    "unsold_produce_kg": (1000, 1000),
    "unsold_produce_yuan": (5000, 5000),
}
MAX_YUAN_PER_KG = 100  # unsold produce priced above this per kilogram is worth a second look
MIN_VILLAGE_SAMPLE = 5


def _int(answers, name) -> int:
    try:
        return int(answers.get(name) or 0)
    except (TypeError, ValueError):
        return 0


def hard_limits(answers: dict, facts: HouseholdFacts) -> list[Finding]:
    """The answers a household cannot have. A household with no member on record has no people bounds
    (the registry is incomplete there); counts below zero are refused by the services' cleaning."""
    if facts.members <= 0:
        return []
    labels, found = _labels(), []
    for name, (bound, bound_label) in PEOPLE_BOUNDS.items():
        value, limit = _int(answers, name), getattr(facts, bound)
        if value > limit:
            found.append(
                Finding(
                    name,
                    "over_household",
                    _("%(field)s为%(value)s，超过该户%(bound)s（%(limit)s）。")
                    % {"field": labels[name], "value": value, "bound": bound_label(), "limit": limit},
                    hard=True,
                )
            )
    both = _int(answers, "confirmed_members") + _int(answers, "suspected_members")
    if both > facts.members and not found:
        found.append(
            Finding(
                "suspected_members",
                "over_household",
                _("确诊与疑似人数合计%(value)s，超过该户家庭成员数（%(limit)s）。")
                % {"value": both, "limit": facts.members},
                hard=True,
            )
        )
    return found


def jumps(answers: dict, previous: dict | None) -> list[Finding]:
    """Numbers that rose sharply from the household's answers of last week."""
    if not previous:
        return []
    labels, found = _labels(), []
    for name, (step, _floor) in NUMBERS.items():
        old, new = _int(previous, name), _int(answers, name)
        if new - old >= step and new >= 3 * old:
            found.append(
                Finding(
                    name,
                    "jump",
                    _("%(field)s由上周的%(old)s增至%(new)s。")
                    % {"field": labels[name], "old": old, "new": new},
                )
            )
    return found


def outliers(answers: dict, village: dict[str, list[int]]) -> list[Finding]:
    """Numbers far above the other households of the village this week (`village`: field -> their values;
    judged only with at least MIN_VILLAGE_SAMPLE other households)."""
    labels, found = _labels(), []
    for name, (_step, floor) in NUMBERS.items():
        others = village.get(name) or []
        value = _int(answers, name)
        if len(others) < MIN_VILLAGE_SAMPLE or value < floor:
            continue
        usual = percentile(others, 0.9)
        # Where nearly every other household has none, having some is news, not an outlier.
        if usual > 0 and value > 3 * usual:
            found.append(
                Finding(
                    name,
                    "outlier",
                    _("%(field)s为%(value)s，远高于本村其他户（九成不超过%(usual)s）。")
                    % {"field": labels[name], "value": value, "usual": usual},
                )
            )
    return found


def price_check(answers: dict) -> list[Finding]:
    kg, yuan = _int(answers, "unsold_produce_kg"), _int(answers, "unsold_produce_yuan")
    if kg and yuan / kg > MAX_YUAN_PER_KG:
        return [
            Finding(
                "unsold_produce_yuan",
                "price",
                _("滞销农产品每公斤%(price)s元，请核实重量和金额。") % {"price": round(yuan / kg)},
            )
        ]
    if yuan and not kg:
        return [Finding("unsold_produce_kg", "price", _("填写了滞销金额但重量为0。"))]
    return []


def assess(answers, facts, *, previous=None, village=None) -> tuple[list[Finding], list[Finding]]:
    """(hard, soft) findings of one household's answers."""
    soft = jumps(answers, previous) + outliers(answers, village or {}) + price_check(answers)
    return hard_limits(answers, facts), soft


def check(answers, facts, *, previous=None, village=None, confirmed=False) -> list[Finding]:
    """The soft findings to keep with the answers; Implausible for a hard limit, NeedsConfirmation for
    soft findings not yet confirmed."""
    hard, soft = assess(answers, facts, previous=previous, village=village)
    return shared_check(hard, soft, confirmed=confirmed)
