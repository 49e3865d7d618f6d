# danvan — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install migrate demo lint check messages clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_units
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)
	@# The job consumer (Huey, SQLite queue under var/) runs beside the server and stops with it.
	$(PY) manage.py run_huey --quiet & consumer=$$!; trap "kill $$consumer 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) -m pytest -n 2 -q

lint: install
	$(VENV)/bin/ruff check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Vietnamese is the source language; only the English catalogue needs translating.
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore='*/tests/*' --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv

# A quick pass on a separate SQLite file (never the development database); full-size runs and the
# PostgreSQL commands are in docs/benchmarks.md.
BENCH_DB ?= sqlite:///$(CURDIR)/var/bench.sqlite3
bench: install
	DATABASE_URL=$(BENCH_DB) $(PY) bench/bench_units.py
	DATABASE_URL=$(BENCH_DB) $(PY) bench/report.py --scale 0.02 --runs 5

clean:
	rm -rf var/*.sqlite3* var/static

# Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium; `.ci/browser.sh` installs it).
test-browser: install
	DJANGO_SETTINGS_MODULE=config.settings_browser DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -p no:xdist -m browser

# The committed OpenAPI schema (issue 11): regenerate after a deliberate API change; .ci/api.sh checks it.
api-schema: install
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

api-fuzz: install
	bash .ci/api.sh
