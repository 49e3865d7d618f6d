# danvan — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install migrate demo lint check messages clean bench python-check bench-pages lock

# Python 3.11+ is checked before anything is installed; a virtual environment whose interpreter no
# longer runs (deleted or upgraded system Python, an interrupted first install) is rebuilt.
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "danvan needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." >&2; \
	  echo "Install it (e.g. apt install python3.11-venv) and run: make PYTHON=python3.11 run" >&2; exit 1; }

# A venv marked installed whose interpreter no longer runs is installed again.
ifneq ($(wildcard $(VENV)/.installed),)
ifneq ($(shell $(PY) -c 'import sys; print(sys.version_info >= (3, 11))' 2>/dev/null),True)
$(shell rm -f $(VENV)/.installed)
endif
endif

# Installed from the hash-pinned lock (requirements.lock, generated from requirements*.txt by `make lock`):
# pip refuses any file whose hash differs from the one recorded (docs/SECURITY.md).
$(VENV)/.installed: requirements.txt requirements-dev.txt requirements.lock | python-check
	@if [ -e $(VENV) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then \
	  echo "Rebuilding $(VENV): its Python is missing, broken or older than 3.11."; rm -rf $(VENV); fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements.lock || { rm -f $@; \
	  echo "Installing the requirements failed; the next make retries." >&2; exit 1; }
	touch $@

install: $(VENV)/.installed

# Regenerate the lock after changing a pin in requirements*.txt (needs uv: `pipx install uv` or `pip install uv`
# in a venv of its own). Every platform's wheels are hashed; Python 3.11.5 is the oldest the pins allow.
UV ?= uv
lock:
	$(UV) pip compile requirements-dev.txt --universal --python-version 3.11.5 --generate-hashes \
		--custom-compile-command "make lock" --quiet -o requirements.lock

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

# Back to a fresh clone: the database, collected static files and the virtual environment.
clean:
	rm -rf var/*.sqlite3* var/static $(VENV)

# Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium; `.ci/browser.sh` installs it).
test-browser: install
	DJANGO_SETTINGS_MODULE=config.settings_browser DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -p no:xdist -m browser

# Annual report (issue 12): the LibreOffice rendering check of CI, and the sample pages of docs/annual.md.
.PHONY: annual-check annual-samples bench-annual
annual-check: install
	.ci/annual.sh
annual-samples: install
	.ci/annual_samples.sh
bench-annual: install
	DATABASE_URL=$(BENCH_DB) $(PY) bench/annual.py --scale 0.1 --runs 7

# The committed OpenAPI schema (issue 11): regenerate after a deliberate API change; .ci/api.sh checks it.
api-schema: install
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

api-fuzz: install
	bash .ci/api.sh
# The same with schemathesis' coverage phase (boundary/invalid values, unexpected methods): ~20 min.
api-fuzz-full: install
	FUZZ_COVERAGE=1 FUZZ_EXAMPLES=1 FUZZ_TIMEOUT=3600 bash .ci/api.sh
# Page benchmark (issue 16): gunicorn + PostgreSQL + Redis on the benchmark database; see docs/performance.md.
BENCH_PAGES_DB ?= postgres://postgres@127.0.0.1:5432/danvan_perf_bench
BENCH_PAGES_REDIS ?= redis://127.0.0.1:6379/11
# BENCH_PAGES_ARGS=--no-page-cache measures what each page costs to render (every request runs its view).
BENCH_PAGES_ARGS ?=
bench-pages: install
	$(PY) bench/pages.py --database $(BENCH_PAGES_DB) --redis $(BENCH_PAGES_REDIS) --markdown var/bench-pages.md $(BENCH_PAGES_ARGS)

# Fault drill (issue 13): app server and job consumer killed mid-import and mid-approval, PostgreSQL connections
# terminated, a throw-away Redis killed, MEDIA_ROOT's tmpfs filled; see docs/operations.md. FAULTS_ARGS=--short
# is the CI form.
.PHONY: faults bench-load hostile-full
faults: install
	$(PY) bench/faults.py $(FAULTS_ARGS)

# The year-end peak (locust, headless, loopback, bounded): docs/benchmarks.md. LOAD_ARGS="--duration 600
# --database-url postgres://…/NAME" for the full data set.
bench-load: install
	VENV=$(VENV) $(PY) bench/load/run.py $(LOAD_ARGS)

# The long form of the hostile-input sweep (every value set on every form and API write; about a minute).
hostile-full: install
	HOSTILE_SWEEP=full DJANGO_SETTINGS_MODULE=config.settings_test $(PY) -m pytest -p no:xdist -q \
		danvan/core/tests/test_hostile_sweep.py
