# claimcheck: `make run` and `make test` do all the set-up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
STORE ?= .claimcheck
PORT ?= 8501

.PHONY: install run demo test lint bench train clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[test,llm]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/claimcheck --store $(STORE) ingest data/demo/sources

run: demo
	$(VENV)/bin/claimcheck --store $(STORE) ui --port $(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check ingest checker ui tests bench scripts

train: install
	$(PY) scripts/train_checkworthy.py
	$(PY) scripts/train_verifier.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
