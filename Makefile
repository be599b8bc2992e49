# Everything the project needs is installed and started from here.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DATA ?= kg-data

NPM ?= npm

.PHONY: demo test test-slow eval install clean node-deps bench browser web-assets serve screenshots fuzz native typecheck

$(BIN)/kg: pyproject.toml setup.py
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

install: $(BIN)/kg

## The native form: the extraction stages and the graph builder compiled by mypyc into $(NATIVE) (setup.py says which).
## The checkout stays pure Python (what the tests and `pip install -e` import); put $(NATIVE) first on
## PYTHONPATH to run the compiled form, as `make bench` does: $(NATIVE_RUN) kg build ...
## tests/test_native.py checks that it gives the same statements. Rebuilt whenever a source changes.
NATIVE ?= .native
NATIVE_RUN := PYTHONPATH=$(abspath $(NATIVE))
$(NATIVE)/.built: $(BIN)/kg setup.py pyproject.toml $(shell find graph_builder -name '*.py' -not -path '*/__pycache__/*')
	@touch .native-build-started  # the build copies the sources as they are now: a source edited while it runs is newer
	rm -rf $(NATIVE) build
	GRAPH_BUILDER_MYPYC=1 $(BIN)/pip install -q --no-build-isolation --no-deps --target $(NATIVE) .
	rm -rf build
	@mv .native-build-started $@

native: $(NATIVE)/.built

## Build the graph from the example documents and print a few answers.
demo: install
	$(BIN)/kg build examples/docs --data $(DATA)/examples
	$(BIN)/kg query drugs_targeting -p gene=KDR --backend rdf --data $(DATA)/examples --format table
	$(BIN)/kg query responders_by_target -p gene=KDR -p response=PR --backend bolt --data $(DATA)/examples --format table
	$(BIN)/kg query treatments --data $(DATA)/examples --format table
	$(BIN)/kg eval --gold examples/expected --data $(DATA)/examples --backend rdf

## Neo4j's Cypher front end (npm) lints every Cypher statement the project ships.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v $(NPM) >/dev/null 2>&1; then $(NPM) ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: skipping npm ci (Cypher lint tests skip without node, fail without node_modules)"; fi

node-deps: node_modules/.package-lock.json

## Chromium and its driver from Debian's packages: the browser tests (tests/web) drive them headless.
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then chromium --version; \
	else $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium chromium-driver; fi

## The explorer's npm scripts copied into the package (for a wheel; a checkout serves them from node_modules).
WEB_VENDOR := graph_builder/web/static/vendor
web-assets: node-deps
	mkdir -p $(WEB_VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/vega/build/vega.min.js \
	   node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-embed/build/vega-embed.min.js $(WEB_VENDOR)/

## The web explorer over the examples, on loopback.
serve: install node-deps
	$(BIN)/kg build examples/docs --data $(DATA)/examples --no-bolt
	$(BIN)/kg serve --data $(DATA)/examples

## Screenshots of the explorer over the examples (docs/screenshots/*.png), taken with headless Chromium.
screenshots: install node-deps browser
	$(BIN)/kg build examples/docs --data $(DATA)/examples --no-bolt
	$(BIN)/python -m graph_builder.web.screenshots --data $(DATA)/examples --out docs/screenshots

test: install node-deps browser native typecheck
	$(BIN)/pytest

## The whole package passes mypy (the native form's modules must: mypyc compiles from their types).
typecheck: install
	$(BIN)/python -m mypy graph_builder

## The long fault trials (ten timed kill -9 of a whole build), deselected from `make test`.
test-slow: install
	$(BIN)/pytest -m slow

## Score extraction on the seeds, the dev abstracts, dev2 (needs ../shared) and the project's held-out texts.
eval: install
	@$(BIN)/kg build $(SHARED)/corpus/seeds --data $(DATA)/seeds --no-rdf --no-bolt --replace --rebuild 2>/dev/null
	@$(BIN)/kg eval --gold $(SHARED)/gold --data $(DATA)/seeds
	@$(BIN)/kg build $(SHARED)/corpus/dev --data $(DATA)/dev --no-rdf --no-bolt --replace --rebuild 2>/dev/null
	@$(BIN)/kg eval --gold $(SHARED)/gold/dev --data $(DATA)/dev
	@$(BIN)/kg build $(SHARED)/corpus/dev2 --data $(DATA)/dev2 --no-rdf --no-bolt --replace --rebuild 2>/dev/null
	@$(BIN)/kg eval --gold $(SHARED)/gold/dev2 --data $(DATA)/dev2
	@$(BIN)/kg build tests/heldout/docs --data $(DATA)/heldout --no-rdf --no-bolt --replace --rebuild 2>/dev/null
	@$(BIN)/kg eval --gold tests/heldout/expected --data $(DATA)/heldout

## Speed and memory (figures are ratios within one run; README carries the latest table).
BENCH_SIZES ?= 100,1000,10000,100000
BENCH_FLAGS ?=
bench: install native
	$(BIN)/pip install -q -e ".[bench]"
	$(NATIVE_RUN) $(BIN)/kg bench --shared $(abspath $(SHARED)) --sizes $(BENCH_SIZES) --out bench/results.json $(BENCH_FLAGS)

## Hostile input: FUZZ_COUNT seeded inputs (random bytes, broken XML, deep nesting, long runs...) through
## read and extract: 0 uncaught exceptions, 0 documents over the time budget (CI runs 300 in the test suite).
FUZZ_COUNT ?= 10000
FUZZ_SEED ?= 20240611
fuzz: install
	GRAPH_BUILDER_FUZZ_COUNT=$(FUZZ_COUNT) GRAPH_BUILDER_FUZZ_SEED=$(FUZZ_SEED) $(BIN)/pytest -q -s tests/test_fuzz.py -k fuzzed

clean:
	rm -rf $(DATA) .pytest_cache $(NATIVE)
