"""Pure generation of demo households and their members as plain dicts (no database).

The data set describes the registry as of REFERENCE_DATE (mid-2020): ages, schooling and exits are
consistent with that day. Distributions are demo parameters and live in DISTRIBUTIONS-style tables
below, documented in docs/demo.md.
"""

import bisect
import datetime
import functools
import itertools
from decimal import Decimal

from fupin.registry.choices import (
    Education,
    Ethnicity,
    HouseholdCategory,
    HousingGrade,
    LaborAbility,
    PovertyCause,
    PovertyStatus,
    Relation,
    Schooling,
    Sex,
    WorkStatus,
)
from fupin.registry.demo import names

REFERENCE_DATE = datetime.date(2020, 6, 30)
# Schooling is that of the 2019/2020 school year; a child's grade follows from its age on 1 September 2019.
SCHOOL_YEAR_START = datetime.date(2019, 9, 1)

CATEGORY_WEIGHTS = {
    HouseholdCategory.GENERAL: 55,
    HouseholdCategory.SUBSISTENCE: 35,
    HouseholdCategory.EXTREME: 10,
}

# 2020 story: most households exited by the end of 2019; some have not; a few returned. Which exited
# households are monitored is the monitoring demo's work (a mark, not a status).
STATUS_WEIGHTS = {
    PovertyStatus.EXITED: 90,
    PovertyStatus.NOT_EXITED: 8,
    PovertyStatus.RETURNED: 2,
}

# Main cause at Guangdong's 2016 identification (DOMAIN.md 1.4); the 11.2% "others" split by judgement.
CAUSE_WEIGHTS = {
    PovertyCause.ILLNESS: 36.2,
    PovertyCause.LACK_LABOR: 23.3,
    PovertyCause.DISABILITY: 19.9,
    PovertyCause.SCHOOLING: 4.9,
    PovertyCause.LACK_FUNDS: 4.5,
    PovertyCause.LACK_SKILLS: 3.0,
    PovertyCause.DISASTER: 2.5,
    PovertyCause.LACK_LAND: 1.5,
    PovertyCause.POOR_TRANSPORT: 1.2,
    PovertyCause.LACK_WATER: 1.0,
    PovertyCause.LOW_MOTIVATION: 1.0,
    PovertyCause.MARRIAGE: 0.5,
    PovertyCause.OTHER: 0.5,
}
# 特困供养 households have no one able to work: their main cause is illness, disability or lack of labour.
EXTREME_CAUSES = (PovertyCause.ILLNESS, PovertyCause.DISABILITY, PovertyCause.LACK_LABOR)

YEAR_IDENTIFIED_WEIGHTS = {2016: 70, 2017: 14, 2018: 10, 2019: 6}
YEAR_EXITED_WEIGHTS = {2016: 8, 2017: 24, 2018: 36, 2019: 32}
HOUSING_WEIGHTS = {HousingGrade.A: 60, HousingGrade.B: 32, HousingGrade.C: 6, HousingGrade.D: 2}
HOUSING_WEIGHTS_NOT_EXITED = {HousingGrade.A: 35, HousingGrade.B: 40, HousingGrade.C: 18, HousingGrade.D: 7}
WATER_UNSAFE_RATE = 0.03

# Household size for households other than 特困 (特困 are 1–2 people); overall mean is about 3.
SIZE_WEIGHTS = {1: 14, 2: 22, 3: 21, 4: 20, 5: 13, 6: 6, 7: 4}

DISABILITY_KIND_WEIGHTS = {"4": 45, "1": 12, "2": 10, "3": 3, "5": 12, "6": 12, "7": 6}
DISABILITY_GRADE_WEIGHTS = {"1": 15, "2": 30, "3": 30, "4": 25}

