# Two commands for a newcomer: `make run` and `make test`. Needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format bench audit clean install install-dev

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the requirement files change.
$(VENV)/.installed: $(VENV)/bin/activate requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "  Student site:  http://$(HOST):$(PORT)/"
	@echo "  Admin:         http://$(HOST):$(PORT)/admin/"
	@echo "  API docs:      http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "  Health:        http://$(HOST):$(PORT)/healthz"
	@echo "  Demo logins:   teacher / classroom-demo    student / classroom-demo"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@

# Needs PostgreSQL and Redis on 127.0.0.1 (see bench/run.py); writes bench/results/latest.md.
bench: $(VENV)/.installed-bench
	$(PY) bench/run.py

$(VENV)/.installed-audit: $(VENV)/.installed requirements-audit.txt
	$(PY) -m pip install --quiet -r requirements-audit.txt
	@touch $@

# bandit: no high-severity finding in the project's code; pip-audit: known vulnerabilities
# in the pinned requirements (it needs PyPI's JSON API or OSV on the network).
audit: $(VENV)/.installed-audit
	$(VENV)/bin/bandit -q -r classroom briefs quizzes config -x "*/migrations/*" --severity-level high
	$(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
