# The README's two commands are `make serve` and `make test`; both bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARTIFACTS ?= artifacts/sample
REPORT := reports/eda.html

.PHONY: install tools serve test bench artifacts report screenshots clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# artifacts are rebuilt when the sample or the code of the stage that makes them changes
# (the catalog index the ETL writes also depends on how texts are packed and on the Spanish names it stores)
$(ARTIFACTS)/manifest.json: $(wildcard data/sample/*) $(wildcard src/movierec/etl/*.py) src/movierec/packed.py \
		src/movierec/spanish.py | $(STAMP)
	$(BIN)/movierec etl --out $(ARTIFACTS)

$(ARTIFACTS)/model/meta.json: $(ARTIFACTS)/manifest.json $(wildcard src/movierec/recommend/*.py)
	$(BIN)/movierec train --artifacts $(ARTIFACTS)

artifacts: $(ARTIFACTS)/model/meta.json

# the page links to /reporte: `make serve` builds it too (only when the data or its code changed)
$(REPORT): $(ARTIFACTS)/manifest.json $(wildcard src/movierec/report/*.py)
	$(BIN)/movierec report --artifacts $(ARTIFACTS) --out $(REPORT)

serve: $(STAMP) artifacts $(REPORT)
	$(BIN)/movierec serve --artifacts $(ARTIFACTS)

# Debian packages the tests and benchmarks drive: a real browser and the HTTP load generator.
# Installed as root, or through sudo when present; otherwise a message says what to install.
DEBIAN_TOOLS := chromium fonts-liberation fonts-dejavu-core wrk
tools:
	@command -v chromium >/dev/null && command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then AS_ROOT=; \
		elif command -v sudo >/dev/null; then AS_ROOT=sudo; \
		else echo "Faltan chromium y/o wrk. Instálelos como administrador:" \
			"apt-get install -y $(DEBIAN_TOOLS)" >&2; exit 1; fi; \
		$$AS_ROOT apt-get update -qq && \
		$$AS_ROOT env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TOOLS); }

test: $(STAMP) artifacts tools
	$(BIN)/python -m pytest

bench: $(STAMP) artifacts tools
	$(BIN)/python -m benchmarks

report: $(STAMP) artifacts
	$(BIN)/movierec report --artifacts $(ARTIFACTS) --out $(REPORT)

screenshots: report tools
	$(BIN)/python -m scripts.screenshots --out docs --artifacts $(ARTIFACTS)

clean:
	rm -rf $(VENV) artifacts .pytest_cache
