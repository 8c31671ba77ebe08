"""Production settings (DEBUG=0) must pass Django's deployment checklist."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "fupin.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "FUPIN_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),  # required without DEBUG
        "FUPIN_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "security." not in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _settings_value(name, env):
    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print(s.{name})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout.strip(), result.stderr


def test_debug_is_off_when_the_variable_is_unset(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "FUPIN_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FUPIN_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        }
    )

    assert _settings_value("DEBUG", env)[:2] == (0, "False")
    assert _settings_value("SECURE_SSL_REDIRECT", env)[:2] == (0, "True")


def test_without_debug_and_secret_key_the_settings_refuse_to_load(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"

    returncode, _out, err = _settings_value("DEBUG", env)

    assert returncode != 0 and "SECRET_KEY" in err
