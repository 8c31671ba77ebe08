"""Writing the demo households and members to the database, in batches, fast.

Generation (pure Python, FamilyMaker) and writing (SQLite/PostgreSQL) each cost about half of the
time. For large data sets the generator runs in a forked child process and hands batches of ready
rows to the parent, which only inserts: the two halves then run on two cores at once. The child
draws from the same seeded rng in the same order as the serial path, so the output is identical.
"""

import multiprocessing
import time
import traceback
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from fupin.core.crypto import indexer
from fupin.regions.models import Region
from fupin.registry.choices import Sex, WorkStatus
from fupin.registry.demo import names
from fupin.registry.demo.families import FamilyMaker, Picker, choice, randint
from fupin.registry.identity import make_id_number
from fupin.registry.models import Household, Member, id_tail_indexer

BATCH_HOUSEHOLDS = 2000
PIPELINE_FROM = 20_000  # households; below this, forking a generator process is not worth it
ANALYZE_FROM = 10_000  # households; a load this large refreshes the planner statistics
VILLAGE_WEIGHT_RANGE = (0.4, 1.6)
COMMUNITY_WEIGHT = 0.3  # urban communities have few registered poor households
CADRE_HOUSEHOLDS = 5  # a help-responsible cadre looks after about five households

# fmt: off
HOUSEHOLD_FIELDS = (
    "id", "number", "region", "address", "category", "status", "main_cause", "other_cause_1",
    "other_cause_2", "year_identified", "year_exited", "income_per_capita", "housing_grade", "water_safe",
    "phone", "cadre_name", "cadre_unit", "cadre_phone", "created_at", "updated_at", "version",
)
MEMBER_FIELDS = (
    "household", "region_code", "name", "id_number", "sex", "birth_date", "relation", "ethnicity",
    "education", "schooling", "health", "disability_kind", "disability_grade", "labor_ability",
    "work_status", "work_months", "work_employer", "medical_insurance", "pension_insurance", "phone",
    "created_at", "updated_at", "version", "id_index", "id_tail4_index", "id_tail6_index",
)
# fmt: on


class UniqueIds:
    """Hands out resident ID numbers and 户编号 never used before (in this run or in the database)."""

    def __init__(self):
        self.used_ids: set[str] = set()
        self.used_numbers: set[str] = set()
        self.next_number: dict[str, int] = {}
        if Member.objects.exists():
            self.used_ids.update(
                Member.objects.values_list("id_number", flat=True).iterator(chunk_size=20000)
            )
        if Household.objects.exists():
            self.used_numbers.update(
                Household.objects.values_list("number", flat=True).iterator(chunk_size=20000)
            )

    def id_number(self, rng, area, birth, sex):
        parity = 1 if sex == Sex.MALE else 0
        for _attempt in range(1000):
            number = make_id_number(area, birth, int(rng.random() * 500) * 2 + parity)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise RuntimeError(f"no free ID sequence for {area} {birth}")

    def household_number(self, village_code):
        n = self.next_number.get(village_code, 0)
        while True:
            n += 1
            number = f"{village_code}{n:04d}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                self.next_number[village_code] = n
                return number


def phone(rng):
    return choice(rng, names.PHONE_PREFIXES) + f"{int(rng.random() * 10**8):08d}"


def allocate(rng, villages: list[Region], total: int) -> dict[str, int]:
    """Split `total` households over villages with random weights (communities get few)."""
    if not villages or total <= 0:
        return {}
    weights = [
        rng.uniform(*VILLAGE_WEIGHT_RANGE) * (COMMUNITY_WEIGHT if v.code[9] == "0" else 1) for v in villages
    ]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(len(villages)), k=min(len(villages), total - sum(counts))):
        counts[i] += 1
    return {v.code: c for v, c in zip(villages, counts, strict=True) if c}


@dataclass
class VillageJob:
    """`count` households to generate in one village."""

    city: str
    code: str
    name: str
    town_name: str
    county_name: str
    count: int


