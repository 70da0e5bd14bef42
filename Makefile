# Prongsai: `make run` sets everything up and serves the app; `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PRONGSAI := $(VENV)/bin/prongsai
DATA_DIR ?= $(CURDIR)/var
export PRONGSAI_DATA_DIR := $(DATA_DIR)

.PHONY: run test setup setup-dev messages lint clean

run: setup messages
	mkdir -p $(DATA_DIR)
	PRONGSAI_DEBUG=1 $(PRONGSAI) migrate --noinput
	PRONGSAI_DEBUG=1 $(PRONGSAI) demo
	# Background jobs: a worker and the scheduler beside the web server (the queue is a SQLite
	# file in the data directory), both stopped when the web server stops.
	export PRONGSAI_DEBUG=1; \
	$(PRONGSAI) worker --concurrency 2 & worker=$$!; \
	$(PRONGSAI) scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait' EXIT INT TERM; \
	$(PRONGSAI) runserver 127.0.0.1:8000

test: setup-dev messages
	mkdir -p $(DATA_DIR)
	scripts/test.sh

# The virtual environment is rebuilt only when a requirements file or pyproject changes.
$(VENV)/.stamp-run: requirements.txt pyproject.toml
	scripts/system-deps.sh run
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.txt
	scripts/system-deps.sh test
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# axe-core (pinned in package-lock.json): the browser tests run it on every page they visit.
node_modules/.stamp: package.json package-lock.json $(VENV)/.stamp-dev
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.stamp-run
setup-dev: $(VENV)/.stamp-dev node_modules/.stamp

messages: setup
	cd src/prongsai && PRONGSAI_DEBUG=1 ../../$(PY) -m django compilemessages -v 0 --settings=prongsai.settings

lint: setup-dev
	$(VENV)/bin/ruff check src bench
	$(VENV)/bin/ruff format --check src bench

clean:
	rm -rf $(VENV) var node_modules
