# The two commands of the README's quick start, and the checks CI runs.
.PHONY: demo test lint docs setup release crosscheck benchmarks first-fit benchmarks-test scale \
  fuzz fuzz-ci postgres-start postgres-stop serve schemathesis capacity-report loa-example instructions \
  instructions-baseline

FIXTURES := fixtures/datacenter
PATCHBAY := .build/debug/patchbay

setup:
	@scripts/setup

## Plan the shipped data centre's batch: the plan on standard output, the summary on standard error.
demo: setup
	@swift build --product patchbay -q
	$(PATCHBAY) allocate --inventory $(FIXTURES)/inventory.json --requests $(FIXTURES)/requests.json

## The capacity page (docs/CAPACITY.md, "HTML") of the shipped data centre after its batch, and of
## a generated one of 1,000 access points, screenshot by headless Chromium (Debian's, which
## scripts/setup installs) into docs/capacity-report*.png; the pages stay in .build/capacity-report.
capacity-report: setup
	@swift build --product patchbay -q
	@scripts/capacity-report

## The Letter of Authorization of the shipped example (docs/PROVISIONING.md, "The LOA document"):
## the shipped request applied for, its LOA filed and approved on a new database of the shipped
## data centre; the document's JSON, HTML and PDF in .build/loa-example, and the page screenshot
## by headless Chromium (Debian's, which scripts/setup installs) into docs/loa.png.
loa-example: setup
	@swift build --product patchbay -q
	@scripts/loa-example

## The HTTP API (docs/SERVER.md) on the shipped data centre, on 127.0.0.1:8080 (LISTEN=HOST:PORT):
## an SQLite database and a tokens file made once in .build/serve, the operator's and customer
## 1001's tokens in .build/serve/*.token for the README's curl session. Ctrl-C stops it.
serve: setup
	@scripts/serve-demo

## schemathesis (PyPI) against a server started on a new database of the shipped data centre:
## no 5xx, every answer as openapi.json says, a clean stop on SIGTERM (scripts/schemathesis-served).
schemathesis: setup
	@scripts/schemathesis-served

## Run the whole test suite, on a throwaway PostgreSQL cluster that is started first (in a new
## temporary folder, on a free port of 127.0.0.1; Debian's postgresql is installed when missing)
## and stopped afterwards whatever happens, Ctrl-C included. Exits with swift test's status.
test: setup
	scripts/postgres-test-cluster run swift test

## Keep a test cluster running (in PG_DIR) to run single suites against it: prints the lines to
## give the shell, as in eval "$$(make -s postgres-start)", then swift test --filter NAME.
## make postgres-stop stops it and removes PG_DIR.
PG_DIR ?= /tmp/patchbay-postgres-$(shell id -u)
postgres-start:
	@url=$$(scripts/postgres-test-cluster start "$(PG_DIR)") && \
	  echo "export PATCHBAY_TEST_POSTGRES_URL=$$url" && \
	  echo "export PATCHBAY_TEST_POSTGRES_DIR=$(PG_DIR)"

postgres-stop:
	@scripts/postgres-test-cluster stop "$(PG_DIR)"

lint:
	swift format lint --strict --recursive Sources Tests \
	  Benchmarks/Package.swift Benchmarks/Sources Benchmarks/Benchmarks Benchmarks/Tests \
	  Fuzz/Package.swift Fuzz/Sources

## The documentation (DocC) of Patchbay and PatchbayStore, with the catalogs' articles, as one
## static site in .build/docs (serve it: python3 -m http.server -d .build/docs 8000, then open
## http://localhost:8000/documentation/patchbay). Fails on any DocC warning (a link that does not
## resolve, an undocumented parameter) and on any public symbol without a doc comment, listing
## each with its file (scripts/doc-coverage.py reads the symbol graphs DocC was given).
DOCS := .build/docs
docs: setup
	@mkdir -p .build && touch .build/docs-started
	@status=0; \
	swift package --allow-writing-to-directory $(DOCS) generate-documentation \
	  --target Patchbay --target PatchbayStore --target PatchbayServer --enable-experimental-combined-documentation \
	  --warnings-as-errors --output-path $(DOCS) || status=1; \
	python3 scripts/doc-coverage.py --since .build/docs-started Patchbay PatchbayStore PatchbayServer || status=1; \
	exit $$status

## The release build of patchbay and of patchbay-probe (the instruction-count gate's probe of
## LiveInventory.place). The Swift runtime is linked statically: valgrind 3.19 cannot run the
## toolchain's shared libraries (make instructions), and every target that builds the release
## patchbay uses these same flags, so that no build undoes another's.
RELEASE := swift build -c release --static-swift-stdlib
release: setup
	$(RELEASE) --product patchbay
	$(RELEASE) --product patchbay-probe

## Compare the allocator's optimum with OR-Tools CP-SAT on N random instances (default 1000).
N ?= 1000
crosscheck: release
	python3 Tests/CrossCheck/crosscheck.py $(N) --seed 1

