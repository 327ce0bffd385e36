# make run     install, migrate, load the content and serve http://127.0.0.1:8000/
# make test    install, run every check and the test suite (minutes: before every commit)
# make test-long  the drills: full matrices, load, faults, the cluster, long fuzz
# make upgrade refresh uv.lock to the newest versions pyproject.toml allows
# make backup  back up the database (DATABASE_URL, or SQLite) into backups/
# make restore FILE=...  restore a backup into a fresh database that replaces the current one

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

# uv installs .venv from uv.lock; uv itself comes from PyPI, pinned, into .tools.
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_STAMP := $(TOOLS)/.uv-$(UV_VERSION)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never


.PHONY: install upgrade run serve test test-long check backup restore fuzz lint format messages compile-messages browser-deps java-deps npm-deps html-checker gettext-deps cluster-deps cluster cluster-stop reliability lighthouse bench clean

# With the machine's pip when it has one (quicker than a venv, which must install pip
# first), else with the pip of a fresh venv in .tools.
$(UV_STAMP):
	rm -rf $(TOOLS)
	$(PYTHON) -m pip install --quiet --only-binary=:all: --target $(TOOLS) uv==$(UV_VERSION) 2>/dev/null || { \
	  rm -rf $(TOOLS) && $(PYTHON) -m venv $(TOOLS) && \
	  $(TOOLS)/bin/pip install --quiet --only-binary=:all: uv==$(UV_VERSION); }
	touch $(UV_STAMP)

# Exactly what uv.lock lists, checked against its hashes; --locked stops with an
# error when pyproject.toml has changed and the lock was not refreshed.
$(STAMP): pyproject.toml uv.lock $(UV_STAMP)
	$(UV) sync --locked --quiet
	touch $(STAMP)

install: $(STAMP) compile-messages

upgrade: $(UV_STAMP)
	$(UV) lock --upgrade
	@echo "uv.lock refreshed: run make test, then commit uv.lock."

# gettext's msgfmt builds the .mo catalogues; install it where it is missing.
gettext-deps:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else echo "Please install GNU gettext (msgfmt)."; exit 1; fi; }

compile-messages: $(STAMP) gettext-deps
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' -v 0

browser-deps:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Please install Chromium at $(CHROMIUM) for the browser tests."; exit 1; fi; }

run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v 0
	DJANGO_DEBUG=true $(PY) manage.py load_content
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# Production-like: collected static files served by WhiteNoise under gunicorn.
serve: install
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_content
	$(BIN)/gunicorn -c samenleving/gunicorn.conf.py

backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/samenleving-....dump"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# 10,000 generated hostile requests against the production settings and 1,000
# on the admin's forms (make test-long sends 2,000 and 150); prints the status codes.
fuzz: install
	FUZZ_REQUESTS=10000 FUZZ_ADMIN_REQUESTS=1000 $(BIN)/pytest -q -s -m long tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install lint
	DJANGO_DEBUG=true $(PY) manage.py check --fail-level WARNING
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/messages.py check

messages: $(STAMP)
	$(PY) scripts/messages.py update

# The Nu Html Checker (vnu.jar, pinned in package.json) runs on Java; npm installs it.
java-deps:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Please install Java (default-jre-headless) for the HTML validity test."; exit 1; fi; }

npm-deps:
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	  else echo "Please install npm for the HTML validity test."; exit 1; fi; }

node_modules/.package-lock.json: package.json package-lock.json | npm-deps
	npm ci --no-audit --no-fund --loglevel=error

html-checker: java-deps node_modules/.package-lock.json

# The cluster (two app servers behind nginx, PostgreSQL and Redis of its own)
# needs Debian's nginx, wrk, PostgreSQL's server and Redis.
cluster-deps:
	@missing=""; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "The cluster tests are skipped without:$$missing (apt-get install them)."; fi; fi

cluster: install cluster-deps
	$(PY) scripts/cluster.py start

cluster-stop:
	$(PY) scripts/cluster.py stop

# The long runs: 60 s of load at 64 connections, and the faults.
reliability: install cluster-deps
	$(PY) scripts/reliability.py all --json bench-results/reliability.json

# One pytest worker per core (pytest-xdist), each with its own test database,
# browser and live server; a worker that is done takes tests from the other.
test: check browser-deps html-checker
	$(BIN)/pytest -m "not long" -n auto --dist worksteal

test-long: install browser-deps html-checker cluster-deps
	$(BIN)/pytest -m long

# Lighthouse's mobile performance audit (pinned apart from the suite's tools).
scripts/lighthouse/node_modules/.package-lock.json: scripts/lighthouse/package.json scripts/lighthouse/package-lock.json | npm-deps
	cd scripts/lighthouse && npm ci --no-audit --no-fund --loglevel=error

lighthouse: install browser-deps scripts/lighthouse/node_modules/.package-lock.json
	$(PY) scripts/lighthouse.py

bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "Please install wrk for the load test."; exit 1; fi; }
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .ruff_cache
