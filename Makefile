# Minga: the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DEMO ?= $(VENV)/demo.minga

.PHONY: run test lint typecheck pytest bench i18n package clean demo install-linux

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

$(DEMO): | $(STAMP)
	$(BIN)/minga demo $(DEMO) --households 120 --years 3 --seed 1

demo: $(STAMP) $(DEMO)

run: $(STAMP) $(DEMO)
	$(BIN)/minga gui $(DEMO)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

i18n: $(DEV_STAMP)
	$(BIN)/python -m i18n.tools update

# The frozen one-folder build in dist/minga, then its smoke test (demo, PDF report, upgrade,
# the window headless), which also prints the package size and the start-up time.
package: $(DEV_STAMP)
	@start=$$(date +%s); \
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN packaging/minga.spec && \
	echo "build took $$(( $$(date +%s) - start )) s"
	$(BIN)/python packaging/smoke_test.py dist/minga

install-linux: package
	sh packaging/linux/install.sh dist/minga

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