WORK_AREA_WEIGHTS = {
    "4407": {
        WorkStatus.IN_TOWN: 20,
        WorkStatus.IN_COUNTY: 30,
        WorkStatus.IN_PROVINCE: 40,
        WorkStatus.OUT_PROVINCE: 6,
        WorkStatus.OTHER: 4,
    },
    "4514": {
        WorkStatus.IN_TOWN: 12,
        WorkStatus.IN_COUNTY: 18,
        WorkStatus.IN_PROVINCE: 15,
        WorkStatus.OUT_PROVINCE: 50,
        WorkStatus.OTHER: 5,
    },
}
# Ethnicity of a household's head; other members share it unless they married in.
ETHNICITY_WEIGHTS = {
    "4407": {Ethnicity.HAN: 995, Ethnicity.ZHUANG: 3, Ethnicity.YAO: 2},
    "4514": {
        Ethnicity.ZHUANG: 850,
        Ethnicity.HAN: 130,
        Ethnicity.YAO: 10,
        Ethnicity.MIAO: 5,
        Ethnicity.JING: 5,
    },
}

# An adult's education by birth year: (born before, the levels with their cumulative shares, the rest's level).
ADULT_EDUCATION = (
    (1955, ((Education.ILLITERATE, 0.45), (Education.PRIMARY, 0.9)), Education.JUNIOR),
    (
        1975,
        ((Education.ILLITERATE, 0.12), (Education.PRIMARY, 0.55), (Education.JUNIOR, 0.93)),
        Education.SENIOR,
    ),
    (1990, ((Education.PRIMARY, 0.25), (Education.JUNIOR, 0.8), (Education.SENIOR, 0.96)), Education.COLLEGE),
    (None, ((Education.PRIMARY, 0.08), (Education.JUNIOR, 0.6), (Education.SENIOR, 0.9)), Education.COLLEGE),
)


def randint(rng, low, high):
    """rng.randint without its argument checks (the generator calls it millions of times)."""
    return low + int(rng.random() * (high - low + 1))


def choice(rng, seq):
    return seq[int(rng.random() * len(seq))]


