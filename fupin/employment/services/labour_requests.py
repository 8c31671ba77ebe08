"""24-hour labour requests (24小时用工调度, R2.9): an urgent vacancy is timed from its request to its first
referral; one still without a referral when its time is up is escalated once.

The escalation runs on the task queue: posting the request schedules the task `escalate_labour_request`
(below) for the moment it falls due (on a backend that can defer; the immediate backend of
the tests cannot), and `manage.py escalate_labour_requests` sweeps every late request (daily, or from cron
every hour) so a lost task never leaves one unescalated. An escalated request is audited and shows, marked,
on the 24-hour request list and the board of the town and the levels above it.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from fupin.audit.recorder import build, record_many
from fupin.employment.choices import VacancyStatus
from fupin.employment.models import Vacancy

log = logging.getLogger(__name__)


def due_at(vacancy):
    if not (vacancy.urgent and vacancy.requested_at and vacancy.deadline_hours):
        return None
    return vacancy.requested_at + datetime.timedelta(hours=vacancy.deadline_hours)


def schedule_escalation(vacancy) -> None:
    """After commit, put the request's escalation on the task queue for its due time (if it can wait)."""
    when = due_at(vacancy)
    if when is None:
        return

    def enqueue():
        deferred = escalate_labour_request.using(run_after=when)
        if not deferred.get_backend().supports_defer:
            return  # the sweep (manage.py escalate_labour_requests) takes it
        try:
            deferred.enqueue(vacancy.pk)
        except Exception:
            log.exception("could not schedule the escalation of vacancy %s", vacancy.pk)

    transaction.on_commit(enqueue)


def open_requests():
    """Open 24-hour requests not referred and not escalated yet (a handful at a time: due times in Python)."""
    return Vacancy.objects.filter(
        urgent=True,
        status=VacancyStatus.OPEN,
        requested_at__isnull=False,
        first_referral_at__isnull=True,
        escalated_at__isnull=True,
    )


def late_requests(now=None, pks=None) -> list:
    """Open 24-hour requests past their time without a referral and not escalated yet."""
    now = now or timezone.now()
    candidates = open_requests() if pks is None else open_requests().filter(pk__in=pks)
    return [v for v in candidates.select_related("enterprise") if due_at(v) < now]


@transaction.atomic
def escalate_late_requests(*, now=None, pks=None) -> int:
    """Escalate every late request (or those of `pks`): stamped and audited once each."""
    now = now or timezone.now()
    vacancies = late_requests(now, pks)
    if not vacancies:
        return 0
    Vacancy.objects.filter(pk__in=[v.pk for v in vacancies], escalated_at__isnull=True).update(
        escalated_at=now
    )
    record_many(
        build(
            "employment.vacancy.escalated",
            target=v,
            region_code=v.region_code,
            changes={"escalated_at": [None, now.isoformat(timespec="minutes")]},
            note=_("24小时用工请求超过%(h)d小时未推荐人员，已提交上级调度") % {"h": v.deadline_hours},
        )
        for v in vacancies
    )
    return len(vacancies)


def note_first_referral(vacancy, at=None) -> None:
    """Stop the clock of a 24-hour request at its first referral (inside the referral's transaction)."""
    if vacancy.urgent:
        Vacancy.objects.filter(pk=vacancy.pk, first_referral_at__isnull=True).update(
            first_referral_at=at or timezone.now()
        )


@task()
def escalate_labour_request(vacancy_id: int) -> int:
    """The task run when a 24-hour request falls due: escalates it if it is still without a referral."""
    return escalate_late_requests(pks=[vacancy_id])
