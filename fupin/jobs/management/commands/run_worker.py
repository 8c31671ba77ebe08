import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from fupin.jobs.services import recover_dead_jobs

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run a task worker (TASKS_BACKEND): first mark jobs a dead worker left running as failed, then take "
        "tasks from the queue, sweeping for dead workers' jobs every JOBS_LEASE_SECONDS meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reload", action="store_true", help="restart on code changes (development)")
        parser.add_argument("--batch", action="store_true", help="run the waiting tasks, then exit")

    def handle(self, *args, reload, batch, **options):
        recovered = recover_dead_jobs()
        self.stdout.write(f"recovered {len(recovered)} job(s)" + (f": {recovered}" if recovered else ""))
        if not batch:
            threading.Thread(target=_sweep_forever, name="job-sweep", daemon=True).start()
        backend = settings.TASKS_BACKEND
        if backend == "database":
            call_command("db_worker", reload=reload, batch=batch, interval=1, verbosity=options["verbosity"])
        elif backend == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=batch)
        else:
            raise CommandError(f"TASKS_BACKEND={backend} runs tasks in the calling process: no worker to run")


def _sweep_forever():
    """A worker on another host, or one killed without a restart, is noticed within a lease."""
    while True:
        time.sleep(settings.JOBS_LEASE_SECONDS)
        close_old_connections()
        try:
            recover_dead_jobs()
        except DatabaseError:  # the database busy (SQLite: a job holds the write lock): next round
            log.warning("job sweep skipped", exc_info=True)
