# Sahkar Setu. `make run` starts the local stack; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AWS_PORT ?= 4566
API_PORT ?= 8000
WEB_PORT ?= 8080
export AWS_PORT API_PORT WEB_PORT

.PHONY: run test lint bench fuzz reset clean sms package deploy

$(STAMP): requirements.txt requirements-dev.txt requirements-render.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The browser tests (tests/e2e/test_web.py) drive Debian's Chromium; installed here when missing.
CHROMEDRIVER := /usr/bin/chromedriver
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMEDRIVER):
	$(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null; }

run: $(STAMP)
	$(PY) -m stack.run

# The PDF text-layer tests (tests/unit/test_pdf_text.py) read PDFs with poppler's pdftotext too.
PDFTOTEXT := /usr/bin/pdftotext
$(PDFTOTEXT):
	$(SUDO) apt-get install -y -q poppler-utils >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q poppler-utils >/dev/null; }

test: $(STAMP) $(CHROMEDRIVER) $(PDFTOTEXT)
	$(PY) -m pytest -q -n 2 --dist loadfile

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

# AWS: `make package` builds dist/ (no AWS access); `make deploy STAGE=dev ARTIFACT_BUCKET=...` ships it.
# ONLY=<service> rebuilds that service's code alone. See docs/deploy.md.
STAGE ?= dev
REGION ?= ap-south-1
STACK ?= sahkar-$(STAGE)
ARTIFACT_PREFIX ?= sahkar-setu/functions

package: $(STAMP)
	$(PY) -m infra.package $(foreach s,$(ONLY),--only $(s)) $(if $(ONLY),--deployed dist/deployed-$(STAGE).json)
	$(VENV)/bin/cfn-lint dist/template.yaml

deploy: $(STAMP)
	@test -n "$(ARTIFACT_BUCKET)" || { echo "usage: make deploy STAGE=dev ARTIFACT_BUCKET=<bucket> [ONLY=<service>]"; exit 2; }
	mkdir -p dist
	$(if $(ONLY),aws cloudformation get-template --stack-name $(STACK) --region $(REGION) --output json > dist/deployed-$(STAGE).json)
	$(MAKE) package ONLY="$(ONLY)" STAGE=$(STAGE)
	aws s3 sync dist/artifacts s3://$(ARTIFACT_BUCKET)/$(ARTIFACT_PREFIX)/ --region $(REGION)
	aws s3 cp dist/template.yaml s3://$(ARTIFACT_BUCKET)/sahkar-setu/releases/$(STAGE)/$$(date -u +%Y%m%dT%H%M%SZ).yaml --region $(REGION)
	aws cloudformation deploy --template-file dist/template.yaml --stack-name $(STACK) --region $(REGION) \
		--s3-bucket $(ARTIFACT_BUCKET) --s3-prefix sahkar-setu/templates --capabilities CAPABILITY_IAM \
		--no-fail-on-empty-changeset --parameter-overrides Stage=$(STAGE) Region=$(REGION) \
		ArtifactBucket=$(ARTIFACT_BUCKET) ArtifactPrefix=$(ARTIFACT_PREFIX) $(PARAMS)
	aws cloudformation describe-stacks --stack-name $(STACK) --region $(REGION) --query "Stacks[0].Outputs" --output table
