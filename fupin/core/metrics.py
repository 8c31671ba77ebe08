"""Prometheus metrics on `/metrics`: request latency by route, job durations and failures, queue depth.

Under gunicorn several processes serve, and the task workers are processes of their own: with
PROMETHEUS_MULTIPROC_DIR set (`make serve` sets and empties it), every process writes its samples to files
there and a scrape adds them up (prometheus_client's multiprocess mode). Without it (development), a
scrape sees this process only. The endpoint answers only to `Authorization: Bearer <METRICS_TOKEN>`, and
is not there at all (404) while no token is configured.
"""

import hmac
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUEST_SECONDS = Histogram(
    "fupin_request_seconds",
    "Time to answer a request, by route name, method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30),
)
JOB_SECONDS = Histogram(
    "fupin_job_seconds",
    "Run time of background jobs, by kind and outcome.",
    ["kind", "status"],
    buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600),
)
JOB_FAILURES = Counter("fupin_job_failures", "Background jobs that ended failed, by kind.", ["kind"])


class RequestMetricsMiddleware:
    """Times every request; the label is the URL pattern's name, never the path (ids would explode it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name or "unnamed") if match else "unresolved"
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(route, method, status).observe(time.perf_counter() - started)
        return response


def observe_task(kind, status, seconds):
    """Record one finished job (called by the worker that ran it)."""
    JOB_SECONDS.labels(kind, status).observe(seconds)
    if status == "failed":
        JOB_FAILURES.labels(kind).inc()


class QueueDepthCollector:
    """The task queue's backlog, read when scraped (one query; shared by every process)."""

    def collect(self):
        from fupin.core.health import queue_state

        state = queue_state()
        depth = GaugeMetricFamily("fupin_queue_tasks", "Tasks on the queue, by state.", labels=["state"])
        for name in ("ready", "running"):
            depth.add_metric([name], state.get(name, 0))
        yield depth
        up = GaugeMetricFamily("fupin_queue_up", "1 when the task queue answered the scrape.")
        up.add_metric([], 1 if state["ok"] else 0)
        yield up


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
        samples = generate_latest(processes)
    else:
        samples = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(QueueDepthCollector())
    return samples + generate_latest(queue)


@never_cache
def metrics_view(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return HttpResponseForbidden()
    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)
