# Everything a fresh machine needs: `make run` opens the desk, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
RUN_LOCK := requirements/run.lock
DEV_LOCK := requirements/dev.lock
# pip-compile, in a venv of its own so it never enters the project's
LOCK_VENV ?= .venv-lock
LOCK_TOOLS := pip==26.3 pip-tools==7.6.2
# `make lock LOCK_ARGS=--upgrade` moves every transitive pin to its newest release
LOCK_ARGS ?=
PIP_COMPILE = CUSTOM_COMPILE_COMMAND='make lock  (Python 3.11, Linux x86_64)' \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --build-deps-for editable $(LOCK_ARGS) pyproject.toml

.PHONY: run test lint bench package lock clean

# Both targets share one environment: every package pinned, with its hashes, by
# requirements/dev.lock (the runtime and the `dev` extra), then claimdesk itself, editable,
# with nothing resolved at install time. A change to the lock or to pyproject.toml
# reinstalls; `make lock` rewrites the locks after a pin in pyproject.toml changes.
$(STAMP): pyproject.toml $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip check
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
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

# Keeps each pin already in the locks that pyproject.toml still allows; tests/packaging/
# test_lock.py fails while a lock disagrees with pyproject.toml.
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(LOCK_TOOLS)
	$(PIP_COMPILE) --output-file $(RUN_LOCK)
	$(PIP_COMPILE) --extra dev --output-file $(DEV_LOCK)

clean:
	rm -rf $(VENV) $(LOCK_VENV) build dist *.egg-info
