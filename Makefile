# The README's two commands are `make serve` and `make test`; both bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARTIFACTS ?= artifacts/sample

.PHONY: install serve test bench artifacts report screenshots clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(ARTIFACTS)/manifest.json: | $(STAMP)
	$(BIN)/movierec etl --out $(ARTIFACTS)

$(ARTIFACTS)/model/meta.json: $(ARTIFACTS)/manifest.json
	$(BIN)/movierec train --artifacts $(ARTIFACTS)

artifacts: $(ARTIFACTS)/model/meta.json

serve: $(STAMP) artifacts
	$(BIN)/movierec serve --artifacts $(ARTIFACTS)

test: $(STAMP) artifacts
	$(BIN)/python -m pytest

bench: $(STAMP) artifacts
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m benchmarks

report: $(STAMP) artifacts
	$(BIN)/movierec report --artifacts $(ARTIFACTS)

screenshots: report
	$(BIN)/python scripts/screenshots.py --out docs --artifacts $(ARTIFACTS)

clean:
	rm -rf $(VENV) artifacts .pytest_cache
