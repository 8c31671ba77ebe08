"""Reminders to villages that have not submitted their week (R1.6): a day before the due time and at it.

`send_due_reminders` is idempotent (one reminder per village, week and kind: a unique constraint), so the
scheduler may run it as often as it likes: `manage.py send_report_reminders` (cron, every 15 minutes) puts
one job on the task queue (fupin.jobs), whose worker sends what is due at that moment. A village cadre reads
the reminders of their villages on the reminders page (their inbox of reminders) and on the week's page.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import build, record_many
from fupin.jobs import runner
from fupin.jobs import services as job_services
from fupin.jobs.models import Job, JobStatus
from fupin.reports.choices import EDITABLE_STATUSES, ReminderKind
from fupin.reports.models import ReportPeriod, SubmissionReminder, VillageReport

KIND = "reports.reminders"
HANDLER = "fupin.reports.reminders.run_reminders_job"
BEFORE = datetime.timedelta(days=1)
# A week whose due time passed longer ago than this is no longer reminded (a late first run of the scheduler
# must not remind every village of every old week).
LOOK_BACK = datetime.timedelta(days=7)


def kinds_due(period, now) -> list[str]:
    """The reminders a week calls for at `now`: the day-before one in the last day, the due one after it."""
    if now >= period.due_at:
        return [ReminderKind.AT_DUE]
    if now >= period.due_at - BEFORE:
        return [ReminderKind.BEFORE_DUE]
    return []


@transaction.atomic
def send_due_reminders(*, now=None) -> int:
    """Remind every village of an open week that has not submitted (draft or returned) and has not had this
    reminder yet; each reminder audited. Returns how many were sent."""
    now = now or timezone.now()
    periods = ReportPeriod.objects.filter(due_at__gt=now - LOOK_BACK, due_at__lte=now + BEFORE)
    sent = 0
    for period in periods:
        for kind in kinds_due(period, now):
            sent += _remind(period, kind, now)
    return sent


def _remind(period, kind, now) -> int:
    already = SubmissionReminder.objects.filter(period=period, kind=kind).values("region_code")
    reports = list(
        VillageReport.objects.filter(period=period, status__in=EDITABLE_STATUSES)
        .exclude(region_code__in=already)
        .order_by("region_code")
    )
    reminders = [
        SubmissionReminder(
            period=period,
            region_code=r.region_code,
            kind=kind,
            sent_at=now,
            status_then=r.status,
            assessed_then=r.assessed,
            expected_then=r.expected,
        )
        for r in reports
    ]
    SubmissionReminder.objects.bulk_create(reminders, batch_size=2000, ignore_conflicts=True)
    note = str(ReminderKind(kind).label)
    record_many(
        build(
            "reports.villagereport.reminded",
            target=r,
            region_code=r.region_code,
            note=note,
            source="reminders",
        )
        for r in reports
    )
    return len(reminders)


def schedule_reminders(*, by=None, inline=False) -> Job | None:
    """Put one reminder run on the task queue (none when one is already waiting or running)."""
    # A run queued within the hour and not yet taken is enough; an older one a stopped worker left is not.
    active = Job.objects.filter(
        kind=KIND,
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        created_at__gte=timezone.now() - datetime.timedelta(hours=1),
    )
    if any(not job_services.is_orphaned(job) for job in active):
        return None
    job = job_services.create_job(by=by, kind=KIND, handler=HANDLER, message=_("等待发送催报提醒…"))
    runner.submit(job, inline=inline)
    job.refresh_from_db()
    return job


def run_reminders_job(job, reporter) -> dict:
    sent = send_due_reminders()
    reporter.progress(1, 1, _("已发送催报提醒%(n)s条。") % {"n": sent})
    return {"sent": sent}