## Run every benchmark (the nested package Benchmarks/, ordo-one/benchmark), release build:
## about 8 minutes on 2 cores from a fresh clone, 4.5 once built. BENCH_ARGS passes options to
## the plugin, such as BENCH_ARGS="--target Allocate" or BENCH_ARGS="--filter 'allocate.*'".
BENCH_ARGS ?=
benchmarks: setup
	swift package --package-path Benchmarks benchmark --no-progress $(BENCH_ARGS)

## `patchbay serve` under load on loopback (BENCHMARKS.md, "The HTTP API under load"): release
## builds of patchbay and of Benchmarks' patchbay-load, then SQLite with one instance and
## PostgreSQL with one and two, each with 1, 16 and 64 concurrent clients (LOAD_CLIENTS),
## LOAD_APPROVALS approvals and LOAD_READS GETs per client count. PostgreSQL is a throwaway
## cluster per configuration, or LOAD_POSTGRES_URL (a role with CREATEDB). Each configuration's
## tables go to .build/load-test/; both tables, all configurations, are printed at the end.
## About 4 minutes once built.
LOAD_CLIENTS ?= 1,16,64
LOAD_APPROVALS ?= 2000
LOAD_READS ?= 10000
LOAD_POSTGRES_URL ?=
LOAD_OUT := .build/load-test
LOAD_RUN = Benchmarks/.build/release/patchbay-load --patchbay .build/release/patchbay \
  --clients $(LOAD_CLIENTS) --approvals $(LOAD_APPROVALS) --reads $(LOAD_READS)
LOAD_PG = --backend postgres $(if $(LOAD_POSTGRES_URL),--postgres-url $(LOAD_POSTGRES_URL))
.PHONY: load-test
load-test: setup
	$(RELEASE) --product patchbay
	swift build --package-path Benchmarks -c release --product patchbay-load
	@mkdir -p $(LOAD_OUT)
	$(LOAD_RUN) --backend sqlite --instances 1 >$(LOAD_OUT)/sqlite-1.md
	$(LOAD_RUN) $(LOAD_PG) --instances 1 --no-header >$(LOAD_OUT)/postgres-1.md
	$(LOAD_RUN) $(LOAD_PG) --instances 2 --no-header >$(LOAD_OUT)/postgres-2.md
	@cd $(LOAD_OUT) && echo && awk 'BEGIN { RS = "" } FNR == 1' sqlite-1.md postgres-1.md \
	  postgres-2.md && echo && awk 'BEGIN { RS = "" } FNR == 2' sqlite-1.md postgres-1.md \
	  postgres-2.md

## The first-fit baseline: Benchmarks/.build/release/patchbay-first-fit.
first-fit: setup
	swift build --package-path Benchmarks -c release --product patchbay-first-fit

## The baseline's own tests (its plans pass the plan checker; it never beats the allocator).
benchmarks-test: setup
	swift test --package-path Benchmarks

## The instruction-count gate (BENCHMARKS.md, "The instruction-count gate (issue 13)"):
## validate and allocate medium, allocate tight and LiveInventory.place, each once under
## callgrind, against Benchmarks/instructions-baseline.json. Prints a table; fails when a
## workload runs more than 5% more instructions than its baseline, and reports one 5% below it.
## About 1.5 minutes once built (2 at a time). INSTRUCTIONS_ARGS passes options to
## scripts/instructions.py, such as INSTRUCTIONS_ARGS="--workloads place-medium".
INSTRUCTIONS_ARGS ?=
instructions: release
	@python3 scripts/instructions.py $(INSTRUCTIONS_ARGS)

## Re-take the baseline of the instruction-count gate (rewrites
## Benchmarks/instructions-baseline.json); commit it with the reason in the message.
instructions-baseline: release
	@python3 scripts/instructions.py --update $(INSTRUCTIONS_ARGS)

## How patchbay allocate scales from small to huge (seed 1): writes docs/scale.svg and prints
## BENCHMARKS.md's scale table. A few minutes, most of it huge; the data centres are kept in
## /tmp/patchbay-scale. SCALE_ARGS passes options, such as SCALE_ARGS="--runs 3".
SCALE_ARGS ?=
scale: release
	python3 scripts/scale.py $(SCALE_ARGS)

## Coverage-guided fuzzing of every decoder and of the whole allocate pipeline (the nested
## package Fuzz/, libFuzzer with AddressSanitizer; README.md, "Fuzzing"): builds the fuzzers and
## runs each for FUZZ_SECONDS (default 60), on seeds from fixtures/. A crash, a hang (over 10 s
## for one input, 30 s in the pipeline) or more than 2 GB of memory is a finding: the run fails
## and says where the input is (Fuzz/.work/findings/) and how to replay it. FUZZ_TARGETS runs
## some fuzzers only, such as FUZZ_TARGETS="PlanFuzzer LOAFuzzer"; FUZZ_LENIENT=1 leaves out the
## checks of what issue 9 added to the contract (one line per problem in a message, no doubled
## JSON member).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run $(FUZZ_TARGETS)

## What .ci/run does: every fuzzer for FUZZ_CI_SECONDS (default 15), about 2.5 minutes with the
## build on 2 cores.
FUZZ_CI_SECONDS ?= 15
fuzz-ci: setup
	FUZZ_SECONDS=$(FUZZ_CI_SECONDS) Fuzz/run