class RowGenerator:
    """Generates batches of ready-to-insert household and member rows (no database access)."""

    def __init__(self, rng, ids: UniqueIds, first_id: int, now_db, adapt_date):
        self.rng = rng
        self.ids = ids
        self.last_id = first_id
        self.now = now_db
        self.adapt_date = adapt_date
        self.makers: dict[str, FamilyMaker] = {}
        # IDs and phones are stored sealed, with the ID's blind index (fupin.core.crypto).
        self.seal_household_phone = Household._meta.get_field("phone").sealer()
        self.seal_id = Member._meta.get_field("id_number").sealer()
        self.seal_phone = Member._meta.get_field("phone").sealer()
        self.index, self.tails = indexer(), id_tail_indexer()

    def batches(self, jobs: list[VillageJob]):
        households, members = [], []
        for job in jobs:
            maker = self.makers.get(job.city) or self.makers.setdefault(
                job.city, FamilyMaker(self.rng, job.city)
            )
            cadres = self._cadres(job)
            for i in range(job.count):
                self._household(maker, job, cadres[i // CADRE_HOUSEHOLDS], households, members)
                if len(households) >= BATCH_HOUSEHOLDS:
                    yield households, members
                    households, members = [], []
        if households:
            yield households, members

    def _cadres(self, job):
        rng = self.rng
        units = names.CADRE_UNITS.get(job.city, names.CADRE_UNITS["4407"])
        surname = Picker(names.CHONGZUO_SURNAMES if job.city == "4514" else names.JIANGMEN_SURNAMES)
        cadres = []
        for _ in range(job.count // CADRE_HOUSEHOLDS + 1):
            chars = (names.MALE_CHARS if rng.random() < 0.6 else names.FEMALE_CHARS)["mid"]
            name = surname(rng) + choice(rng, chars) + choice(rng, chars)
            unit = choice(rng, units).format(county=job.county_name, town=job.town_name)
            cadres.append((name, unit, phone(rng)))
        return cadres

    def _household(self, maker, job, cadre, household_rows, member_rows):
        rng = self.rng
        data = maker.household()
        members = maker.members(data)
        area = job.code[:6]
        head_phone = phone(rng) if rng.random() < 0.95 else ""
        self.last_id += 1
        short = job.name.removesuffix("村委会").removesuffix("社区")
        household_rows.append(
            (
                self.last_id,
                self.ids.household_number(job.code),
                job.code,
                f"{short}{randint(rng, 1, 12)}组{randint(rng, 1, 180)}号",
                data["category"],
                data["status"],
                data["main_cause"],
                data["other_cause_1"],
                data["other_cause_2"],
                data["year_identified"],
                data["year_exited"],
                data["income_per_capita"],
                data["housing_grade"],
                data["water_safe"],
                self.seal_household_phone(head_phone),
                cadre[0],
                cadre[1],
                cadre[2],
                self.now,
                self.now,
                1,
            )
        )
        for i, m in enumerate(members):
            if i == 0:
                member_phone = head_phone
            elif m["work_status"] != WorkStatus.NOT_WORKING or (
                m["labor_ability"] in ("1", "2") and rng.random() < 0.4
            ):
                member_phone = phone(rng)
            else:
                member_phone = ""
            id_number = self.ids.id_number(rng, area, m["birth_date"], m["sex"])
            member_rows.append(
                (
                    self.last_id,
                    job.code,
                    m["name"],
                    self.seal_id(id_number),
                    m["sex"],
                    self.adapt_date(m["birth_date"]),
                    m["relation"],
                    m["ethnicity"],
                    m["education"],
                    m["schooling"],
                    m["health"],
                    m["disability_kind"],
                    m["disability_grade"],
                    m["labor_ability"],
                    m["work_status"],
                    m["work_months"],
                    m["work_employer"],
                    m["medical_insurance"],
                    m["pension_insurance"],
                    self.seal_phone(member_phone),
                    self.now,
                    self.now,
                    1,
                    self.index(id_number),
                    *self.tails(id_number),
                )
            )


def insert_rows(model, fields, rows):
    """One prepared INSERT run for many rows (executemany).

    This is the bulk path for the two big tables: Django's bulk_create prepares every value of every
    object in Python and, on SQLite, is held to 999 parameters per statement (about 40 members per
    INSERT), which made it slower than the generator itself. Values here are already in database form.
    """
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(f).column for f in fields]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # identifiers from model metadata, values bound  # nosec B608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class DatasetWriter:
    def __init__(self, rng, log):
        self.rng = rng
        self.log = log
        self.jobs: list[VillageJob] = []
        self.created_households = 0
        self.created_members = 0

    def add_city(self, city_prefix: str, villages: list[Region], count: int, towns: dict[str, Region]):
        """Plan `count` households over the villages of one city (drawn now, generated by `write`)."""
        counties = dict(
            Region.objects.filter(code__in={v.code[:6] + "000000" for v in villages}).values_list(
                "code", "name"
            )
        )
        for code, n in allocate(self.rng, villages, count).items():
            village = next(v for v in villages if v.code == code)
            town = towns.get(village.parent_id)
            self.jobs.append(
                VillageJob(
                    city_prefix,
                    code,
                    village.name,
                    town.name if town else "",
                    counties.get(code[:6] + "000000", ""),
                    n,
                )
            )

    def write(self, *, pipeline: bool | None = None):
        """Generate and insert every planned household, in batches of BATCH_HOUSEHOLDS."""
        total = sum(job.count for job in self.jobs)
        generator = RowGenerator(
            self.rng,
            UniqueIds(),
            Household.objects.aggregate(n=Max("id"))["n"] or 0,
            connection.ops.adapt_datetimefield_value(timezone.now()),
            connection.ops.adapt_datefield_value,
        )
        if pipeline is None:
            pipeline = total >= PIPELINE_FROM and "fork" in multiprocessing.get_all_start_methods()
        started = time.monotonic()
        batches = _forked(generator, self.jobs) if pipeline else generator.batches(self.jobs)
        for household_rows, member_rows in batches:
            with transaction.atomic():
                insert_rows(Household, HOUSEHOLD_FIELDS, household_rows)
                insert_rows(Member, MEMBER_FIELDS, member_rows)
            self.created_households += len(household_rows)
            self.created_members += len(member_rows)
            elapsed = time.monotonic() - started
            self.log(
                f"  户 {self.created_households:,}/{total:,}  人 {self.created_members:,}  "
                f"({elapsed:.0f} 秒, {self.created_members / max(elapsed, 0.001):,.0f} 人/秒)"
            )
        with connection.cursor() as cursor:
            # PostgreSQL's id sequence must move past the ids given explicitly (SQLite follows by itself).
            for sql in connection.ops.sequence_reset_sql(no_style(), [Household]):
                cursor.execute(sql)
            # Fresh statistics for the query planner (SQLite never gathers them by itself).
            if total >= ANALYZE_FROM:
                self.log("  ANALYZE")
                for model in (Household, Member):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _generate_into(queue, generator, jobs):
    try:
        for batch in generator.batches(jobs):
            queue.put(batch)
        queue.put(None)
    except BaseException:
        queue.put(("error", traceback.format_exc()))


def _forked(generator, jobs):
    """Run the generator in a forked child; yield its batches in order."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=4)
    if not connection.in_atomic_block:
        connections.close_all()  # the child must not inherit an open database connection
    child = context.Process(target=_generate_into, args=(queue, generator, jobs), daemon=True)
    child.start()
    try:
        while True:
            batch = queue.get()
            if batch is None:
                break
            if batch[0] == "error":
                raise RuntimeError("演示数据生成进程出错：\n" + batch[1])
            yield batch
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
