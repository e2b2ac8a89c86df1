# The two commands: `make run` (serve the portal with demo data) and `make test`.
# Everything else here is what those two need, skipped when already done.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-resilience bench system install messages lint check worker beat clean help

help:
	@echo "make run    install, migrate, load demo data and serve on http://$(HOST):$(PORT)/"
	@echo "make test   install and run the whole test suite in parallel (PostgreSQL and Redis started by the harness)"
	@echo "make test-resilience  the portal whole under load, outages, hostile input and a screen reader's checks (tests/resilience)"
	@echo "make bench  load the public pages with wrk against gunicorn on 20,000 ideas (README: Performance);"
	@echo "            make bench BENCH_SCALE=860 on 200,000 ideas and 1,000,000 comments (its own cluster)"
	@echo "make lint   ruff, makemigrations --check, check --deploy with production settings"
	@echo "make worker / make beat   Celery worker and beat against REDIS_URL"

system:
	@scripts/bootstrap-system.sh

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: system $(STAMP)

messages: install
	@$(PY) manage.py compilemessages --ignore=.venv -v 0

# Links in emails (and the Site the migration records) point where the portal runs.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo
	@echo ""
	@echo "  The portal:  http://$(HOST):$(PORT)/  (Arabic; /fr/ French, /en/ English)"
	@echo "  Emails are printed below (console backend). For real services, see README: Configuration."
	@echo "  Worker and beat against Redis: REDIS_URL=redis://127.0.0.1:6379/0 make worker / make beat"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite in parallel, one worker per core (pytest-xdist), each module's
# tests in one worker (its data is built once per module); PYTEST_ARGS come
# last and win: `make test PYTEST_ARGS="tests/core -n 0"` runs serially.
# Python's bytecode cache is written even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): from the second run on, each worker finds the
# test modules with their assertions already rewritten (5 s of CPU each),
# and each process the tests start (gunicorn, Celery, manage.py) the
# portal's modules compiled.
PYTEST_WORKERS ?= auto
test: messages
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --ignore=tests/resilience $(PYTEST_ARGS)

# The resilience tier (README: Reliability and security): gunicorn under
# load, PostgreSQL, Redis, SMTP and a Celery worker failing, hostile input
# on every form and parameter, axe-core in Chromium. Its own clusters and
# servers, loopback only, every loop bounded.
test-resilience: messages
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest tests/resilience -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# PostgreSQL (kept between runs, BENCH_DATA), Redis and gunicorn are started
# and stopped by bench/run.py; BENCH_SECONDS per URL (5), BENCH_STRICT=1 fails
# on a missed budget, BENCH_SCALE (86: 20,000 ideas) the size of the data, each
# size in a cluster of its own.
bench: messages
	$(PY) -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-$$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n') \
	  DJANGO_ALLOWED_HOSTS=gouvernement-ouvert.example $(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A ogp_portal worker -l info

beat: install
	$(VENV)/bin/celery -A ogp_portal beat -l info --schedule $(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
	find . -name '*.mo' -not -path './.venv/*' -delete
