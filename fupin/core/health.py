"""`/healthz`: is this web process able to serve? The database answers, the task queue is reachable (and
how much waits on it), and the disk that takes uploads has room. 200 when all hold, 503 otherwise; JSON
either way, for a load balancer or a monitor (docs/deploy.md "What to watch")."""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def queue_state() -> dict:
    """The task queue's backlog: tasks waiting (`ready`) and running, by the configured backend."""
    backend = settings.TASKS_BACKEND
    try:
        if backend == "database":
            return {"ok": True, "backend": backend, **_database_queue()}
        if backend == "rq":
            return {"ok": True, "backend": backend, **_rq_queue()}
    except Exception as exc:  # unreachable Redis, a missing table: the check fails, the page still answers
        return {"ok": False, "backend": backend, "error": str(exc)}
    return {"ok": True, "backend": backend, "ready": 0, "running": 0}


def _database_queue() -> dict:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "ready": ready.count(),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "oldest_ready_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }


def _rq_queue() -> dict:
    import django_rq

    queue = django_rq.get_queue("default")
    queue.connection.ping()
    return {"ready": queue.count, "running": queue.started_job_registry.count}


def check_disk() -> dict:
    """Free space where uploads and job files are written (the nearest existing folder of MEDIA_ROOT)."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    return {
        "ok": free_mb >= settings.HEALTH_MIN_FREE_MB,
        "free_mb": free_mb,
        "min_mb": settings.HEALTH_MIN_FREE_MB,
    }


@never_cache
def healthz(request):
    checks = {"database": check_database(), "queue": queue_state(), "disk": check_disk()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503)
