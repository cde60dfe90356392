# kerjasama-study — the two commands are `make reports` and `make test`; `make help` lists the rest.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Offline reference mirror (third-party boundary/population files): ../shared/reference when it exists.
SHARED_MIRROR := $(abspath ../shared/reference)
ifneq ($(wildcard $(SHARED_MIRROR)/SHA256SUMS),)
export KERJASAMA_REFERENCE_MIRROR ?= $(SHARED_MIRROR)
endif
export PYTHONHASHSEED ?= 0

.DEFAULT_GOAL := help
.PHONY: help env reports data test test-fast lint lab bench status lock clean-outputs

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kerjasama)" >/dev/null
	@touch $(STAMP)

env: $(STAMP) ## create .venv from the pinned lock file (no conda needed)

data: $(STAMP) ## clean data/raw into data/processed
	$(BIN)/kerjasama clean

reports: $(STAMP) ## clean and code data/raw, then write every report into reports/
	$(BIN)/kerjasama build

status: $(STAMP) ## which build steps are up to date or stale, and why (runs nothing)
	$(BIN)/kerjasama status

test: $(STAMP) ## the whole test suite (pytest, doctests, notebooks with nbval)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## tests and doctests without the slow ones (no report builds, no notebooks)
	$(BIN)/python -m pytest -m "not slow" tests src/kerjasama_study

lint: $(STAMP) ## ruff check of the package, tests, benchmarks, scripts and notebooks (settings in pyproject.toml)
	$(BIN)/ruff check .

lab: $(STAMP) ## open JupyterLab in notebooks/ with the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## speed and memory benchmarks of clean, code and the report build (writes benchmarks/results/)
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_code.py
	$(BIN)/python benchmarks/bench_build.py

lock: ## re-resolve the dependencies of pyproject.toml into requirements.lock (needs the package index)
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	( echo "# Pinned environment of kerjasama-study; regenerate with 'make lock'. Python $$(.lockenv/bin/python -c 'import platform;print(platform.python_version())')"; \
	  .lockenv/bin/python -m pip freeze --exclude kerjasama-study ) > requirements.lock
	rm -rf .lockenv

clean-outputs: ## delete generated data, reports and the build cache (rebuilt by `make reports`)
	rm -rf data/processed reports .kerjasama-cache
