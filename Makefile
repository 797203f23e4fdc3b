# Two commands set everything up from nothing: `make demo` and `make test`.
# `make clean` removes .venv and every build output; .venv is also rebuilt by itself when it was
# made by another Python than $(PYTHON) (`make test PYTHON=python3.12`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit bench clean docs serve test-matrix

# Which interpreter this is: its cache tag and where it is installed. A venv answers the same as
# the Python that made it, so comparing the two tells whether .venv is $(PYTHON)'s.
PY_ID_CODE := import hashlib, sys; print(sys.implementation.cache_tag + "-" + hashlib.sha256(sys.base_prefix.encode()).hexdigest()[:12])
PY_ID := $(shell $(PYTHON) -c '$(PY_ID_CODE)')
MADE_BY := $(VENV)/.made-by-$(PY_ID)

$(MADE_BY):
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c '$(PY_ID_CODE)')" = "$(PY_ID)" ]; then \
		echo "$(VENV) is $(PYTHON)'s"; \
	else \
		echo "(re)building $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --upgrade pip; \
	fi
	rm -f $(VENV)/.made-by-*
	touch $@

$(VENV)/.installed: pyproject.toml $(MADE_BY)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP): pyproject.toml $(MADE_BY)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/python -m opentok_cli demo

lint: $(STAMP)
	$(BIN)/ruff check src tests tools examples
	$(BIN)/ruff format --check src tests tools examples
	$(BIN)/python tools/unasync.py --check
	$(BIN)/python tools/spec.py --check
	$(BIN)/python tools/defaults.py --check
	$(BIN)/python tools/rules.py --check
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

unit: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck unit

# The documentation site, built offline into site/ (open site/index.html from disk); any warning
# fails the build. `make serve`: the same on http://127.0.0.1:8000, rebuilt on every edit.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Outside `make test`: the suite on the oldest and newest supported Pythons found here, and once
# with the minimum versions of the runtime dependencies (tools/test_matrix.py; venvs in .matrix/).
test-matrix:
	$(PYTHON) tools/test_matrix.py $(MATRIX_ARGS)

# Benchmarks live in their own venv: the official SDKs are never our dependencies.
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed: pyproject.toml benchmarks/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e . -r benchmarks/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) .matrix .mypy_cache .pytest_cache .ruff_cache .hypothesis site
