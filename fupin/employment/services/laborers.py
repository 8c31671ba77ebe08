"""Writes of laborer profiles and survey rounds (摸查)."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import build, diff, record, record_many, snapshot
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment.choices import Industry, LaborerStatus, WorkArea
from fupin.employment.models import Laborer, SurveyRecord, SurveyRound, split_codes
from fupin.employment.services.common import CHANGE

LABORER_FIELDS = [
    "work_status",
    "work_area",
    "employer",
    "max_area",
    "preferred_region_code",
    "desired_industries",
    "desired_post",
    "expected_wage",
    "skills",
    "certificates",
    "available_from",
    "phone",
]


@transaction.atomic
def create_laborers_from_registry(*, by, region_code) -> int:
    """A profile for every labor-able member of the region's registry who has none yet (bulk)."""
    from fupin.registry.models import Member

    check_scope(by, CHANGE, region_code)
    members = (
        Member.objects.in_region(region_code)
        .labor_able()
        .filter(laborer__isnull=True)
        .values_list("pk", "region_code", "name", "phone", "work_status")
    )
    rows = [
        Laborer(
            member_id=pk,
            region_code=code,
            name=name,
            phone=phone,
            work_status=LaborerStatus.ON_POST if ws not in ("", "00") else LaborerStatus.WAITING,
            work_area=ws if ws in WorkArea.values else "",
        )
        for pk, code, name, phone, ws in members.iterator(chunk_size=5000)
    ]
    Laborer.objects.bulk_create(rows, batch_size=2000)
    record(
        "employment.laborer.generated",
        by=by,
        region_code=region_code,
        target_label=region_code,
        note=_("从建档立卡生成劳动力档案 %(n)d 条") % {"n": len(rows)},
    )
    return len(rows)


def put_on_post(laborer_id, *, area, employer):
    """The laborer works now (在岗) in `area` (a WorkArea) at `employer`, as a placement or a post says."""
    Laborer.objects.filter(pk=laborer_id).update(
        work_status=LaborerStatus.ON_POST, work_area=area, employer=employer, version=F("version") + 1
    )


def _clean_laborer(values):
    if "desired_industries" in values:
        codes = split_codes(values["desired_industries"])
        bad = [c for c in codes if c not in Industry.values]
        if bad:
            raise DomainError(_("行业代码无效：%(c)s") % {"c": ",".join(bad)}, field="desired_industries")
        values["desired_industries"] = ",".join(codes)
    if values.get("expected_wage") is not None and values["expected_wage"] < 0:
        raise DomainError(_("期望月薪不能为负数。"), field="expected_wage")
    return values


@transaction.atomic
def update_laborer(laborer, *, by, version, **values):
    check_scope(by, CHANGE, laborer.region_code)
    return update_versioned(
        laborer,
        by=by,
        version=version,
        fields=LABORER_FIELDS,
        values=_clean_laborer(values),
        action="employment.laborer.updated",
    )


def _surveyed(row) -> dict:
    """What a survey row says of a laborer: the survey record's answers, and the laborer's status after it."""
    return {
        "work_status": row["work_status"],
        "work_area": row.get("work_area", ""),
        "employer": row.get("employer", ""),
    }


@transaction.atomic
def record_survey(*, by, name, surveyed_on, region_code, rows, source="") -> SurveyRound:
    """A survey round with one record per laborer; the laborers' current status follows the survey.

    rows: dicts with laborer (Laborer), work_status, work_area, employer. All or nothing.
    """
    check_scope(by, CHANGE, region_code)
    for row in rows:
        check_scope(by, CHANGE, row["laborer"].region_code)
    rnd = SurveyRound.objects.create(
        name=name, surveyed_on=surveyed_on, region_code=region_code, created_by=by
    )
    SurveyRecord.objects.bulk_create(
        [
            SurveyRecord(
                round=rnd, laborer=row["laborer"], region_code=row["laborer"].region_code, **_surveyed(row)
            )
            for row in rows
        ],
        batch_size=2000,
    )
    entries = []
    for row in rows:
        lab, after = row["laborer"], _surveyed(row)
        before = snapshot(lab, list(after))
        Laborer.objects.filter(pk=lab.pk).update(**after, version=F("version") + 1)
        entries.append(
            build(
                "employment.laborer.surveyed",
                by=by,
                target=lab,
                changes=diff(before, after),
                source=source or f"survey:{rnd.pk}",
            )
        )
    record_many(entries)
    record(
        "employment.surveyround.recorded",
        by=by,
        target=rnd,
        region_code=region_code,
        note=_("摸查 %(n)d 人") % {"n": len(rows)},
        source=source,
    )
    return rnd
