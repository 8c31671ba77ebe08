"""Matching of laborers to vacancy seats (精准对接, R2.3): pure functions over plain data.

A pair is *compatible* when the workplace lies within the laborer's maximum area, the laborer is
available by the start date (with a grace period) and the vacancy's best wage reaches the laborer's
expected wage (their floor). A compatible pair gets a transparent integer score, the sum of:

- location (0–35): the workplace lies in the laborer's preferred region (35), else by distance:
  same town 30, same county 24, same province 14, another province 6;
- industry (0–20): the vacancy's industry is one the laborer wants (20), no preference given (8);
- skills (0–20): share of the vacancy's required skills the laborer has × 20 (10 if none required);
- wage (5–15): 5 when the wage just meets the expectation, up to 15 when it is 30% above (8 when
  the laborer gave no expectation);
- urgency (0–10): a 24-hour dispatch request 10, another urgent request 6.

`assign` maximises the total score over all pairs with a min-cost flow (OR-Tools): source → laborer
(capacity 1) → vacancy (capacity = free seats) → sink, cost = −score, plus a zero-cost source → sink
bypass so that leaving someone unassigned is always possible. Every score is ≥ 5, so the flow never
prefers leaving a compatible seat empty for nothing. `score_edges` is the vectorised twin of `score`
(the tests check they agree pair by pair) used on large scopes.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from fupin.core.text import join_list
from fupin.employment.choices import Industry, WorkArea

AVAILABILITY_GRACE_DAYS = 14
AREA_POINTS = {1: 30, 2: 24, 3: 14, 4: 6}
PREFERRED_POINTS = 35
INDUSTRY_POINTS, NO_PREFERENCE_POINTS = 20, 8
SKILL_POINTS, NO_SKILLS_POINTS = 20, 10
WAGE_BASE, WAGE_EXTRA, WAGE_FULL_PERMILLE, WAGE_UNKNOWN = 5, 10, 300, 8
URGENT_24H, URGENT_OTHER = 10, 6
NO_DATE = 10**7  # an ordinal later than any real date
INDUSTRY_BIT = {code: 1 << i for i, code in enumerate(Industry.values)}
PREFIX_LENGTHS = (2, 4, 6, 9, 12)


@dataclass(frozen=True, slots=True)
class LaborerData:
    id: int
    region_code: str
    max_area: int = 3
    preferred_prefix: str = ""
    industries: tuple = ()
    skills: frozenset = frozenset()
    expected_wage: int = 0
    available_from: datetime.date | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class VacancyData:
    id: int
    region_code: str
    seats: int = 1
    wage_min: int = 0
    wage_max: int = 0
    industry: str = ""
    skills: frozenset = frozenset()
    start_date: datetime.date | None = None
    urgent: bool = False
    deadline_hours: int | None = None
    housing: bool = False
    label: str = ""

    @property
    def top_wage(self):
        return self.wage_max or self.wage_min


@dataclass
class Edges:
    """Compatible pairs as parallel arrays: indexes into the laborer and vacancy lists, and points."""

    laborer: np.ndarray
    vacancy: np.ndarray
    location: np.ndarray
    industry: np.ndarray
    skills: np.ndarray
    wage: np.ndarray
    urgency: np.ndarray
    area: np.ndarray
    total: np.ndarray = field(init=False)

    def __post_init__(self):
        self.total = (self.location + self.industry + self.skills + self.wage + self.urgency).astype(np.int64)

    def __len__(self):
        return len(self.total)

    def components(self, i) -> dict:
        return {
            name: int(getattr(self, name)[i])
            for name in ("location", "industry", "skills", "wage", "urgency")
        }


@dataclass
class Assignment:
    pairs: list  # (laborer index, vacancy index, edge index)
    objective: int


# --- the score of one pair -------------------------------------------------------------------


def area_between(home: str, work: str) -> int:
    """1 same town, 2 same county, 3 same province, 4 another province (WorkArea order)."""
    if home[:9] == work[:9]:
        return 1
    if home[:6] == work[:6]:
        return 2
    if home[:2] == work[:2]:
        return 3
    return 4


def _ordinal(day, missing):
    return day.toordinal() if day else missing


def is_compatible(lab: LaborerData, vac: VacancyData) -> bool:
    if area_between(lab.region_code, vac.region_code) > lab.max_area:
        return False
    if _ordinal(lab.available_from, 0) > _ordinal(vac.start_date, NO_DATE) + AVAILABILITY_GRACE_DAYS:
        return False
    return vac.top_wage >= lab.expected_wage


def _wage_points(expected, top):
    if expected <= 0:
        return WAGE_UNKNOWN
    permille = min(max((top - expected) * 1000 // expected, 0), WAGE_FULL_PERMILLE)
    return WAGE_BASE + WAGE_EXTRA * permille // WAGE_FULL_PERMILLE


def components(lab: LaborerData, vac: VacancyData) -> dict | None:
    """The points of each component, or None when the pair is not compatible."""
    if not is_compatible(lab, vac):
        return None
    area = area_between(lab.region_code, vac.region_code)
    preferred = bool(lab.preferred_prefix) and vac.region_code.startswith(lab.preferred_prefix)
    if not lab.industries:
        industry = NO_PREFERENCE_POINTS
    else:
        industry = INDUSTRY_POINTS if vac.industry in lab.industries else 0
    if vac.skills:
        overlap = len(vac.skills & lab.skills)
        skills = (2 * SKILL_POINTS * overlap + len(vac.skills)) // (2 * len(vac.skills))
    else:
        skills = NO_SKILLS_POINTS
    urgency = (URGENT_24H if (vac.deadline_hours or 0) <= 24 else URGENT_OTHER) if vac.urgent else 0
    return {
        "location": PREFERRED_POINTS if preferred else AREA_POINTS[area],
        "industry": industry,
        "skills": skills,
        "wage": _wage_points(lab.expected_wage, vac.top_wage),
        "urgency": urgency,
    }


def score(lab: LaborerData, vac: VacancyData):
    """(score, reasons) for a pair; (None, [why not]) when it is not compatible."""
    parts = components(lab, vac)
    if parts is None:
        return None, incompatibility(lab, vac)
    return sum(parts.values()), explain(lab, vac, parts)


def incompatibility(lab: LaborerData, vac: VacancyData) -> list[str]:
    reasons = []
    area = area_between(lab.region_code, vac.region_code)
    if area > lab.max_area:
        reasons.append(
            _("工作地（%(a)s）超出本人可接受范围（%(m)s）")
            % {"a": WorkArea(str(area)).label, "m": WorkArea(str(lab.max_area)).label}
        )
    if _ordinal(lab.available_from, 0) > _ordinal(vac.start_date, NO_DATE) + AVAILABILITY_GRACE_DAYS:
        reasons.append(
            _("%(d)s 才能上岗，晚于到岗日期 %(s)s") % {"d": lab.available_from, "s": vac.start_date}
        )
    if vac.top_wage < lab.expected_wage:
        reasons.append(
            _("月薪最高 %(w)d 元，低于期望 %(e)d 元") % {"w": vac.top_wage, "e": lab.expected_wage}
        )
    return reasons


def explanation_texts() -> dict:
    """The translated sentence templates and labels, looked up once for a whole batch of explanations."""
    return {
        "preferred": _("工作地在本人意向务工地"),
        "area": _("工作地与户籍地：%(a)s"),
        "housing": _("，企业提供住宿"),
        "no_pref": _("本人未限定行业：%(i)s"),
        "fits": _("行业对口：%(i)s"),
        "misfit": _("行业不在本人意向内：%(i)s"),
        "skills": _("技能符合 %(n)d/%(t)d 项%(list)s"),
        "no_skills": _("岗位无技能要求"),
        "wage": _("月薪最高 %(w)d 元，期望 %(e)d 元"),
        "wage_open": _("月薪最高 %(w)d 元，本人未填期望"),
        "urgent": _("%(h)d小时用工调度，优先保障"),
        "areas": {int(v): str(label) for v, label in WorkArea.choices},
        "industries": {v: str(label) for v, label in Industry.choices},
    }


def explain(lab: LaborerData, vac: VacancyData, parts: dict, texts: dict | None = None) -> list[str]:
    """Why this laborer and why this post, one sentence per score component (with its points)."""
    t = texts or explanation_texts()
    area = area_between(lab.region_code, vac.region_code)
    where = t["preferred"] if parts["location"] == PREFERRED_POINTS else t["area"] % {"a": t["areas"][area]}
    if vac.housing and area >= 3:
        where += t["housing"]
    industry = t["industries"].get(vac.industry, vac.industry)
    key = "no_pref" if not lab.industries else "fits" if parts["industry"] else "misfit"
    reasons = [f"{where} (+{parts['location']})", f"{t[key] % {'i': industry}} (+{parts['industry']})"]
    if vac.skills:
        have = sorted(vac.skills & lab.skills)
        text = t["skills"] % {
            "n": len(have),
            "t": len(vac.skills),
            "list": (_("：%(items)s") % {"items": join_list(have)}) if have else "",
        }
    else:
        text = t["no_skills"]
    reasons.append(f"{text} (+{parts['skills']})")
    if lab.expected_wage:
        text = t["wage"] % {"w": vac.top_wage, "e": lab.expected_wage}
    else:
        text = t["wage_open"] % {"w": vac.top_wage}
    reasons.append(f"{text} (+{parts['wage']})")
    if vac.urgent:
        reasons.append(f"{t['urgent'] % {'h': vac.deadline_hours or 24}} (+{parts['urgency']})")
    return reasons


# --- all pairs at once -----------------------------------------------------------------------


def _prefix_ints(codes, length):
    return np.array([int(c[:length]) if c[:length].isdigit() else -1 for c in codes], dtype=np.int64)


def _skill_words(skill_sets, vocab):
    words = max(1, (len(vocab) + 63) // 64)
    out = np.zeros((len(skill_sets), words), dtype=np.uint64)
    for row, skills in enumerate(skill_sets):
        for s in skills:
            bit = vocab.get(s)
            if bit is not None:
                out[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    return out


def _reach_prefix(code: str, max_area: int) -> str:
    return {1: code[:9], 2: code[:6], 3: code[:2]}.get(max_area, "")


def score_edges(laborers, vacancies, *, chunk=2_000_000) -> Edges:
    """Every compatible pair with its points, computed block-wise with numpy.

    Vacancies are sorted by region code so that the ones within a laborer's reach (a code prefix)
    form one contiguous slice; laborers sharing a reach are scored together against that slice.
    """
    order = sorted(range(len(vacancies)), key=lambda i: vacancies[i].region_code)
    vac = [vacancies[i] for i in order]
    vorder = np.array(order, dtype=np.int64)
    vcodes = [v.region_code for v in vac]
    vpref = {n: _prefix_ints(vcodes, n) for n in PREFIX_LENGTHS}
    vocab = {s: i for i, s in enumerate(sorted({s for v in vac for s in v.skills}))}
    vskill = _skill_words([v.skills for v in vac], vocab)
    vskill_n = np.array([len(v.skills) for v in vac], dtype=np.int64)
    vtop = np.array([v.top_wage for v in vac], dtype=np.int64)
    vstart = np.array([_ordinal(v.start_date, NO_DATE) for v in vac], dtype=np.int64)
    vind = np.array([INDUSTRY_BIT.get(v.industry, 0) for v in vac], dtype=np.int64)
    vurg = np.array(
        [(URGENT_24H if (v.deadline_hours or 0) <= 24 else URGENT_OTHER) if v.urgent else 0 for v in vac],
        dtype=np.int64,
    )

    lcodes = [lab.region_code for lab in laborers]
    lpref = {n: _prefix_ints(lcodes, n) for n in (2, 6, 9)}
    lwage = np.array([lab.expected_wage for lab in laborers], dtype=np.int64)
    lavail = np.array([_ordinal(lab.available_from, 0) for lab in laborers], dtype=np.int64)
    lmax = np.array([lab.max_area for lab in laborers], dtype=np.int64)
    lind = np.array([sum(INDUSTRY_BIT.get(i, 0) for i in lab.industries) for lab in laborers], dtype=np.int64)
    lskill = _skill_words([lab.skills for lab in laborers], vocab)
    plen = np.array([len(lab.preferred_prefix) for lab in laborers], dtype=np.int64)
    pint = np.array(
        [int(lab.preferred_prefix) if lab.preferred_prefix.isdigit() else -1 for lab in laborers],
        dtype=np.int64,
    )

    arrays = {
        "lpref": lpref,
        "vpref": vpref,
        "lmax": lmax,
        "lavail": lavail,
        "vstart": vstart,
        "vtop": vtop,
        "lwage": lwage,
        "plen": plen,
        "pint": pint,
        "lind": lind,
        "vind": vind,
        "vskill_n": vskill_n,
        "lskill": lskill,
        "vskill": vskill,
        "vurg": vurg,
    }
    groups: dict[str, list[int]] = {}
    for i, lab in enumerate(laborers):
        groups.setdefault(_reach_prefix(lab.region_code, lab.max_area), []).append(i)

    parts = []
    for prefix, members in groups.items():
        lo = bisect.bisect_left(vcodes, prefix.ljust(12, "0")) if prefix else 0
        hi = bisect.bisect_right(vcodes, prefix.ljust(12, "9")) if prefix else len(vac)
        if hi <= lo:
            continue
        members = np.array(members, dtype=np.int64)
        step = max(1, chunk // (hi - lo))
        for start in range(0, len(members), step):
            parts.append(_score_block(members[start : start + step], lo, hi, arrays))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Edges(empty, empty, empty, empty, empty, empty, empty, empty)
    cols = [np.concatenate([p[k] for p in parts]) for k in range(8)]
    cols[1] = vorder[cols[1]]  # back to the caller's vacancy indexes
    return Edges(*cols)


def _score_block(L, lo, hi, a):
    """Points of laborers L against sorted vacancies lo..hi; returns the compatible cells."""
    C = np.arange(lo, hi)
    area = np.full((len(L), len(C)), 4, dtype=np.int64)
    area[a["lpref"][2][L][:, None] == a["vpref"][2][C][None, :]] = 3
    area[a["lpref"][6][L][:, None] == a["vpref"][6][C][None, :]] = 2
    area[a["lpref"][9][L][:, None] == a["vpref"][9][C][None, :]] = 1
    ok = area <= a["lmax"][L][:, None]
    ok &= a["lavail"][L][:, None] <= a["vstart"][C][None, :] + AVAILABILITY_GRACE_DAYS
    ok &= a["vtop"][C][None, :] >= a["lwage"][L][:, None]
    li, ci = np.nonzero(ok)
    gl, gc = L[li], C[ci]
    ar = area[li, ci]
    location = np.array([AREA_POINTS[k] for k in range(1, 5)], dtype=np.int64)[ar - 1]
    plen, pint = a["plen"][gl], a["pint"][gl]
    for n in PREFIX_LENGTHS:
        hit = (plen == n) & (a["vpref"][n][gc] == pint)
        location[hit] = PREFERRED_POINTS
    lind = a["lind"][gl]
    industry = np.where(
        lind == 0, NO_PREFERENCE_POINTS, np.where((lind & a["vind"][gc]) != 0, INDUSTRY_POINTS, 0)
    )
    need = a["vskill_n"][gc]
    overlap = np.bitwise_count(a["lskill"][gl] & a["vskill"][gc]).sum(axis=1).astype(np.int64)
    skills = np.where(
        need == 0, NO_SKILLS_POINTS, (2 * SKILL_POINTS * overlap + need) // np.maximum(2 * need, 1)
    )
    exp, top = a["lwage"][gl], a["vtop"][gc]
    permille = np.clip((top - exp) * 1000 // np.maximum(exp, 1), 0, WAGE_FULL_PERMILLE)
    wage = np.where(exp <= 0, WAGE_UNKNOWN, WAGE_BASE + WAGE_EXTRA * permille // WAGE_FULL_PERMILLE)
    return gl, gc, location, industry, skills, wage, a["vurg"][gc], ar


# --- the optimal assignment ------------------------------------------------------------------


def solve_flow(laborer_idx, vacancy_idx, scores, seats, n_laborers):
    """Max-score assignment over scored edges: (chosen edge mask, objective). Pure OR-Tools."""
    from ortools.graph.python import min_cost_flow

    n_vac = len(seats)
    source, sink = 0, 1 + n_laborers + n_vac
    laborer_node = 1 + np.arange(n_laborers, dtype=np.int64)
    vacancy_node = 1 + n_laborers + np.arange(n_vac, dtype=np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    edge_arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        1 + np.asarray(laborer_idx, dtype=np.int64),
        vacancy_node[np.asarray(vacancy_idx, dtype=np.int64)],
        np.ones(len(scores), dtype=np.int64),
        -np.asarray(scores, dtype=np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(n_laborers, dtype=np.int64),
        laborer_node,
        np.ones(n_laborers, dtype=np.int64),
        np.zeros(n_laborers, dtype=np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        vacancy_node,
        np.full(n_vac, sink, dtype=np.int64),
        np.asarray(seats, dtype=np.int64),
        np.zeros(n_vac, dtype=np.int64),
    )
    smcf.add_arc_with_capacity_and_unit_cost(source, sink, n_laborers, 0)  # leaving people unassigned
    smcf.set_node_supply(source, n_laborers)
    smcf.set_node_supply(sink, -n_laborers)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    chosen = smcf.flows(edge_arcs) > 0
    return chosen, -smcf.optimal_cost()


def assign(laborers, vacancies, seats=None) -> tuple[Edges, Assignment]:
    """Score every compatible pair and pick the assignment with the highest total score."""
    edges = score_edges(laborers, vacancies)
    seats = seats if seats is not None else [v.seats for v in vacancies]
    return edges, solve(edges, seats, len(laborers))


def solve(edges: Edges, seats, n_laborers) -> Assignment:
    """The assignment with the highest total score over already scored edges."""
    if not len(edges):
        return Assignment([], 0)
    chosen, objective = solve_flow(edges.laborer, edges.vacancy, edges.total, seats, n_laborers)
    picked = np.nonzero(chosen)[0]
    pairs = [(int(edges.laborer[e]), int(edges.vacancy[e]), int(e)) for e in picked]
    return Assignment(pairs, int(objective))


def greedy(laborer_idx, vacancy_idx, scores, seats, n_laborers):
    """Baseline: take pairs by falling score while the laborer is free and seats remain."""
    free = np.asarray(seats, dtype=np.int64).copy()
    taken = np.zeros(n_laborers, dtype=bool)
    total = 0
    for e in np.argsort(-np.asarray(scores), kind="stable"):
        lab, vac = laborer_idx[e], vacancy_idx[e]
        if not taken[lab] and free[vac] > 0:
            taken[lab] = True
            free[vac] -= 1
            total += int(scores[e])
    return total
