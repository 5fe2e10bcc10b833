# resbrief: `make` installs what is needed and converts every input/*.pdf into output/<name>/;
# `make test` runs the tests.  Other targets: clean, bench, bench-cluster, eval, eval-compare, ocr-eval, sample, fuzz, mutants, lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
CODE   := $(shell find pipeline templates -type f -not -path "*/__pycache__/*")
INPUTS := $(wildcard input/*.pdf)
DONE   := $(patsubst input/%.pdf,output/.done/%.json,$(INPUTS))
BENCH_DIR ?= $(if $(wildcard $(SHARED)/corpus/pdfs),$(SHARED)/corpus/pdfs,input)

.PHONY: all install test lint clean bench bench-session bench-cluster eval eval-compare ocr-eval sample fuzz mutants lock
.DELETE_ON_ERROR:

all: output/report.json

install: $(STAMP)

# Exact versions from requirements.lock (hashes checked), so every machine makes the same bytes.
$(STAMP): requirements.lock pyproject.toml tools/system-deps.sh
	sh tools/system-deps.sh --test
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Refreshes requirements.lock to the newest versions pyproject.toml allows; commit it with the outputs it makes.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check 'pip-tools>=7'
	$(BIN)/pip-compile --quiet --upgrade --extra test --strip-extras --generate-hashes \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# One target per input: rebuilt only when that PDF (or the code) changed.
output/.done/%.json: input/%.pdf $(STAMP) $(CODE)
	@mkdir -p output/.done
	$(BIN)/resbrief build "$<" -o output --report "$@" --no-collection

# The collection (index.html, mandates, calendar.ics, collection.json) once every pack is in place.
output/report.json: $(DONE)
	$(BIN)/resbrief report $(DONE) -o $@
	$(BIN)/resbrief collection output

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Two worker processes (pytest-xdist), each taking whole test files, so a file's module fixtures are built once;
# TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
test: lint
	$(BIN)/python -m pytest -q -rs --durations=25 $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

bench: $(STAMP)
	$(BIN)/resbrief bench $(BENCH_DIR)

# A session built as users build it (two jobs; JSON only, then full packs), each followed by a re-run with nothing
# changed, against pdfplumber's bare parse of the same PDFs timed in the same run; peak memory per process.
SESSION_DIR ?= $(SHARED)/corpus/session78/pdfs
bench-session: $(STAMP)
	$(BIN)/python -m pipeline.bench_session $(SESSION_DIR) --jobs 2 $(BENCH_SESSION_FLAGS)

# A session on a local Dask cluster of two workers and of one, against a local run: times and bytes compared.
bench-cluster: $(STAMP)
	$(BIN)/python tools/bench_cluster.py $(SESSION_DIR) -o build/cluster --formats $(or $(FORMATS),json)

# The annotation reference sets: ../shared/annotations (development) and tests/reference/annotations
# (our own, held out from tuning); the latter names corpus and session-78 PDFs.
REFSET := $(basename $(notdir $(wildcard tests/reference/annotations/truth/*.jsonl)))
REFSET78 := $(wildcard $(foreach s,$(REFSET),$(SHARED)/corpus/session78/pdfs/$(s)-EN.pdf))
eval: $(STAMP)
	rm -rf build/eval
	$(BIN)/resbrief build $(SHARED)/corpus/pdfs -o build/eval --formats json --jobs 2 || true
	$(BIN)/resbrief build $(REFSET78) -o build/eval/session78 --formats json --jobs 2 || true
	$(BIN)/resbrief eval build/eval $(SHARED)/corpus/truth
	$(BIN)/resbrief eval build/eval $(SHARED)/annotations
	$(BIN)/resbrief eval build/eval tests/reference/annotations

# Comparisons of the series pairs (both sides from their PDFs) against the gold alignment of the UN's XML.
eval-compare: $(STAMP)
	mkdir -p build
	$(BIN)/resbrief eval-compare $(SHARED)/corpus/series --json build/eval-compare.json

# OCR measured on documents whose answer is known: the corpus PDFs that have the UN's XML, rasterised at
# 300 dpi into image-only PDFs (build/ocr/pdfs, never committed), converted with OCR and scored.
OCR_MAX_PAGES ?= 8
OCR_SET ?= $(wildcard $(SHARED)/corpus/pdfs/S_RES_*.pdf $(SHARED)/corpus/pdfs/A_RES_7*.pdf $(SHARED)/corpus/pdfs/A_RES_8*.pdf)
ocr-eval: $(STAMP)
	$(BIN)/python tools/rasterise.py $(OCR_SET) -o build/ocr/pdfs --max-pages $(OCR_MAX_PAGES)
	rm -rf build/ocr/out
	$(BIN)/resbrief build build/ocr/pdfs -o build/ocr/out --formats json --jobs 2 || true
	$(BIN)/resbrief eval build/ocr/out $(SHARED)/corpus/truth --present
	$(BIN)/resbrief bench build/ocr/pdfs --formats json

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
