# Two entry points on a fresh machine: `make serve` and `make test`. Each target is one line.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: serve test check build lock bench list clean

$(STAMP): pyproject.toml constraints.txt
	rm -f $(VENV)/.installed-* && python3 -m venv $(VENV) && $(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]' && touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

test: $(STAMP)
	scripts/ensure-chromium && $(BIN)/ruff check src tests benchmarks && $(BIN)/mypy --strict src && $(BIN)/pytest

check: $(STAMP)
	$(BIN)/llmreads check

build: $(STAMP)
	$(BIN)/mkdocs build --strict

list: $(STAMP)
	$(BIN)/llmreads export markdown --out READING_LIST.md

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^llmreads' > constraints.txt

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
