"""Writes to the plan: load it from a fixture, edit measures, targets, tasks and the weekly-tracking span
(city office)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import F, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import build, diff, record, record_many, snapshot
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.core.regioncodes import level_of
from fupin.core.scope import check_anywhere, check_scope, in_reach
from fupin.plan.models import (
    BudgetLine,
    Measure,
    Plan,
    PlanTask,
    Posting,
    PostingKind,
    ResponsibleUnit,
    Target,
    TaskStatus,
    UnitRole,
    Weekday,
)
from fupin.regions.models import Region

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"
DEFAULT_FIXTURE = FIXTURE_DIR / "jiangmen_2020.json"


def _date(value):
    return date.fromisoformat(value) if value else None


def _require(by, plan):
    """The one scope rule on the plan's region: a town sees the city's plan (covering) but may not change it."""
    check_scope(by, "plan.change_plan", plan.region_code, covering=True)


@transaction.atomic
def load_plan(path=DEFAULT_FIXTURE, *, by=None, activate=True):
    """Create or replace the plan described by a JSON fixture; returns the Plan."""
    if by is not None:  # None: the operator's command (`load_plan`); the plan's region is not known yet
        check_anywhere(by, "plan.change_plan")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        Plan.objects.filter(code=data["code"]).delete()
    except ProtectedError as exc:  # e.g. funds opened on its budget lines: money records are never dropped
        raise DomainError(
            _("计划 %(c)s 已有资金等记录引用其预算，不能整体替换。") % {"c": data["code"]}
        ) from exc
    if activate:
        Plan.objects.filter(active=True).update(active=False)
    plan = Plan.objects.create(
        code=data["code"],
        region_code=data["region_code"],
        year=data["year"],
        title=data["title"],
        document_number=data.get("document_number", ""),
        issued_on=_date(data.get("issued_on")),
        active=activate,
        **tracking_fields(data),
    )
    measures = {}
    for m in data["measures"]:
        measure = Measure.objects.create(
            plan=plan, number=m["number"], title=m["title"], summary=m.get("summary", "")
        )
        measures[m["number"]] = measure
        ResponsibleUnit.objects.bulk_create(
            ResponsibleUnit(
                measure=measure, name=name, order=i, role=UnitRole.LEAD if i == 0 else UnitRole.CO
            )
            for i, name in enumerate(m["units"])
        )
        PlanTask.objects.bulk_create(
            [
                PlanTask(
                    measure=measure, unit=name, title=_task_title(m), deadline=_date(m.get("task_deadline"))
                )
                for name in m["units"]
            ]
            # Further tasks with deadlines of their own (measure 2's training runs to the year's end).
            + [
                PlanTask(measure=measure, unit=t["unit"], title=t["title"], deadline=_date(t.get("deadline")))
                for t in m.get("tasks", [])
            ]
        )
    _add_coded(Target, plan, measures, data.get("targets", []), _target_values)
    _add_coded(
        BudgetLine, plan, measures, data.get("budget_lines", []), lambda b: {"amount": Decimal(b["amount"])}
    )
    record("plan.plan.loaded", by=by, target=plan, region_code=plan.region_code, note=str(path))
    return plan


def _add_coded(model, plan, measures, rows, values):
    """The plan's coded rows of `model` (targets, budget lines) from the fixture's `rows`: each with its
    code, label and measure (when it names one), and the `values(row)` of its kind."""
    model.objects.bulk_create(
        model(
            plan=plan, measure=measures.get(r.get("measure")), code=r["code"], label=r["label"], **values(r)
        )
        for r in rows
    )


def _target_values(row):
    return {
        "unit": row.get("unit", ""),
        "value": Decimal(row["value"]),
        "at_least": row.get("at_least", False),
        "deadline": _date(row.get("deadline")),
    }


def tracking_fields(data) -> dict:
    """The Plan fields of the fixture's "weekly_tracking" block (none: the plan runs no weekly tracking)."""
    tracking = data.get("weekly_tracking")
    if not tracking:
        return {}
    return {
        "tracking_starts_on": _date(tracking["starts_on"]),
        "tracking_ends_on": _date(tracking["ends_on"]),
        "tracking_due_weekday": tracking.get("due_weekday", 0),
        "tracking_due_hour": tracking.get("due_hour", 12),
    }


def _task_title(measure_data):
    return str(_("落实第%(number)s项措施：%(title)s")) % {
        "number": measure_data["number"],
        "title": measure_data["title"],
    }


TARGET_FIELDS = ["label", "unit", "value", "at_least", "deadline"]


