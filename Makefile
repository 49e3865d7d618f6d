# danvan — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install migrate demo lint check messages clean bench bench-pages

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

# Page benchmark (issue 16): gunicorn + PostgreSQL + Redis on the benchmark database; see docs/performance.md.
BENCH_PAGES_DB ?= postgres://postgres@127.0.0.1:5432/danvan_perf_bench
BENCH_PAGES_REDIS ?= redis://127.0.0.1:6379/11
bench-pages: install
	$(PY) bench/pages.py --database $(BENCH_PAGES_DB) --redis $(BENCH_PAGES_REDIS) --markdown var/bench-pages.md
