"""The matching's pure functions: scores, constraints, optimality, explanations (R2.3)."""

import datetime
import random

import numpy as np

from fupin.employment import matching
from fupin.employment.matching import LaborerData, VacancyData

TOWN_A = "440703101201"  # 棠下镇 village
TOWN_A2 = "440703101000"  # 棠下镇 itself
TOWN_B = "440703102201"  # 荷塘镇, same county
OTHER_COUNTY = "440704001001"
CHONGZUO = "451425100201"


def lab(i, code=TOWN_A, **kw):
    return LaborerData(id=i, region_code=code, **kw)


def vac(i, code=TOWN_A2, **kw):
    kw.setdefault("wage_min", 3000)
    kw.setdefault("wage_max", 4000)
    kw.setdefault("industry", "C")
    return VacancyData(id=i, region_code=code, **kw)


def test_score_sums_transparent_components():
    worker = lab(1, industries=("C",), skills=frozenset({"电工", "焊工"}), expected_wage=3000)
    post = vac(1, skills=frozenset({"电工", "叉车"}), urgent=True, deadline_hours=24)

    total, reasons = matching.score(worker, post)

    assert matching.components(worker, post) == {
        "location": 30,
        "industry": 20,
        "skills": 10,
        "wage": 15,
        "urgency": 10,
    }
    assert total == 85
    assert any("电工" in r and "1/2" in r for r in reasons)
    assert any("行业对口" in r for r in reasons)
    assert any("24小时用工调度" in r for r in reasons)


def test_preferred_region_beats_plain_distance():
    worker = lab(1, max_area=3, preferred_prefix="440704")
    assert matching.components(worker, vac(1, code=OTHER_COUNTY))["location"] == 35
    assert matching.components(worker, vac(2, code=TOWN_B))["location"] == 24


def test_pairs_beyond_the_laborers_area_wage_floor_or_date_are_incompatible():
    worker = lab(1, max_area=1, expected_wage=3500, available_from=datetime.date(2020, 4, 1))

    assert matching.score(worker, vac(1, code=TOWN_B))[0] is None
    assert matching.score(worker, vac(2, wage_max=3400))[0] is None
    late, why = matching.score(worker, vac(3, start_date=datetime.date(2020, 3, 1)))
    assert late is None and "晚于到岗日期" in why[0]
    assert (
        matching.score(worker, vac(4, start_date=datetime.date(2020, 3, 25)))[0] is not None
    )  # within grace


def test_chongzuo_laborer_reaches_jiangmen_only_when_willing_to_leave_the_province():
    assert matching.score(lab(1, code=CHONGZUO, max_area=3), vac(1))[0] is None
    assert matching.score(lab(2, code=CHONGZUO, max_area=4), vac(1))[0] is not None


def test_optimum_beats_greedy_on_a_known_case():
    # A likes X a bit more than Y, B can only take X: greedy gives X to A and leaves B out.
    laborers = [lab(1, industries=("C",)), lab(2, max_area=1, industries=("H",))]
    vacancies = [vac(1, code=TOWN_A2, industry="C"), vac(2, code=TOWN_B, industry="C")]
    edges, result = matching.assign(laborers, vacancies)

    scores = {(int(edges.laborer[e]), int(edges.vacancy[e])): int(edges.total[e]) for e in range(len(edges))}
    # location + industry + skills (none required) + wage (no expectation)
    assert scores == {(0, 0): 30 + 20 + 10 + 8, (0, 1): 24 + 20 + 10 + 8, (1, 0): 30 + 0 + 10 + 8}
    assert sorted((lab_i, vac_i) for lab_i, vac_i, _ in result.pairs) == [(0, 1), (1, 0)]
    assert result.objective == 62 + 48
    greedy = matching.greedy(edges.laborer, edges.vacancy, edges.total, [1, 1], 2)
    assert greedy == 68 < result.objective


def test_seats_cap_the_number_assigned_to_a_vacancy():
    laborers = [lab(i) for i in range(5)]
    _, result = matching.assign(laborers, [vac(1, seats=3)])
    assert len(result.pairs) == 3
    _, result = matching.assign(laborers, [vac(1, seats=3)], seats=[1])
    assert len(result.pairs) == 1


