"""我的待办 (my work): what waits for the user, what the user waits for, and what is late, composed from the
queues of the owning apps (reports, ledgers, plan queries). Every entry links straight to its action."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from fupin.cooperation import queries as cooperation_queries
from fupin.core.display import region_name
from fupin.employment import queries as employment_queries
from fupin.ledgers import queries as ledger_queries
from fupin.ledgers import submission as ledger_submissions
from fupin.monitoring import queries as monitoring_queries
from fupin.plan import queries as plan_queries
from fupin.reports import queries as report_queries

LIMIT = 50  # entries shown per queue; the count says how many there are


@dataclass
class Entry:
    """One thing to do: what it is, where, since or until when, and the page where it is done."""

    title: str
    url: str
    detail: str = ""
    late: bool = False


@dataclass
class Queue:
    key: str
    title: str
    count: int = 0
    entries: list[Entry] = field(default_factory=list)


def _report_entry(report, detail=""):
    return Entry(
        title=f"{report.name} · {report.period.label}",
        url=reverse("reports:report_detail", args=[report.pk]),
        detail=detail or report.get_status_display(),
        late=getattr(report, "is_late", False),
    )


def _grid_entry(report):
    detail = report.get_status_display()
    if report.return_reason:
        detail = _("%(status)s：%(reason)s") % {"status": detail, "reason": report.return_reason}
    return Entry(
        title=f"{report.name} · {report.period.label}",
        url=reverse("reports:village_grid", args=[report.period_id, report.region_code]),
        detail=detail,
        late=report.is_late,
    )


def _item_entry(item, today):
    days = item.days_left(today)
    when = _("逾期%(n)s天") % {"n": -days} if days < 0 else _("%(d)s到期") % {"d": item.deadline.isoformat()}
    return Entry(
        title=item.description[:60],
        url=reverse("ledgers:item_detail", args=[item.pk]),
        detail=f"{item.get_status_display()} · {when}",
        late=days < 0,
    )


def _task_entry(task, today):
    return Entry(
        title=task.title,
        url=reverse("plan:home") + "#tasks",
        detail=_("%(unit)s · 完成时限 %(d)s")
        % {"unit": task.unit, "d": task.deadline.isoformat() if task.deadline else "—"},
        late=task.is_overdue(today),
    )


def _case_entry(case, today):
    late = case.is_overdue(today)
    days = (case.step_deadline - today).days
    when = _("逾期%(n)s天") % {"n": -days} if late else _("%(d)s到期") % {"d": case.step_deadline.isoformat()}
    return Entry(
        title=f"{case.get_purpose_display()} · {case.household.number}",
        url=reverse("monitoring:case_detail", args=[case.pk]),
        detail=f"{case.get_step_display()} · {when}",
        late=late,
    )


def _labour_request_entry(vacancy):
    return Entry(
        title=f"{vacancy.enterprise.name} · {vacancy.post}",
        url=reverse("employment:enterprise_detail", args=[vacancy.enterprise_id]),
        detail=_("%(h)s小时内未推荐人员，已超时上报") % {"h": vacancy.deadline_hours},
        late=True,
    )


def _target_entry(target):
    return Entry(
        title=f"{target.get_group_display()} · {target.household.number if target.household_id else target.region_code}",
        url=reverse("ledgers:supervision_detail", args=[target.pk]),
        detail=_("村报完成 %(d)s，待审核") % {"d": target.done_requested_on.isoformat()},
    )


def _submission_entry(submission):
    return Entry(
        title=f"{region_name(submission.region_code)} · {submission.get_kind_display()} · {submission.as_of.isoformat()}",
        url=reverse("ledgers:submission_detail", args=[submission.pk]),
        detail=submission.get_status_display(),
    )


def _cooperation_entry(entry):
    return Entry(
        title=f"{entry.indicator} · {entry.month:%Y-%m}",
        url=reverse("cooperation:entry_detail", args=[entry.pk]),
        detail=entry.get_status_display(),
    )


def _review_queues(user, for_me):
    """Supervision completions, district ledger reports and cooperation entries waiting for the user."""
    if user.prefixes_for("ledgers.close_item"):
        targets = ledger_queries.targets_awaiting_review(user).select_related("household")
        for_me.append(_queue("supervision_review", _("待我审核的督战完成"), targets, _target_entry))
        waiting = ledger_submissions.submissions_waiting_for(user)
        for_me.append(_queue("ledger_submissions", _("待我验收的区台账报送"), waiting, _submission_entry))
    if user.prefixes_for("cooperation.approve_entry"):
        entries = cooperation_queries.entries_waiting(user).select_related("indicator")
        for_me.append(_queue("cooperation", _("待我审核的协作指标填报"), entries, _cooperation_entry))


def _monitoring_queues(user, today, for_me, late):
    """Monitoring steps due within a week where the user acts now, and the late ones under the user."""
    inbox = monitoring_queries.step_inbox(user, today, limit=LIMIT)
    mine = [case for bucket in inbox["mine"].values() for case in bucket]
    below = [case for bucket in inbox["below"].values() for case in bucket]
    for_me.append(
        Queue("monitoring", _("待我办理的监测步骤"), len(mine), [_case_entry(c, today) for c in mine])
    )
    overdue = [c for c in mine + below if c.is_overdue(today)]
    late.append(
        Queue("late_monitoring", _("逾期的监测步骤"), len(overdue), [_case_entry(c, today) for c in overdue])
    )


def _queue(key, title, queryset, make):
    rows = list(queryset[:LIMIT])
    count = len(rows) if len(rows) < LIMIT else queryset.count()
    return Queue(key, title, count, [make(r) for r in rows])


def _reports_queue(key, title, queryset, make):
    rows = report_queries.with_region_names(queryset[:LIMIT])
    count = len(rows) if len(rows) < LIMIT else queryset.count()
    return Queue(key, title, count, [make(r) for r in rows])


def my_work(user, today) -> dict[str, list[Queue]]:
    """{'for_me': [...], 'waiting': [...], 'late': [...]}: the queues that concern the user (empty ones too,
    so that a role sees what it is asked to do)."""
    for_me, waiting, late = [], [], []
    if user.prefixes_for("reports.approve_report"):
        queryset = report_queries.reports_awaiting_approval(user)
        for_me.append(_reports_queue("approve", _("待我审核的村周报"), queryset, _report_entry))
    fills = bool(report_queries.villages_filled_by(user))
    if fills:
        due = report_queries.reports_due_from(user)
        fill = _reports_queue("fill", _("待我填报上报的周报"), due, _grid_entry)
        for_me.append(fill)
        overdue = [e for e in fill.entries if e.late]
        late.append(Queue("late_reports", _("逾期未上报的周报"), len(overdue), overdue))
    if user.prefixes_for("ledgers.close_item"):
        queryset = ledger_queries.items_awaiting_close(user)
        for_me.append(_queue("close", _("待我销号的台账事项"), queryset, lambda i: _item_entry(i, today)))
    if user.prefixes_for("ledgers.view_item"):
        mine = ledger_queries.items_overdue_for(user, today)
        late.append(_queue("late_items", _("我负责的逾期台账事项"), mine, lambda i: _item_entry(i, today)))
        pending = ledger_queries.items_pending_above(user)
        waiting.append(
            _queue("items_above", _("已申请销号、待上级验收"), pending, lambda i: _item_entry(i, today))
        )
    if fills or user.prefixes_for("reports.approve_report"):
        above = report_queries.reports_pending_above(user)
        waiting.append(_reports_queue("reports_above", _("已上报、待上级审核的周报"), above, _report_entry))
    _review_queues(user, for_me)
    if user.prefixes_for(monitoring_queries.VIEW):
        _monitoring_queues(user, today, for_me, late)
    if user.prefixes_for(employment_queries.VIEW_LABORER):
        requests = employment_queries.late_labour_requests(user)
        late.append(_queue("late_labour", _("超时未推荐的24小时用工请求"), requests, _labour_request_entry))
    if user.units:
        tasks = plan_queries.open_tasks_of_units(user, limit=LIMIT)
        for_me.append(
            Queue("tasks", _("本单位的责任任务"), len(tasks), [_task_entry(t, today) for t in tasks])
        )
        overdue = [t for t in tasks if t.is_overdue(today)]
        late.append(
            Queue("late_tasks", _("逾期的责任任务"), len(overdue), [_task_entry(t, today) for t in overdue])
        )
    return {"for_me": for_me, "waiting": waiting, "late": late}


def waiting_count(user) -> int:
    """How many things wait for the user (the menu's badge): a few indexed COUNTs, none for a role without
    the rights."""
    n = 0
    if user.prefixes_for("reports.approve_report"):
        n += report_queries.reports_awaiting_approval(user).count()
    if report_queries.villages_filled_by(user):
        n += report_queries.reports_due_from(user).count()
    if user.prefixes_for("ledgers.close_item"):
        n += ledger_queries.items_awaiting_close(user).count()
    return n


def this_weeks_grids(user) -> list:
    """For a village cadre: the grid of the latest week of each of their villages (the village home's link)."""
    return report_queries.with_region_names(report_queries.latest_village_reports(user))
