"""/healthz tells a monitor whether this process can serve; /metrics gives Prometheus its figures, to the
holder of the token only."""

import pytest
from django.urls import reverse

from fupin.core import metrics

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_each_check_when_all_hold(client, settings):
    settings.HEALTH_MIN_FREE_MB = 1

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["queue"]["ok"] and body["disk"]["ok"]
    assert body["queue"]["backend"] == "immediate"


def test_healthz_answers_503_when_the_disk_for_uploads_is_full(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12  # more than any disk has

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["disk"]["ok"] is False


def test_healthz_counts_the_tasks_waiting_on_the_database_queue(client, settings, town_user):
    from fupin.jobs import runner, services

    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    runner.submit(services.create_job(by=town_user, kind="test", handler="fupin.jobs.tests.handlers.fails"))

    queue = client.get("/healthz").json()["queue"]

    assert (queue["ok"], queue["backend"], queue["ready"], queue["running"]) == (True, "database", 1, 0)
    assert 0 <= queue["oldest_ready_seconds"] < 60


def test_healthz_fails_when_redis_does_not_answer(client, settings):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["queue"]["ok"] is False


def test_metrics_are_not_there_without_a_token_and_refused_with_a_wrong_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404

    settings.METRICS_TOKEN = "right-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 403


def test_metrics_show_request_latency_by_route_job_outcomes_and_queue_depth(client, settings, town_user):
    settings.METRICS_TOKEN = "right-token"
    client.force_login(town_user)
    client.get(reverse("dashboard:home"))
    metrics.observe_task("test.kind", "failed", 0.2)

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer right-token")

    assert response.status_code == 200
    text = response.content.decode()
    assert 'fupin_request_seconds_count{method="GET",route="dashboard:home",status="2xx"}' in text
    assert 'fupin_job_failures_total{kind="test.kind"}' in text
    assert 'fupin_job_seconds_count{kind="test.kind",status="failed"}' in text
    assert 'fupin_queue_tasks{state="ready"}' in text
    assert "fupin_queue_up 1.0" in text


def test_a_request_to_an_unknown_path_is_counted_without_its_path(client, settings):
    settings.METRICS_TOKEN = "right-token"
    client.get("/no/such/page/some-unknown-slug")  # letters: no figure of the metrics can contain them

    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer right-token").content.decode()

    assert "some-unknown-slug" not in text
    assert 'route="unresolved"' in text