@transaction.atomic
def update_target(target, *, by, version, **changes):
    """Change a target's value or deadline (city office); stale version -> ConflictError."""
    _require(by, target.plan)
    if "value" in changes and changes["value"] is not None and Decimal(changes["value"]) < 0:
        raise DomainError(_("目标值不能为负数。"), field="value")
    return _update(target, target.plan, by=by, version=version, fields=TARGET_FIELDS, values=changes)


def _update(obj, plan, *, by, version, fields, values, action=None):
    """The versioned change of `obj`, the `plan` or a part of it, audited in the plan's region as `action`
    (by default `plan.<model>.changed`)."""
    return update_versioned(
        obj,
        by=by,
        version=version,
        fields=fields,
        values=values,
        action=action or f"plan.{obj._meta.model_name}.changed",
        region_code=plan.region_code,
        stored=True,  # a bound ModelForm has already changed the object
    )


MEASURE_FIELDS = ["title", "summary"]


@transaction.atomic
def update_measure(measure, *, by, version, **changes):
    _require(by, measure.plan)
    return _update(measure, measure.plan, by=by, version=version, fields=MEASURE_FIELDS, values=changes)


TRACKING_FIELDS = ["tracking_starts_on", "tracking_ends_on", "tracking_due_weekday", "tracking_due_hour"]


@transaction.atomic
def update_tracking(plan, *, by, version, **changes):
    """Set from when to when weekly tracking runs and when a week is due; reports opens weeks from it."""
    _require(by, plan)
    changes = {k: _date(v) if isinstance(v, str) else v for k, v in changes.items() if k in TRACKING_FIELDS}
    stored = Plan.objects.get(pk=plan.pk)
    _check_tracking({**{f: getattr(stored, f) for f in TRACKING_FIELDS}, **changes})
    return _update(plan, plan, by=by, version=version, fields=TRACKING_FIELDS, values=changes)


def _check_tracking(values):
    starts, ends = values["tracking_starts_on"], values["tracking_ends_on"]
    if (starts is None) != (ends is None):
        raise DomainError(_("请同时填写每周跟踪的开始日期和结束日期。"), field="tracking_ends_on")
    if starts is not None and ends < starts:
        raise DomainError(_("每周跟踪的结束日期不能早于开始日期。"), field="tracking_ends_on")
    if values["tracking_due_weekday"] not in Weekday.values:
        raise DomainError(_("截止星期无效。"), field="tracking_due_weekday")
    if values["tracking_due_hour"] not in range(24):
        raise DomainError(_("截止时刻应为0至23时。"), field="tracking_due_hour")


@transaction.atomic
def assign_task(measure, *, by, unit, title, deadline=None):
    """A new task of a measure for one of its responsible units, with its own deadline (R7.1): a unit may
    hold several tasks of one measure."""
    _require(by, measure.plan)
    if not measure.units.filter(name=unit).exists():
        raise DomainError(_("该单位不是此措施的责任单位。"), field="unit")
    if not (title or "").strip():
        raise DomainError(_("请填写任务内容。"), field="title")
    if deadline is not None and measure.plan.year and deadline.year > measure.plan.year + 1:
        raise DomainError(_("完成时限超出计划年度。"), field="deadline")
    task = PlanTask.objects.create(
        measure=measure, unit=unit, title=title.strip(), deadline=deadline, created_by=by
    )
    record(
        "plan.plantask.assigned",
        by=by,
        target=task,
        region_code=measure.plan.region_code,
        changes={"unit": [None, unit], "deadline": [None, str(deadline) if deadline else None]},
    )
    return task


@transaction.atomic
def escalate_late_tasks(*, today=None) -> int:
    """Each open task past its deadline is escalated once, like a late ledger item: an audit entry, and the
    task is listed among the escalated tasks of its unit's head (the unit's department accounts) and of the
    city office (queries.escalated_tasks_for). A task escalated before its deadline moved is escalated again."""
    today = today or timezone.localdate()
    late = (
        PlanTask.objects.filter(measure__plan__active=True)
        .overdue(today)
        .filter(Q(escalated_on__isnull=True) | Q(escalated_on__lte=F("deadline")))
        .select_related("measure__plan")
    )
    tasks = list(late)
    if not tasks:
        return 0
    PlanTask.objects.filter(pk__in=[t.pk for t in tasks]).update(escalated_on=today)
    record_many(
        build(
            "plan.plantask.escalated",
            target=t,
            region_code=t.measure.plan.region_code,
            changes={"escalated_on": [None, str(today)]},
            note=_("%(unit)s的任务逾期（完成时限 %(d)s），已上报单位负责人和市扶贫办")
            % {"unit": t.unit, "d": t.deadline.isoformat()},
        )
        for t in tasks
    )
    return len(tasks)


