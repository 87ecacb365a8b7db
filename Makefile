# Sahkar Setu. `make run` starts the local stack; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AWS_PORT ?= 4566
API_PORT ?= 8000
export AWS_PORT API_PORT

.PHONY: run test lint bench fuzz reset clean sms

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m stack.run

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) -m bench.run

fuzz: $(STAMP)
	$(PY) -m stack.fuzz

sms: $(STAMP)
	$(PY) -m stack.sms $(MOBILE)

reset:
	rm -rf .local

clean: reset
	rm -rf $(VENV) .pytest_cache bench/results.json
