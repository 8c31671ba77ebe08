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

.PHONY: run serve test setup lint format demo bench e2e clean messages otp

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# The development server and one task worker (which first recovers jobs a killed worker left running);
# Ctrl-C stops both.
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --households $(DEMO_HOUSEHOLDS) --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py run_all --addr $(HOST):$(PORT)

# Production mode (docs/deploy.md): gunicorn (WEB_CONCURRENCY processes), WhiteNoise, DEBUG off, TASK_WORKERS
# task workers, settings from the environment. Without a SECRET_KEY in the environment it serves the demo on
# the loopback over http: keys generated once into var/serve.env (untracked; the demo's data is sealed with
# them) and its own database var/serve.sqlite3 unless DATABASE_URL says otherwise. With FUPIN_LOOPBACK_HTTP=1
# (the demo) it builds the demo if the database is empty and prints the logins.
# Of ECharts only echarts.min.js is served: its other builds and maps would triple collectstatic's time.
# collectstatic (about a minute of CPU) runs only when a static source or the installed packages are newer
# than the manifest it wrote last time.
STATIC_IGNORE := -i 'echarts.*.map' -i echarts.js -i 'echarts.common*' -i 'echarts.esm*' -i 'echarts.simple*' -i extension
serve: setup
	@mkdir -p var
	@if [ -z "$$SECRET_KEY" ] && [ ! -f var/serve.env ]; then \
	  $(PY) -c 'import base64, secrets; key = lambda: base64.b64encode(secrets.token_bytes(32)).decode(); print(f"SECRET_KEY={secrets.token_urlsafe(50)}\nFUPIN_DATA_KEY={key()}\nFUPIN_INDEX_KEY={key()}\nMETRICS_TOKEN={secrets.token_urlsafe(24)}\nFUPIN_LOOPBACK_HTTP=1")' > var/serve.env; \
	  echo "Generated var/serve.env: demo keys for the loopback server (keep it: the demo data is sealed with them)."; \
	fi
	@set -e; if [ -z "$$SECRET_KEY" ]; then set -a; . ./var/serve.env; set +a; \
	  export DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/var/serve.sqlite3}"; fi; \
	export DEBUG=0 PROMETHEUS_MULTIPROC_DIR="$${PROMETHEUS_MULTIPROC_DIR:-$${FUPIN_VAR_DIR:-$(CURDIR)/var}/prometheus}"; \
	rm -rf "$$PROMETHEUS_MULTIPROC_DIR"; mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"; \
	$(PY) manage.py migrate --no-input; \
	static="$${STATIC_ROOT:-$(CURDIR)/staticfiles}/staticfiles.json"; \
	if [ ! -f "$$static" ] || [ -n "$$(find fupin -path '*/static/*' -newer "$$static" -print -quit; \
	  find node_modules/echarts/dist/echarts.min.js $(VENV)/.installed -newer "$$static" 2>/dev/null)" ]; then \
	  $(PY) manage.py collectstatic --no-input -v0 $(STATIC_IGNORE); fi; \
	if [ "$$FUPIN_LOOPBACK_HTTP" = 1 ]; then $(PY) manage.py demo --households $(DEMO_HOUSEHOLDS) --if-empty; $(PY) manage.py demo_logins; fi; \
	exec $(PY) manage.py run_all --server gunicorn --addr $(HOST):$(PORT)

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
	$(PY) manage.py makemessages -l en --no-obsolete $(foreach d,.venv node_modules e2e bench staticfiles var,--ignore=$(d))
	cd fupin && ../$(PY) ../manage.py compilemessages -l en

otp: setup  # the current second-factor code of a demo account: make otp U=demo_city
	$(PY) manage.py demo_otp $(U)

demo: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --households $(DEMO_HOUSEHOLDS)

bench: setup
	for f in bench/*.py; do [ "$$f" = bench/common.py ] || $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm var