@transaction.atomic
def report_task(task, *, by, version, status, note=""):
    """The unit (or the city office) reports progress on its task: a department only on its own unit's
    tasks, whatever other units its users' accounts mention."""
    plan = task.measure.plan
    if not in_reach(by, plan.region_code, covering=True):
        raise OutOfScope()
    own_unit = task.unit in (by.units_for("plan.view_plan") or ())
    if not (by.has_scoped_perm("plan.change_plan", plan.region_code) or own_unit):
        raise NotAllowed(_("该任务不属于本单位，不能填报。"))
    if status not in TaskStatus.values:
        raise DomainError(_("状态无效。"), field="status")
    values = {"status": status, "note": note}
    return _update(
        task,
        plan,
        by=by,
        version=version,
        fields=list(values),
        values=values,
        action="plan.plantask.reported",
    )


# ---- Roster of first secretaries and town work groups (R7.2) ----------------------------------------------
POSTING_FIELDS = [
    "kind",
    "region_code",
    "name",
    "phone",
    "sending_unit",
    "term_starts_on",
    "term_ends_on",
    "on_post",
    "user",
]


def _check_posting(by, values, villages):
    """The posting's place fits its kind (a secretary in a village, a group in a town), the villages it
    covers lie under it (a group's) or are its own village and others in reach, and the term is ordered."""
    kind, code = values["kind"], values["region_code"] or ""
    if len(code) != 12 or not code.isdigit() or not Region.objects.filter(code=code).exists():
        raise DomainError(_("没有这个区划。"), field="region_code")
    check_scope(by, "plan.manage_roster", code)
    level = level_of(code)
    if (kind, level) not in ((PostingKind.FIRST_SECRETARY, 5), (PostingKind.TOWN_GROUP, 4)):
        message = (
            _("驻村第一书记应派驻到村。")
            if kind == PostingKind.FIRST_SECRETARY
            else _("工作组应设在镇(街)。")
        )
        raise DomainError(message, field="region_code")
    for village in villages:
        if level_of(village.code) != 5:
            raise DomainError(_("联系村应为村(社区)。"), field="villages")
        if kind == PostingKind.TOWN_GROUP and not village.code.startswith(code[:9]):
            raise DomainError(_("工作组的联系村应在本镇(街)。"), field="villages")
        check_scope(by, "plan.manage_roster", village.code)
    starts, ends = values["term_starts_on"], values.get("term_ends_on")
    if ends is not None and starts is not None and ends < starts:
        raise DomainError(_("任期结束日期不能早于开始日期。"), field="term_ends_on")
    if not (values.get("name") or "").strip() or not (values.get("sending_unit") or "").strip():
        raise DomainError(_("请填写姓名和派出单位。"), field="name")


def _covered(values, villages):
    """A secretary covers at least the village of their posting."""
    if values["kind"] == PostingKind.FIRST_SECRETARY and values["region_code"] not in {
        v.code for v in villages
    }:
        villages = [*villages, Region.objects.get(code=values["region_code"])]
    return villages


def _village_codes(posting):
    return sorted(v.code for v in posting.villages.all())


@transaction.atomic
def add_posting(*, by, kind, region_code, villages=(), **values):
    """Put a first secretary (in a village) or a town work group (in a town) on the roster."""
    check_scope(by, "plan.manage_roster", region_code or "")
    values = {k: v for k, v in values.items() if k in POSTING_FIELDS}
    values.update(kind=kind, region_code=region_code)
    villages = list(villages)
    _check_posting(by, values, villages)
    posting = Posting.objects.create(**values)
    posting.villages.set(_covered(values, villages))
    record(
        "plan.posting.added",
        by=by,
        target=posting,
        region_code=posting.region_code,
        changes={"villages": [None, _village_codes(posting)]},
    )
    return posting


@transaction.atomic
def update_posting(posting, *, by, version, villages=None, **changes):
    """Change a posting (term, on post or not, villages covered …); a stale version -> ConflictError."""
    stored = Posting.objects.select_for_update().get(pk=posting.pk)
    check_scope(by, "plan.manage_roster", stored.region_code)
    changes = {k: v for k, v in changes.items() if k in POSTING_FIELDS}
    villages = list(stored.villages.all()) if villages is None else list(villages)
    values = {**{f: getattr(stored, f) for f in POSTING_FIELDS}, **changes}
    _check_posting(by, values, villages)
    before = {**snapshot(stored, POSTING_FIELDS), "villages": _village_codes(stored)}
    updated = Posting.objects.filter(pk=posting.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError()
    posting.refresh_from_db()
    posting.villages.set(_covered(values, villages))
    after = {**snapshot(posting, POSTING_FIELDS), "villages": _village_codes(posting)}
    record(
        "plan.posting.changed",
        by=by,
        target=posting,
        region_code=posting.region_code,
        changes=diff(before, after),
    )
    return posting
