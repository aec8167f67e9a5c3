# QI Pathway. `make run` sets up and serves the demo; `make test` runs the checks CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format install install-dev chromium wrk xmlsec1 migrate demo worker beat bench-reminders bench chaos clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# Links in pages, emails and the calendar feed follow the address served (an explicit SITE_URL wins).
run: export SITE_URL ?= http://$(HOST)

# With a reachable Redis (REDIS_URL), the Celery worker and beat run alongside the server and stop
# with it; without, background tasks run in-process and reminders come from send_reminders.
run: demo
	@if [ -n "$$REDIS_URL" ] && $(PY) -c "import os, redis; redis.Redis.from_url(os.environ['REDIS_URL'], socket_connect_timeout=2).ping()" 2>/dev/null; then \
	  echo "Redis answers at $$REDIS_URL: starting the Celery worker and beat (logs: celery-worker.log, celery-beat.log)"; \
	  $(VENV)/bin/celery -A config worker --loglevel=info >celery-worker.log 2>&1 & worker=$$!; \
	  $(VENV)/bin/celery -A config beat --loglevel=info >celery-beat.log 2>&1 & beat=$$!; \
	  trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	  echo "Serving QI Pathway on http://$(HOST)  (Ctrl-C stops the server, the worker and beat)"; \
	  $(PY) manage.py runserver $(HOST); \
	else \
	  echo "No Redis reachable (REDIS_URL): background tasks run in-process, and reminders are sent by"; \
	  echo "'$(PY) manage.py send_reminders' (run it daily from cron)."; \
	  echo "Serving QI Pathway on http://$(HOST)  (Ctrl-C to stop)"; \
	  $(PY) manage.py runserver $(HOST); \
	fi

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=info

# The reminder sweep at scale: 5,000 residents and ~100,000 milestones on PostgreSQL, in a
# database of its own (emptied each time). Not part of `make test`.
BENCH_PG ?= -h 127.0.0.1 -p 5432 -U postgres
BENCH_DB ?= qipathway_bench_reminders
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
bench-reminders: install
	@psql $(BENCH_PG) -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
	  || psql $(BENCH_PG) -qc "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DEBUG=0 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_reminders --settings=config.settings.bench_tools

# The dashboards at real scale: 50 programs, 2,000 residents, 2,000 capstones, 100,000 data
# points and 20,000 progress reports on PostgreSQL, in a database dropped and recreated each
# run; gunicorn serves the app with production settings over plain HTTP on 127.0.0.1, and wrk
# measures each dashboard beside /healthz (one query). Goal: the director board of the
# 60-resident program within 3 x the minimal page's median. BENCH_HTTP_ARGS passes options
# (--duration, --threads, --connections, --workers). Not part of `make test`.
DASH_BENCH_DB ?= qipathway_bench
DASH_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(DASH_BENCH_DB)
BENCH_HTTP_ARGS ?=
bench: install wrk
	psql $(BENCH_PG) -qc "DROP DATABASE IF EXISTS $(DASH_BENCH_DB) WITH (FORCE)" \
	  -c "CREATE DATABASE $(DASH_BENCH_DB)"
	DATABASE_URL=$(DASH_BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DEBUG=0 DATABASE_URL=$(DASH_BENCH_DATABASE_URL) $(PY) manage.py bench_seed --settings=config.settings.bench_tools
	DATABASE_URL=$(DASH_BENCH_DATABASE_URL) $(PY) manage.py bench_http --settings=config.settings.bench_tools $(BENCH_HTTP_ARGS)

# The load tool of `make bench`; installed from Debian when missing (needs root or sudo).
wrk:
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for make bench"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }

# Browser tests drive Debian's Chromium; install it when it is missing (needs root or sudo).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# The SAML tests' identity provider (pysaml2) signs with Debian's xmlsec1 (needs root or sudo).
xmlsec1:
	@command -v xmlsec1 >/dev/null || { \
	  echo "Installing Debian's xmlsec1 for the SAML tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq xmlsec1 >/dev/null; }

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite is spread over TEST_WORKERS processes (pytest-xdist; auto: one per core).
TEST_WORKERS ?= auto
test: install-dev chromium wrk xmlsec1 lint
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache

# Exactly once under faults at 5,000 residents: a real Celery worker (killed mid-batch with
# SIGKILL), a local SMTP sink (stopped mid-sweep), PostgreSQL and Redis. Prints sent / expected
# / duplicated / lost per scenario and fails unless both are 0. Its own database (emptied each
# run), Redis queue and SMTP port; claims' leases shortened to 20 s. Not part of `make test`.
CHAOS_DB ?= qipathway_chaos
CHAOS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(CHAOS_DB)
CHAOS_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
CHAOS_ENV = DATABASE_URL=$(CHAOS_DATABASE_URL) REDIS_URL=$(CHAOS_REDIS_URL) \
  CELERY_QUEUE=qip-chaos REMINDER_LEASE_SECONDS=20 DEBUG=0 DJANGO_SETTINGS_MODULE=config.settings.bench_tools
chaos: install-dev
	@psql $(BENCH_PG) -tAc "SELECT 1 FROM pg_database WHERE datname='$(CHAOS_DB)'" | grep -q 1 \
	  || psql $(BENCH_PG) -qc "CREATE DATABASE $(CHAOS_DB)"
	$(CHAOS_ENV) $(PY) manage.py migrate --noinput -v0
	$(CHAOS_ENV) $(PY) manage.py chaos $(CHAOS_ARGS)
