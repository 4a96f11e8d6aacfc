# Paperspace container-registries toolkit. `make help` lists the targets.
# Every target installs what it needs on first use: a fresh clone needs only
# python3 (3.11+), make, and npm for the OpenAPI linter.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_DIR := scripts/openapi-lint
REDOCLY := $(LINT_DIR)/node_modules/.bin/redocly
SOURCES := api_spec contract_tests mock_server reference_server scripts tests generated
# The project's own modules, byte-compiled before a run for the same reason (quick when done).
COMPILE = $(BIN)/python -m compileall -q -j 0 $(SOURCES)
# `make mock`'s port (0: a free one, which it prints).
PORT ?= 8000
# Tests run on every core, and one more: most of them wait on servers they start.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
# Byte-compiled at install: where PYTHONDONTWRITEBYTECODE is set, every process would otherwise
# compile every module it imports (seconds per process, in tests that start hundreds).
export UV_COMPILE_BYTECODE := 1
export UV_NO_CACHE_WRITE_WARNING := 1
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

.PHONY: help install generate check-generated docs lint lint-spec test mock conformance bench bench-faults soak clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock generated/pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(STAMP) ## Create .venv with the pinned dependencies (uv.lock) and .venv/bin/contract-tests

$(REDOCLY): $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	cd $(LINT_DIR) && npm ci --silent --no-audit --no-fund
	@touch $@

generate: $(STAMP) ## Regenerate the vendored client in generated/ from openapi.yaml
	$(BIN)/python scripts/generate_client.py

check-generated: $(STAMP) ## Fail, naming the files, if generated/ is not what openapi.yaml produces
	$(BIN)/python scripts/generate_client.py --check

docs: $(STAMP) ## Rewrite the doc tables read off the code (checks, faults, provider rules)
	$(BIN)/python scripts/render_docs.py

lint-spec: $(REDOCLY) ## Lint openapi.yaml with Redocly CLI's recommended-strict rules
	$(REDOCLY) lint openapi.yaml --format=stylish

lint: $(STAMP) lint-spec ## ruff, mypy --strict (our code and generated/), the OpenAPI linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	cd generated && ../$(BIN)/mypy --strict --no-incremental paperspace_client

test: $(STAMP) check-generated ## Run the test suite (includes the drift check), on every core
	bash scripts/system-packages.sh
	@$(COMPILE)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=10

mock: $(STAMP) ## Serve the mock API on 127.0.0.1:8000 (PORT=N another, 0 a free one; ARGS="--fault NAME ...")
	$(BIN)/python -m mock_server --host 127.0.0.1 --port $(PORT) $(ARGS)

conformance: $(STAMP) ## Run the contract suite: against the bundled mock, or BASE_URL=URL [ALLOW_WRITES=1]
	@$(COMPILE)
	BASE_URL="$(BASE_URL)" ALLOW_WRITES="$(ALLOW_WRITES)" $(BIN)/python scripts/conformance.py $(ARGS)

bench: $(STAMP) ## Measure suite vs schemathesis, a write run's requests, client, mock, generate (bench-results.json)
	@$(COMPILE)
	$(BIN)/python scripts/bench.py $(ARGS)

bench-faults: $(STAMP) ## make bench, the fault catalogue against both tools and make test's time; writes docs/performance.md (long)
	@$(COMPILE)
	$(BIN)/python scripts/bench.py --faults --make-test --page docs/performance.md $(ARGS)

soak: $(STAMP) ## The suite over many seeds: correct servers must pass, each fault fail its check (long)
	@$(COMPILE)
	$(BIN)/python scripts/soak.py $(ARGS)

clean: ## Remove the environments and caches
	rm -rf $(VENV) $(TOOLS) $(LINT_DIR)/node_modules .mypy_cache .ruff_cache .pytest_cache .hypothesis
