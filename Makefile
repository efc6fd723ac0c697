# Two entry points on a fresh machine: `make serve` and `make test`. Each target is one line.
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
# Serving needs llmreads and MkDocs only; the test extras (Playwright, mypy, ruff, Zensical) come with `make test`.
SERVE := $(VENV)/.serve-$(HASH)
STAMP := $(VENV)/.installed-$(HASH)

.PHONY: serve test check build lock bench mutation list clean

$(SERVE): pyproject.toml constraints.txt
	rm -f $(VENV)/.serve-* && python3 -m venv $(VENV) && $(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e . && touch $@

$(STAMP): pyproject.toml constraints.txt
	rm -f $(VENV)/.installed-* && python3 -m venv $(VENV) && $(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]' && touch $@

serve: $(SERVE)
	$(BIN)/mkdocs serve --dirty --livereload

test: $(STAMP)
	scripts/ensure-chromium && $(BIN)/ruff check src tests benchmarks && $(BIN)/mypy --strict src && $(BIN)/pytest

check: $(SERVE)
	$(BIN)/llmreads check

build: $(SERVE)
	$(BIN)/mkdocs build --strict

list: $(SERVE)
	$(BIN)/llmreads export markdown --out READING_LIST.md

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^llmreads' > constraints.txt

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

mutation: $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[mutation]' && $(BIN)/python benchmarks/mutation.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
