import os
import shlex
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from honcho.manager import Manager


class Command(BaseCommand):
    help = (
        "Run the web server and the task worker(s) together, their output interleaved; Ctrl-C (or SIGTERM) "
        "stops them all. `make run` uses runserver, `make serve` gunicorn (WEB_CONCURRENCY processes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to serve on")
        parser.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver")
        parser.add_argument(
            "--task-workers",
            type=int,
            default=int(os.environ.get("TASK_WORKERS", "1")),
            help="worker processes",
        )

    def handle(self, *args, addr, server, task_workers, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        manager = Manager()
        manager.add_process("web", shlex.join(_web_command(manage, server, addr)), cwd=str(settings.BASE_DIR))
        worker = [*manage, "run_worker", *(["--reload"] if server == "runserver" else [])]
        for n in range(1, task_workers + 1):
            manager.add_process(f"worker.{n}", shlex.join(worker), cwd=str(settings.BASE_DIR))
        manager.loop()
        sys.exit(manager.returncode)


def _web_command(manage, server, addr):
    if server == "runserver":
        return [*manage, "runserver", addr]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind={addr}",
        f"--workers={int(os.environ.get('WEB_CONCURRENCY', '3'))}",
        "--access-logfile=-",
        "--timeout=120",  # an export streams for longer than the default 30 s allows
        "--no-control-socket",  # one fixed path per user: two servers on a host would fight over it
    ]
