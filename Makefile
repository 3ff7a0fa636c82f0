# Beijing Residential Maintenance Fund personal portal. `make help` lists every verb.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHONPATH := services/common:services/identity:services/registry:services/deposit:services/invoice:services/quickpay:services/notification:gateway:sandbox:protos/gen/python:dev:.
PROTOS := $(shell find protos/maintfund -name '*.proto' | sort)

.PHONY: bench-probe bench-hold help install system-packages browser-deps proto lint test test-fast migrate seed run rotate-keys demo-reset k8s-validate clean \
	broker-policy reconcile-copies year-end-statements dockerfiles \
	bench bench-quick reliability

help: ## list the verbs
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## create the virtualenv and install the pinned dependencies

proto: install ## regenerate protos/gen/python from protos/ (committed; a test fails when stale)
	rm -rf protos/gen/python && mkdir -p protos/gen/python
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=protos/gen/python --pyi_out=protos/gen/python \
		--grpc_python_out=protos/gen/python $(PROTOS)

dockerfiles: ## write every image's Dockerfile from the one template in scripts/dockerfiles.py (a test fails when stale)
	$(PY) scripts/dockerfiles.py

lint: install ## ruff (lint and format check) and the import rules of the service skeleton (import-linter)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

migrate: install ## apply every service's migrations (SQLite under var/, or MAINTFUND_DB=postgres)
	$(PY) scripts/devctl.py migrate

seed: migrate system-packages ## load the demo data of DESIGN §4.4
	$(PY) scripts/devctl.py seed

system-packages: ## install the Debian packages `make run` needs (a CJK font for receipt PDFs) if missing
	bash scripts/system-packages.sh run

# axe-core (npm, pinned by tests/browser/package-lock.json) for the accessibility browser test
tests/browser/node_modules/.installed: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@

browser-deps: tests/browser/node_modules/.installed ## the browser tests' npm packages (axe-core), by `npm ci`

run: install system-packages ## set up and start everything (services, sandbox, gateway) with the demo data; Ctrl-C stops
	$(PY) scripts/devctl.py run

rotate-keys: install ## re-encrypt all personal data under PII_ACTIVE_KEY_ID (after adding a key to PII_KEYS)
	$(PY) scripts/devctl.py rotate-keys

broker-policy: install ## at-least-once dead-lettering on the service queues of AMQP_URL's vhost (make run applies it)
	$(PY) scripts/devctl.py broker-policy

reconcile-copies: install ## compare each event-fed copy with its source over gRPC, repair, print what changed
	$(PY) scripts/devctl.py reconcile-copies

year-end-statements: install ## every house's 年度结存单 of a Beijing year (YEAR=2026; default the last), set-based
	$(PY) scripts/devctl.py year-end-statements

demo-reset: install system-packages ## put all demo data back to its initial state, running or not
	$(PY) scripts/devctl.py demo-reset

test: install browser-deps lint k8s-validate ## the whole suite against the machine's PostgreSQL, RabbitMQ and Redis
	$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-fast: install ## unit tests only (no servers)
	$(PY) -m pytest -p no:cacheprovider tests/unit

reliability: install ## long kill -9 runs (message path, money path), long Schemathesis, wapiti, IDOR probes, PII scan; figures
	@command -v wapiti >/dev/null 2>&1 || { echo "installing Debian's wapiti"; apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wapiti >/dev/null; }
	@rm -f var/reliability$${MAINTFUND_TEST_SLOT:-0}/summary.txt var/reliability$${MAINTFUND_TEST_SLOT:-0}/figures.jsonl; \
	start=$$(date +%s); \
	MAINTFUND_RELIABILITY=long $(PY) -m pytest -p no:cacheprovider -m reliability tests/reliability \
		tests/e2e/test_money_path_faults.py tests/e2e/test_openapi_schemathesis.py tests/e2e/test_zw_wapiti.py \
		tests/e2e/test_zy_idor.py tests/e2e/test_zz_pii_scan.py -q $(PYTEST_ARGS); rc=$$?; \
	echo "== reliability figures =="; cat var/reliability$${MAINTFUND_TEST_SLOT:-0}/summary.txt; \
	$(PY) -m tests.reliability.figures || rc=1; \
	echo "took $$(( $$(date +%s) - start ))s"; exit $$rc

k8s-validate: install ## build every kustomize overlay and validate it
	$(PY) deploy/k8s/validate.py --checkov

bench: install ## benchmark on a 1,000,000-house register (seeded once, then reused); figures into README.md
	$(PY) bench/run.py --readme $(BENCH_ARGS)

bench-quick: install ## a 1-3 minute benchmark on a 20,000-house register
	$(PY) bench/run.py --quick --houses 20000 $(BENCH_ARGS)

RATE ?= 100
bench-probe: install ## the mixed load at RATE req/s (default 100; RATE=100,150,200 runs each in turn) on the 20,000-house register: latency and queue time per hop
	$(PY) bench/run.py --houses 20000 --probe $(RATE) $(BENCH_ARGS)

bench-hold: install ## start the bench suite on the 20,000-house register and hold it for profiling (py-spy, bench/gateway_cpu.py) until Ctrl-C
	$(PY) bench/run.py --houses 20000 --hold $(BENCH_ARGS)

clean: ## remove local state (databases, logs)
	rm -rf var
