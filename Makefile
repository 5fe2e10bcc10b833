# resbrief: `make` installs what is needed and converts every input/*.pdf into output/<name>/;
# `make test` runs the tests.  Other targets: clean, bench, eval, sample, fuzz, mutants.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
CODE   := $(shell find pipeline templates -type f -not -path "*/__pycache__/*")
INPUTS := $(wildcard input/*.pdf)
DONE   := $(patsubst input/%.pdf,output/.done/%.json,$(INPUTS))
BENCH_DIR ?= $(if $(wildcard $(SHARED)/corpus/pdfs),$(SHARED)/corpus/pdfs,input)

.PHONY: all install test clean bench eval sample fuzz mutants
.DELETE_ON_ERROR:

all: output/report.json

install: $(STAMP)

$(STAMP): pyproject.toml tools/system-deps.sh
	sh tools/system-deps.sh --test
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# One target per input: rebuilt only when that PDF (or the code) changed.
output/.done/%.json: input/%.pdf $(STAMP) $(CODE)
	@mkdir -p output/.done
	$(BIN)/resbrief build "$<" -o output --report "$@"

output/report.json: $(DONE)
	$(BIN)/resbrief report $(DONE) -o $@

test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

bench: $(STAMP)
	$(BIN)/resbrief bench $(BENCH_DIR)

eval: $(STAMP)
	rm -rf build/eval
	$(BIN)/resbrief build $(SHARED)/corpus/pdfs -o build/eval --formats json --jobs 2 || true
	$(BIN)/resbrief eval build/eval $(SHARED)/corpus/truth

FUZZ_MINUTES ?= 10
fuzz: $(STAMP)
	$(BIN)/python tools/fuzz.py --minutes $(FUZZ_MINUTES)

# Deliberate small bugs, one at a time (tools/mutants.py): each must make a test fail.
mutants: $(STAMP)
	$(BIN)/python tools/mutants.py

sample: $(STAMP)
	$(BIN)/python tools/make_sample.py

clean:
	rm -rf output
	rm -rf build
