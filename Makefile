# Everything a fresh machine needs: `make run` opens the desk, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: run test lint bench package clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@# bytecode for claimdesk itself: with PYTHONDONTWRITEBYTECODE=1 (set on some
	@# machines) Python would otherwise compile every module again at each start
	$(BIN)/python -m compileall -q claimdesk
	$(BIN)/claimdesk

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check claimdesk tests
	$(BIN)/ruff format --check claimdesk tests
	$(BIN)/lint-imports
	$(BIN)/mypy

package: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --distpath packaging/dist --workpath packaging/build packaging/claimdesk.spec

bench: $(STAMP)
	for b in tests/benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
