# Fupin: the two commands are `make run` and `make test`; everything else is for developers.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_HOUSEHOLDS ?= 5000
# The settings default to production (DEBUG off: HTTPS only, a SECRET_KEY required). These targets are the
# developer's and the loopback demo's (http://127.0.0.1:8000), so they run with DEBUG=1 unless told otherwise.
export DEBUG ?= 1

.PHONY: run test setup lint format demo bench e2e clean messages otp

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py recover_jobs
	$(PY) manage.py demo --households $(DEMO_HOUSEHOLDS) --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest -n 2 --dist loadfile

e2e: setup
	$(PY) -m pytest e2e

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit -q -r fupin config -c pyproject.toml
	$(VENV)/bin/lint-imports
	$(PY) .ci/audit_dependencies.py

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	cd fupin && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages -l en

otp: setup  # the current second-factor code of a demo account: make otp U=demo_city
	$(PY) manage.py demo_otp $(U)

demo: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --households $(DEMO_HOUSEHOLDS)

bench: setup
	for f in bench/*.py; do [ "$$f" = bench/common.py ] || $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm var
