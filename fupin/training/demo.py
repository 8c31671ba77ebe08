"""Demo data for training: willingness of a share of laborers, classes per county, enrollments."""

import datetime
from decimal import Decimal

from fupin.employment.models import Laborer
from fupin.training.choices import ClassMode
from fupin.training.models import Enrollment, Program, TrainingClass, TrainingWillingness

BATCH = 5000
PLACES = ["镇文化站", "职业技术学校", "村党群服务中心", "企业实训基地"]


def build_demo(rng, log):
    programs = list(Program.objects.all())
    if not programs:
        return 0
    rows = list(Laborer.objects.order_by("pk").values_list("pk", "region_code")[:200_000])
    willing = []
    for pk, code in rows:
        if rng.random() < 0.3:
            willing.append(
                TrainingWillingness(
                    laborer_id=pk,
                    region_code=code,
                    willing=rng.random() < 0.85,
                    program_kind=rng.choice(programs).kind,
                    recorded_on=datetime.date(2020, 3, rng.randint(1, 31)),
                )
            )
    TrainingWillingness.objects.bulk_create(willing, batch_size=BATCH, ignore_conflicts=True)
    counties = sorted({code[:6] for _, code in rows})
    classes = []
    for county in counties:
        for n in range(rng.randint(1, 2)):
            start = datetime.date(2020, 4, 1) + datetime.timedelta(days=rng.randint(0, 150))
            program = rng.choice(programs)
            classes.append(
                TrainingClass(
                    program=program,
                    name=f"{program.name}{county}第{n + 1}期",
                    mode=rng.choice(ClassMode.values),
                    place=rng.choice(PLACES),
                    region_code=county + "000000",
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=rng.randint(3, 20)),
                    seats=60,
                    cost=Decimal(rng.randint(6, 18) * 1000),
                )
            )
    TrainingClass.objects.bulk_create(classes)
    by_county = {}
    for cls in TrainingClass.objects.all():
        by_county.setdefault(cls.region_code[:6], []).append(cls)
    enrollments, used = [], {}
    for w in willing:
        pool = by_county.get(w.region_code[:6]) or []
        if not w.willing or not pool or rng.random() > 0.7:
            continue
        cls = rng.choice(pool)
        if used.get(cls.pk, 0) >= cls.seats:
            continue
        used[cls.pk] = used.get(cls.pk, 0) + 1
        done = rng.random() < 0.6
        enrollments.append(
            Enrollment(
                training_class=cls,
                laborer_id=w.laborer_id,
                region_code=w.region_code,
                enrolled_on=cls.starts_on - datetime.timedelta(days=3),
                attended_days=(cls.ends_on - cls.starts_on).days if done else rng.randint(0, 3),
                completed=done,
                certificate="初级技能证书" if done and rng.random() < 0.7 else "",
            )
        )
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH, ignore_conflicts=True)
    log(
        f"training: {len(willing)} willingness records, {len(classes)} classes, {len(enrollments)} enrollments"
    )
    return len(classes)