def pick(rng, weights: dict):
    """One key of `weights`, drawn with its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Picker:
    """Fast repeated weighted draws from one table (cumulative weights computed once)."""

    def __init__(self, weights: dict):
        self.keys = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.keys[bisect.bisect_right(self.cum, rng.random() * self.total)]


def non_extreme_cause_weights():
    """Main-cause weights for non-特困 households so that the overall distribution matches CAUSE_WEIGHTS."""
    extreme_share = CATEGORY_WEIGHTS[HouseholdCategory.EXTREME] / sum(CATEGORY_WEIGHTS.values())
    total = sum(CAUSE_WEIGHTS.values())
    extreme_total = sum(CAUSE_WEIGHTS[c] for c in EXTREME_CAUSES)
    weights = {}
    for cause, w in CAUSE_WEIGHTS.items():
        p = w / total
        q = CAUSE_WEIGHTS[cause] / extreme_total if cause in EXTREME_CAUSES else 0.0
        weights[cause] = max(0.0, (p - extreme_share * q) / (1 - extreme_share))
    return weights


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def school_age(birth: datetime.date) -> int:
    return age_on(birth, SCHOOL_YEAR_START)


def birth_for_age(rng, age: int) -> datetime.date:
    """A birth date giving exactly `age` years on REFERENCE_DATE."""
    earliest, days = _birth_window(age)
    return earliest + datetime.timedelta(days=randint(rng, 0, days))


@functools.lru_cache(maxsize=256)
def _birth_window(age):
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
    earliest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1) + datetime.timedelta(days=1)
    return earliest, (latest - earliest).days


class FamilyMaker:
    """Builds one household (dict) and its members (list of dicts) at a time, for one city's villages."""

    def __init__(self, rng, city_prefix: str):
        self.rng = rng
        self.city = city_prefix
        key = city_prefix if city_prefix in WORK_AREA_WEIGHTS else "4407"
        self.surname = Picker(names.CHONGZUO_SURNAMES if key == "4514" else names.JIANGMEN_SURNAMES)
        self.ethnicity = Picker(ETHNICITY_WEIGHTS[key])
        self.work_area = Picker(WORK_AREA_WEIGHTS[key])
        self.category = Picker(CATEGORY_WEIGHTS)
        self.status = Picker(STATUS_WEIGHTS)
        self.cause = Picker(non_extreme_cause_weights())
        self.extreme_cause = Picker({c: CAUSE_WEIGHTS[c] for c in EXTREME_CAUSES})
        self.other_cause = Picker(CAUSE_WEIGHTS)
        self.year_identified = Picker(YEAR_IDENTIFIED_WEIGHTS)
        self.housing = Picker(HOUSING_WEIGHTS)
        self.housing_poor = Picker(HOUSING_WEIGHTS_NOT_EXITED)
        self.size = Picker(SIZE_WEIGHTS)
        self.disability_kind = Picker(DISABILITY_KIND_WEIGHTS)
        self.disability_grade = Picker(DISABILITY_GRADE_WEIGHTS)

    # ----- households -------------------------------------------------------------------------
    def household(self) -> dict:
        rng = self.rng
        category = self.category(rng)
        main = self.extreme_cause(rng) if category == HouseholdCategory.EXTREME else self.cause(rng)
        others = []
        roll = rng.random()
        n_others = 2 if roll < 0.15 else 1 if roll < 0.55 else 0
        while len(others) < n_others:
            cause = self.other_cause(rng)
            if cause != main and cause not in others:
                others.append(cause)
        status = self.status(rng)
        identified = self.year_identified(rng)
        exited = None
        if status == PovertyStatus.EXITED:
            years = {y: w for y, w in YEAR_EXITED_WEIGHTS.items() if y >= identified}
            exited = pick(rng, years)
        poor = status in (PovertyStatus.NOT_EXITED, PovertyStatus.RETURNED)
        income = rng.triangular(3000, 7800, 5600) if poor else rng.triangular(8000, 15000, 10500)
        return {
            "category": category,
            "status": status,
            "main_cause": main,
            "other_cause_1": others[0] if others else "",
            "other_cause_2": others[1] if len(others) > 1 else "",
            "year_identified": identified,
            "year_exited": exited,
            "income_per_capita": Decimal(int(income * 100)) / 100,
            "housing_grade": (self.housing_poor if poor else self.housing)(rng),
            "water_safe": rng.random() >= WATER_UNSAFE_RATE * (3 if poor else 1),
        }

    # ----- family composition -----------------------------------------------------------------
    def composition(self, household: dict) -> list[tuple[str, str, int]]:
        """(relation, sex, age) of each member, the head first."""
        rng = self.rng
        if household["category"] == HouseholdCategory.EXTREME:
            return self._extreme(rng)
        size = self.size(rng)
        cause = household["main_cause"]
        if cause == PovertyCause.SCHOOLING and size >= 3:
            return self._nuclear(rng, size - 2, eldest=randint(rng, 15, 20))
        if cause == PovertyCause.LACK_LABOR and size >= 3 and rng.random() < 0.5:
            return self._left_behind(rng, size - 2)
        if size == 1:
            return [(Relation.HEAD, self._sex(rng, 0.65), randint(rng, 40, 85))]
        if size == 2:
            roll = rng.random()
            if roll < 0.55:
                return self._couple(rng, randint(rng, 45, 84))
            if roll < 0.85:
                return self._single_parent(rng, 1)
            return self._with_parents(rng, 0, with_spouse=False)
        roll = rng.random()
        if size >= 4 and roll < 0.22:
            return self._three_generations(rng, size - 4)
        if size >= 4 and roll < 0.32:
            return self._with_parents(rng, size - 3, with_spouse=True)
        if roll < 0.42:
            return self._single_parent(rng, size - 1)
        return self._nuclear(rng, size - 2)

    @staticmethod
    def _sex(rng, male_share):
        return Sex.MALE if rng.random() < male_share else Sex.FEMALE

    @staticmethod
    def _other(sex):
        return Sex.FEMALE if sex == Sex.MALE else Sex.MALE

    def _couple(self, rng, head_age):
        head_sex = self._sex(rng, 0.85)
        gap = randint(rng, -2, 6)
        spouse_age = head_age - gap if head_sex == Sex.MALE else head_age + gap
        return [
            (Relation.HEAD, head_sex, head_age),
            (Relation.SPOUSE, self._other(head_sex), max(20, spouse_age)),
        ]

    def _children(self, rng, k, eldest):
        """Ages of k children, eldest first, at least one year apart."""
        eldest = max(eldest, k - 1)
        ages = [eldest]
        for i in range(1, k):
            room = ages[-1] - (k - 1 - i)
            ages.append(ages[-1] - randint(rng, 1, max(1, min(4, room))))
        return [
            (Relation.SON, Sex.MALE, a) if rng.random() < 0.52 else (Relation.DAUGHTER, Sex.FEMALE, a)
            for a in ages
        ]

    def _youngest_eldest(self, rng, k):
        youngest = choice(rng, (randint(rng, 0, 17), randint(rng, 0, 17), randint(rng, 10, 28)))
        return youngest + (k - 1) * randint(rng, 1, 3)

    def _nuclear(self, rng, k, eldest=None):
        eldest = self._youngest_eldest(rng, k) if eldest is None else eldest
        children = self._children(rng, k, eldest)
        mother = children[0][2] + randint(rng, 20, 32)
        father = mother + randint(rng, -2, 6)
        if rng.random() < 0.85:
            head = [(Relation.HEAD, Sex.MALE, father), (Relation.SPOUSE, Sex.FEMALE, mother)]
        else:
            head = [(Relation.HEAD, Sex.FEMALE, mother), (Relation.SPOUSE, Sex.MALE, father)]
        return head + children

    def _single_parent(self, rng, k):
        children = self._children(rng, k, self._youngest_eldest(rng, k))
        parent_sex = self._sex(rng, 0.55)
        return [(Relation.HEAD, parent_sex, children[0][2] + randint(rng, 21, 34)), *children]

    def _with_parents(self, rng, k, *, with_spouse):
        if with_spouse:
            members = self._nuclear(rng, k, eldest=randint(rng, max(0, k - 1), 14)) if k else []
            if not members:
                members = self._couple(rng, randint(rng, 30, 55))
        else:
            members = [(Relation.HEAD, self._sex(rng, 0.7), randint(rng, 30, 55))]
        head_age = members[0][2]
        parent_age = min(95, head_age + randint(rng, 22, 35))
        parent = (Relation.MOTHER, Sex.FEMALE) if rng.random() < 0.65 else (Relation.FATHER, Sex.MALE)
        return [members[0], (*parent, parent_age), *members[1:]]

    def _three_generations(self, rng, grandchildren):
        via_son = rng.random() < 0.85
        if grandchildren:
            eldest_grandchild = randint(rng, grandchildren - 1, 14)
            kids = self._children(rng, grandchildren, eldest_grandchild)
            middle_age = eldest_grandchild + randint(rng, 22, 30)
        else:
            kids = []
            middle_age = randint(rng, 22, 35)
        head_age = min(85, middle_age + randint(rng, 22, 30))
        middle_age = min(middle_age, head_age - 20)
        members = self._couple(rng, head_age)
        in_law_age = max(20, middle_age + randint(rng, -4, 3))
        if kids:
            in_law_age = max(in_law_age, kids[0][2] + 20)
            in_law_age = min(in_law_age, head_age - 18)
        if via_son:
            members += [
                (Relation.SON, Sex.MALE, middle_age),
                (Relation.DAUGHTER_IN_LAW, Sex.FEMALE, in_law_age),
            ]
            members += [
                (Relation.GRANDSON if s == Sex.MALE else Relation.GRANDDAUGHTER, s, a) for _r, s, a in kids
            ]
        else:
            members += [
                (Relation.DAUGHTER, Sex.FEMALE, middle_age),
                (Relation.SON_IN_LAW, Sex.MALE, in_law_age),
            ]
            members += [
                (Relation.DAUGHTERS_SON if s == Sex.MALE else Relation.DAUGHTERS_DAUGHTER, s, a)
                for _r, s, a in kids
            ]
        return members

    def _left_behind(self, rng, k):
        """Grandparents raising grandchildren whose parents are registered elsewhere (留守儿童)."""
        kids = self._children(rng, k, randint(rng, max(1, k - 1), 15))
        members = self._couple(rng, randint(rng, kids[0][2] + 42, 78))  # the eldest grandchild is at most 15
        return members + [
            (Relation.GRANDSON if s == Sex.MALE else Relation.GRANDDAUGHTER, s, a) for _r, s, a in kids
        ]

    def _extreme(self, rng):
        """特困供养: an elderly person (or couple) without labour or support, or a severely disabled adult."""
        if rng.random() < 0.2:
            return [(Relation.HEAD, self._sex(rng, 0.6), randint(rng, 30, 59))]
        if rng.random() < 0.75:
            return [(Relation.HEAD, self._sex(rng, 0.6), randint(rng, 60, 90))]
        return self._couple(rng, randint(rng, 65, 88))

    # ----- members ----------------------------------------------------------------------------
    def members(self, household: dict) -> list[dict]:
        rng = self.rng
        people = self.composition(household)
        head_surname = self.surname(rng)
        head_ethnicity = self.ethnicity(rng)
        in_law_surname = self.surname(rng)
        result = []
        for relation, sex, age in people:
            age = max(0, age)
            birth = birth_for_age(rng, age)
            surname = self._surname_for(relation, head_surname, in_law_surname, people[0][1])
            ethnicity = (
                head_ethnicity if rng.random() < 0.92 or relation == Relation.HEAD else self.ethnicity(rng)
            )
            member = {
                "relation": relation,
                "sex": sex,
                "birth_date": birth,
                "age": age,  # on REFERENCE_DATE
                "name": surname + self._given_name(rng, sex, birth.year),
                "ethnicity": ethnicity,
            }
            self._schooling(rng, member)
            result.append(member)
        self._health(rng, household, result)
        for member in result:
            self._labor(rng, household, member)
        return result

    def _surname_for(self, relation, head_surname, in_law_surname, head_sex):
        rng = self.rng
        if relation in (Relation.SPOUSE, Relation.DAUGHTER_IN_LAW, Relation.MOTHER):
            return self.surname(rng)
        if relation in (Relation.SON_IN_LAW, Relation.DAUGHTERS_SON, Relation.DAUGHTERS_DAUGHTER):
            return in_law_surname
        if relation in (Relation.SON, Relation.DAUGHTER) and head_sex == Sex.FEMALE:
            return in_law_surname if rng.random() < 0.8 else head_surname
        return head_surname

    @staticmethod
    def _given_name(rng, sex, year):
        generation = "old" if year < 1970 else "mid" if year < 1995 else "new"
        chars = (names.MALE_CHARS if sex == Sex.MALE else names.FEMALE_CHARS)[generation]
        if rng.random() < 0.25:
            return choice(rng, chars)
        return choice(rng, chars) + choice(rng, chars)

    def _schooling(self, rng, member):
        s_age = school_age(member["birth_date"])
        age = member["age"]
        schooling, education = Schooling.NONE, ""
        if s_age < 3:
            education = Education.PRESCHOOL
        elif s_age < 6:
            education = Education.PRESCHOOL
            schooling = Schooling.PRESCHOOL if rng.random() < 0.85 else Schooling.NONE
        elif s_age <= 11:
            schooling, education = Schooling.PRIMARY, Education.PRIMARY
        elif s_age <= 14:
            schooling = (Schooling.GRADE7, Schooling.GRADE8, Schooling.GRADE9)[s_age - 12]
            education = Education.JUNIOR
        elif s_age <= 17:
            roll, grade = rng.random(), s_age - 15
            if roll < 0.55:
                schooling, education = (
                    (Schooling.HIGH1, Schooling.HIGH2, Schooling.HIGH3)[grade],
                    Education.SENIOR,
                )
            elif roll < 0.85:
                schooling, education = (
                    (Schooling.VOC1, Schooling.VOC2, Schooling.VOC3)[grade],
                    Education.SENIOR,
                )
            else:
                education = Education.JUNIOR
        elif s_age <= 20 and rng.random() < 0.35:
            grade = s_age - 18
            if rng.random() < 0.6:
                schooling = (Schooling.HVOC1, Schooling.HVOC2, Schooling.HVOC3)[grade]
            else:
                schooling = Schooling.COLLEGE
            education = Education.COLLEGE
        else:
            education = self._adult_education(rng, member["birth_date"].year, age)
        member["schooling"] = schooling
        member["education"] = education

    @staticmethod
    def _adult_education(rng, year, age):
        roll = rng.random()
        for born_before, shares, rest in ADULT_EDUCATION:
            if born_before is None or year < born_before:
                return next((level for level, share in shares if roll < share), rest)

    def _health(self, rng, household, members):
        for m in members:
            age = m["age"]
            chronic, serious, disabled = (
                (0.01, 0.005, 0.015) if age < 16 else ((0.08, 0.02, 0.05) if age < 60 else (0.30, 0.05, 0.09))
            )
            codes = set()
            if rng.random() < chronic:
                codes.add("2")
            if rng.random() < serious:
                codes.add("3")
            if rng.random() < disabled:
                codes.add("4")
            m["codes"] = codes
        adults = [m for m in members if m["age"] >= 16] or members
        cause = household["main_cause"]
        if cause == PovertyCause.ILLNESS and not any(m["codes"] & {"2", "3"} for m in members):
            choice(rng, adults)["codes"].add("3" if rng.random() < 0.4 else "2")
        if cause == PovertyCause.DISABILITY and not any("4" in m["codes"] for m in members):
            choice(rng, members)["codes"].add("4")
        if household["category"] == HouseholdCategory.EXTREME:
            head = members[0]
            if head["age"] < 60 and not head["codes"] & {"3", "4"}:
                head["codes"].add("4")
                head["severe"] = True
        for m in members:
            m["health"] = ",".join(sorted(m.pop("codes"))) or "1"
            if "4" in m["health"]:
                m["disability_kind"] = self.disability_kind(rng)
                m["disability_grade"] = (
                    choice(rng, "12") if m.pop("severe", False) else self.disability_grade(rng)
                )
            else:
                m["disability_kind"] = m["disability_grade"] = ""
                m.pop("severe", None)

    def _labor(self, rng, household, m):
        age = m["age"]
        retire = 60 if m["sex"] == Sex.MALE else 55
        health = m["health"]
        severe = "3" in health or ("4" in health and m["disability_grade"] in ("1", "2"))
        if age < 16 or m["schooling"] != Schooling.NONE:
            labor = LaborAbility.NONE
        elif severe:
            labor = LaborAbility.LOST
        elif age > 70:
            labor = LaborAbility.NONE
        elif age > retire or "2" in health or "4" in health:
            labor = LaborAbility.WEAK if rng.random() < 0.7 else LaborAbility.NONE
        else:
            labor = LaborAbility.SKILLED if rng.random() < 0.18 else LaborAbility.ORDINARY
        if household["category"] == HouseholdCategory.EXTREME and labor != LaborAbility.LOST:
            labor = LaborAbility.NONE if age >= 60 else LaborAbility.LOST
        m["labor_ability"] = labor
        m["work_status"], m["work_months"], m["work_employer"] = WorkStatus.NOT_WORKING, 0, ""
        able = labor in (LaborAbility.ORDINARY, LaborAbility.SKILLED)
        if (able and rng.random() < 0.68) or (labor == LaborAbility.WEAK and rng.random() < 0.2):
            m["work_status"] = self.work_area(rng)
            m["work_months"] = randint(rng, 3, 12)
            if m["work_status"] != WorkStatus.OTHER and rng.random() < 0.5:
                m["work_employer"] = choice(rng, names.EMPLOYERS)
        m["medical_insurance"] = rng.random() < 0.995
        m["pension_insurance"] = (
            age >= 16 and m["schooling"] == Schooling.NONE and rng.random() < (0.95 if age >= 60 else 0.85)
        )
