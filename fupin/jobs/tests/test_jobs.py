"""Jobs: running through the task queue, progress, failure, cancel, recovery after a dead worker."""

import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, OutOfScope
from fupin.jobs import progress, runner, services
from fupin.jobs.models import Job, JobStatus
from fupin.regions.models import Region

H = "fupin.jobs.tests.handlers."


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _job(user, handler="counts_to_three", **params):
    return services.create_job(by=user, kind="test", handler=H + handler, params=params)


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_submitted_job_runs_on_the_queue_and_ends_succeeded_with_its_result_and_progress(town_user):
    job = _job(town_user, x=7)

    runner.submit(job)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3, "param": 7}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at and job.finished_at and job.worker_pid
    assert job.task_id
    assert not progress.progress_path(job.pk).exists()
    assert not progress.heartbeat_path(job.pk).exists()


def test_failing_handler_leaves_the_job_failed_with_the_message(town_user):
    job = _job(town_user, "fails")

    runner.submit(job)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "boom" in job.message
    assert (job.done, job.total) == (1, 10)


def test_cancel_during_the_work_rolls_back_and_marks_cancelled(town_user):
    job = _job(town_user, "writes_then_gets_cancelled")

    runner.submit(job)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not Region.objects.filter(code="449900000000").exists()


def test_cancelling_a_queued_job_is_immediate_and_audited(town_user):
    job = _job(town_user)

    services.cancel_job(job, by=town_user)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    entry = AuditEntry.objects.get(action="jobs.job.cancelled")
    assert entry.actor == town_user and entry.target_id == str(job.pk)
    runner.submit(job)  # a cancelled job never starts
    job.refresh_from_db()
    assert job.started_at is None


def test_only_the_owner_can_cancel_and_a_finished_job_cannot_be_cancelled(town_user, other_town_user):
    job = _job(town_user)
    with pytest.raises(OutOfScope):
        services.cancel_job(job, by=other_town_user)
    runner.submit(job)
    job.refresh_from_db()
    with pytest.raises(DomainError):
        services.cancel_job(job, by=town_user)


def test_cancelling_a_running_job_raises_in_its_next_progress_report(town_user):
    job = _job(town_user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.refresh_from_db()
    reporter = progress.JobReporter(job.pk)

    services.cancel_job(job, by=town_user)

    with pytest.raises(progress.JobCancelled):
        reporter.progress(1, 2, force=True)


def test_recover_jobs_marks_jobs_of_a_dead_process_failed_and_keeps_live_ones(town_user):
    dead = _job(town_user)
    live = _job(town_user)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        Job.objects.filter(pk=dead.pk).update(
            status=JobStatus.RUNNING, worker_pid=_dead_pid(), worker_host=services.HOST
        )
        Job.objects.filter(pk=live.pk).update(
            status=JobStatus.RUNNING, worker_pid=sleeper.pid, worker_host=services.HOST
        )

        call_command("recover_jobs")

        dead.refresh_from_db()
        live.refresh_from_db()
        assert dead.status == JobStatus.FAILED
        assert "进程已终止" in dead.message
        assert live.status == JobStatus.RUNNING
        assert AuditEntry.objects.filter(action="jobs.job.recovered", target_id=str(dead.pk)).exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_live_state_shows_the_progress_a_running_worker_published(town_user):
    job = _job(town_user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.refresh_from_db()
    reporter = progress.JobReporter(job.pk)
    reporter.progress(40, 100, "正在写入", force=True)

    state = services.live_state(job)

    assert (state.done, state.total, state.message, state.percent) == (40, 100, "正在写入", 40)


@pytest.mark.django_db(transaction=True)  # the worker manages its connection as it does in its own process
def test_on_the_database_queue_a_job_waits_for_the_worker_which_runs_it(settings, town_user):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    job = _job(town_user, x=1)

    runner.submit(job)

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # nothing ran in this (the web) process
    assert DBTaskResult.objects.ready().filter(id=job.task_id).exists()

    call_command("run_worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3, "param": 1}
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_running_job_whose_heartbeat_went_silent_is_failed_by_the_sweep(settings, town_user):
    """A worker on another host cannot be checked by its process id: its heartbeat file tells."""
    settings.JOBS_LEASE_SECONDS = 60
    silent, beating = _job(town_user), _job(town_user)
    Job.objects.filter(pk__in=[silent.pk, beating.pk]).update(
        status=JobStatus.RUNNING, worker_pid=1, worker_host="another-host"
    )
    for job in (silent, beating):
        progress.heartbeat_path(job.pk).touch()
    old = time.time() - 61
    os.utime(progress.heartbeat_path(silent.pk), (old, old))

    assert services.recover_dead_jobs() == [silent.pk]

    silent.refresh_from_db()
    beating.refresh_from_db()
    assert silent.status == JobStatus.FAILED
    assert beating.status == JobStatus.RUNNING


def test_a_running_job_beats_its_heartbeat_and_stops_when_it_ends(town_user, settings):
    settings.JOBS_LEASE_SECONDS = 6  # a beat a second
    job = _job(town_user)
    path = progress.heartbeat_path(job.pk)
    with progress.Heartbeat(job.pk, interval=1):
        first = path.stat().st_mtime
        time.sleep(1.3)
        assert path.stat().st_mtime > first
    assert not path.exists()


def test_job_page_and_progress_partial_are_for_the_owner_only(client, town_user, other_town_user):
    job = _job(town_user)
    client.force_login(other_town_user)
    assert client.get(reverse("jobs:job_detail", args=[job.pk])).status_code == 404

    client.force_login(town_user)
    page = client.get(reverse("jobs:job_detail", args=[job.pk]))
    partial = client.get(reverse("jobs:job_progress", args=[job.pk]) + "?running=1", HTTP_HX_REQUEST="true")

    assert page.status_code == 200
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert partial.status_code == 200
    runner.submit(job)
    finished = client.get(reverse("jobs:job_progress", args=[job.pk]) + "?running=1", HTTP_HX_REQUEST="true")
    assert finished.status_code == 204
    assert finished["HX-Refresh"] == "true"


def test_cancel_view_cancels_and_returns_to_the_page(client, town_user):
    job = _job(town_user)
    client.force_login(town_user)

    response = client.post(reverse("jobs:job_cancel", args=[job.pk]), {"next": "/elsewhere/"})

    assert response.status_code == 302 and response["Location"] == "/elsewhere/"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def _locked_for(times, monkeypatch):
    """QuerySet.update raises SQLite's table-lock error for its first `times` calls, then runs."""
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    real_update = QuerySet.update
    calls = {"n": 0}

    def update(self, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError("database table is locked: jobs_job")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    return calls


def test_a_lock_error_while_a_job_starts_is_retried_and_the_job_runs(town_user, monkeypatch):
    job = _job(town_user)
    calls = _locked_for(3, monkeypatch)

    runner.submit(job)  # the queue's task starts it: the start meets the lock three times

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.task_id
    assert calls["n"] > 3


def test_a_lock_that_never_ends_is_raised_not_swallowed(town_user, monkeypatch):
    from django.db import OperationalError

    job = _job(town_user)
    _locked_for(10_000, monkeypatch)

    with pytest.raises(OperationalError):
        services.start_job(job.pk)