def test_nobody_is_assigned_twice_and_incompatible_laborers_stay_unassigned():
    laborers = [lab(1), lab(2, expected_wage=9000)]
    _, result = matching.assign(laborers, [vac(1, seats=2), vac(2, seats=2)])
    assert [p[0] for p in result.pairs] == [0]


def test_solver_matches_brute_force_on_small_random_cases():
    rng = random.Random(7)
    for _ in range(30):
        n_l, n_v = rng.randint(1, 5), rng.randint(1, 3)
        seats = [rng.randint(1, 2) for _ in range(n_v)]
        pairs = [(i, j, rng.randint(1, 50)) for i in range(n_l) for j in range(n_v) if rng.random() < 0.7]
        if not pairs:
            continue
        li, vi, sc = (np.array(x) for x in zip(*pairs, strict=True))
        chosen, objective = matching.solve_flow(li, vi, sc, seats, n_l)
        assert objective == _brute_force(pairs, seats, n_l)
        assert objective == int(sc[chosen].sum())
        assert all(np.bincount(vi[chosen], minlength=n_v) <= seats)
        assert len(set(li[chosen])) == int(chosen.sum())


def _brute_force(pairs, seats, n_l):
    options = {i: [(j, s) for (a, j, s) in pairs if a == i] for i in range(n_l)}

    def best(i, free):
        if i == n_l:
            return 0
        result = best(i + 1, free)
        for j, s in options[i]:
            if free[j]:
                free[j] -= 1
                result = max(result, s + best(i + 1, free))
                free[j] += 1
        return result

    return best(0, list(seats))


def test_vectorised_scores_agree_with_the_scalar_score_pair_by_pair():
    rng = random.Random(3)
    codes = [TOWN_A, "440703101202", TOWN_B, OTHER_COUNTY, CHONGZUO, TOWN_A2, "440781100000"]
    skills = ["电工", "焊工", "叉车", "厨师", "育婴"]
    day = datetime.date(2020, 3, 1)
    laborers = [
        LaborerData(
            id=i,
            region_code=rng.choice(codes),
            max_area=rng.randint(1, 4),
            preferred_prefix=rng.choice(["", "440703", "440704001", "4407", CHONGZUO]),
            industries=tuple(rng.sample(["C", "H", "E", "O"], rng.randint(0, 2))),
            skills=frozenset(rng.sample(skills, rng.randint(0, 3))),
            expected_wage=rng.choice([0, 2500, 3500]),
            available_from=rng.choice([None, day, day + datetime.timedelta(days=40)]),
        )
        for i in range(60)
    ]
    vacancies = [
        VacancyData(
            id=j,
            region_code=rng.choice(codes),
            seats=rng.randint(1, 3),
            wage_min=2500,
            wage_max=rng.choice([0, 3000, 4500]),
            industry=rng.choice(["C", "H", "E"]),
            skills=frozenset(rng.sample(skills, rng.randint(0, 2))),
            start_date=rng.choice([None, day]),
            urgent=rng.random() < 0.3,
            deadline_hours=rng.choice([None, 24, 48]),
        )
        for j in range(25)
    ]
    edges = matching.score_edges(laborers, vacancies, chunk=50)

    got = {(int(edges.laborer[e]), int(edges.vacancy[e])): edges.components(e) for e in range(len(edges))}
    expected = {
        (i, j): matching.components(a, b)
        for i, a in enumerate(laborers)
        for j, b in enumerate(vacancies)
        if matching.components(a, b) is not None
    }
    assert got == expected
    assert len(got) > 100


def test_every_proposed_pair_has_an_explanation():
    laborers = [lab(1, industries=("C",), expected_wage=2800), lab(2)]
    vacancies = [vac(1, seats=2, housing=True)]
    edges, result = matching.assign(laborers, vacancies)
    for li, vi, e in result.pairs:
        reasons = matching.explain(laborers[li], vacancies[vi], edges.components(e))
        assert len(reasons) >= 4
        assert sum(int(r.rsplit("(+", 1)[1].rstrip(")")) for r in reasons) == int(edges.total[e])
