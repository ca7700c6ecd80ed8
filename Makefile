# The two commands of the README's quick start, and the checks CI runs.
.PHONY: demo test lint setup release crosscheck

FIXTURES := fixtures/datacenter
PATCHBAY := .build/debug/patchbay

setup:
	@scripts/setup

## Plan the shipped data centre's batch: the plan on standard output, the summary on standard error.
demo: setup
	@swift build --product patchbay -q
	$(PATCHBAY) allocate --inventory $(FIXTURES)/inventory.json --requests $(FIXTURES)/requests.json

## Run the whole test suite.
test: setup
	swift test

lint:
	swift format lint --strict --recursive Sources Tests

release: setup
	swift build -c release --product patchbay

## Compare the allocator's optimum with OR-Tools CP-SAT on N random instances (default 1000).
N ?= 1000
crosscheck: release
	python3 Tests/CrossCheck/crosscheck.py $(N) --seed 1
