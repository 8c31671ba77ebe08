"""Journey (issue 13): `make serve` on a fresh database, DEBUG off behind gunicorn with its task worker, over
http on the loopback: /healthz answers, a town cadre signs in with the second factor, opens the dashboard
(static files hashed and served by WhiteNoise), runs the matching, and the worker finishes the job; Ctrl-C
then leaves nothing running."""

import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import totp

from fupin.accounts.otp import demo_secret

ROOT = Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve_env(tmp_path):
    key = lambda: base64.b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    skip = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "TASKS_BACKEND", "PROMETHEUS_MULTIPROC_DIR"}
    return {
        **{name: value for name, value in os.environ.items() if name not in skip},
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FUPIN_DATA_KEY": key(),
        "FUPIN_INDEX_KEY": key(),
        "FUPIN_LOOPBACK_HTTP": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "FUPIN_VAR_DIR": str(tmp_path / "var"),
        # Kept between runs: make serve collects again only when a static source changed (a minute of CPU).
        "STATIC_ROOT": str(ROOT / "var" / "e2e-static"),
        "WEB_CONCURRENCY": "2",
    }


def _healthz(base):
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status, json.load(response)
    except OSError:
        return None, None


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.django_db
def test_make_serve_serves_the_demo_and_its_worker_runs_a_job(browser, tmp_path):
    env, port = _serve_env(tmp_path), _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", "DEMO_HOUSEHOLDS=30"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the "Ctrl-C" below reaches make and what it started
    )
    try:
        deadline = time.monotonic() + 240
        while _healthz(base)[0] != 200 and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        status, health = _healthz(base)
        assert status == 200, (tmp_path / "serve.log").read_text()[-3000:]
        assert health["queue"]["backend"] == "database"

        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(30000)
        page = context.new_page()
        _sign_in(page, base, "demo_town")
        page.goto(base + "/")
        stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
        assert stylesheet.startswith("/static/") and stylesheet.count(".") >= 2  # a hashed name
        assert page.request.get(base + stylesheet).status == 200

        page.goto(base + "/employment/matching/")
        page.click("#run-matching")
        page.wait_for_url("**/employment/matching/runs/*/")
        page.wait_for_selector(".job-progress[data-status=succeeded]", timeout=60000)  # the worker ran it
        context.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        server.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _group_alive(server.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _group_alive(server.pid)
    assert _healthz(base)[0] is None


def _sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Fupin-Demo-2020")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/otp/" in page.url:
        # The code the demo account's authenticator shows (its key is fixed: fupin.accounts.otp.demo_secret),
        # computed here instead of starting Django again for `manage.py demo_otp`.
        code = str(totp(bytes.fromhex(demo_secret(username)))).zfill(6)
        page.goto(base + "/accounts/otp/verify/")
        page.fill("#id_code", code)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/otp/" not in url)
