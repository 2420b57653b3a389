# Two commands set everything up on a fresh machine:
#   make app   - start the review app (Voila) on the bundled example
#   make test  - run the tests
# Each creates .venv and installs pqassist with every extra (app, batch, fetch, train, test)
# when missing; `make` alone only installs. `make wheel` builds the wheel and sdist into dist/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

EXTRAS := app,batch,fetch,train,test

.PHONY: install app lab test bench wheel clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/pqassist app

lab: $(STAMP)
	$(BIN)/pqassist app --lab

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

# (byte-compiling on: with PYTHONDONTWRITEBYTECODE set, setuptools warns that it skips it)
wheel: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
