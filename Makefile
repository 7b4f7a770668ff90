PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=

.PHONY: run test bench docs clean clean-cache

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install -q -e '.[report]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/dualpower run --seed 1917 --out results/petrograd-1917 $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q $(ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q -e '.[bench]'
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

docs: $(VENV)/.installed
	$(BIN)/python -m dualpower.models.dual_power.odd docs/ODD.md

clean-cache:
	find src -path '*/__pycache__/*' \( -name '*.nbi' -o -name '*.nbc' \) -delete

clean: clean-cache
	rm -rf $(VENV) results .pytest_cache
