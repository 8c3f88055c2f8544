# Developer entry points. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BUILD := .build
COLLECTION_LINK := $(BUILD)/collections/ansible_collections/genesyscloud/routing
SANITY_ROOT := $(BUILD)/sanity/ansible_collections/genesyscloud/routing
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/genesyscloud-routing-$(VERSION).tar.gz
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(BUILD)/collections
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg

.PHONY: setup browser test unit integration reliability sanity lint install-test build demo soak bench clean

setup: $(VENV)/.installed $(COLLECTION_LINK)

# Rebuilt whenever the pinned requirements or the emulator's packaging change.
$(VENV)/.installed: requirements-dev.txt emulator/pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet -e emulator
	touch $@

# Development install: ansible finds the working tree itself through this link.
$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

unit: setup
	$(BIN)/pytest -q tests/unit tests/emulator

integration: setup browser
	$(BIN)/pytest -q tests/integration

# The short versions of the reliability experiments (docs/reliability.md); `make soak` runs the long ones.
reliability: setup
	$(BIN)/pytest -q tests/reliability

# Headless Chromium renders the queue-facts HTML report in the integration tests (Debian package).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is not installed and cannot be installed here: the report browser test will be skipped"; fi

build: setup
	rm -rf $(BUILD)/dist
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/dist .

# ansible-test needs a real copy at ansible_collections/<ns>/<name>; the built tarball is
# exactly what users install, so sanity runs on its contents.
sanity: build
	rm -rf $(BUILD)/sanity
	mkdir -p $(SANITY_ROOT)
	tar -xzf $(TARBALL) -C $(SANITY_ROOT)
	$(BIN)/python tools/seed_ansible_test_cache.py
	printf 'tests/output/\n' > $(SANITY_ROOT)/.gitignore
	cd $(SANITY_ROOT) && git init -q && git add -A && \
	  $(CURDIR)/$(BIN)/ansible-test sanity --venv --python 3.11 --color no

# ansible-lint, production profile, on the role and the playbooks; offline (settings in .ansible-lint).
lint: setup
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/ansible-lint --offline --profile production roles/ playbooks/

# What users install is what is tested: the built tarball, installed into an empty collections
# path, runs the playbooks (from that install, not the working tree) against an emulator.
install-test: build
	rm -rf $(BUILD)/install-test
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(BUILD)/install-test \
	  $(BIN)/ansible-galaxy collection install --offline --force -p $(BUILD)/install-test $(TARBALL)
	$(BIN)/python tools/install_test.py $(BUILD)/install-test

test: unit integration reliability sanity lint install-test acceptance-emulator

demo: setup
	$(BIN)/python tools/demo.py

# The scenarios of docs/benchmarks.md (figures, not tests; the rate-limited apply takes ~4 minutes).
bench: setup
	$(BIN)/python bench/bench.py noop-check --queues 1000
	$(BIN)/python bench/bench.py loop-baseline --queues 100
	$(BIN)/python bench/bench.py apply --queues 1000 --rate-limit 1000000
	$(BIN)/python bench/bench.py apply --queues 1000 --rate-limit 300
	$(BIN)/python bench/bench.py memory --queues 10000
	$(BIN)/python bench/bench.py emulator-rate --seconds 10 --threads 4

# The long versions of the reliability experiments, with the issue's counts (about 30 minutes);
# figures in .build/soak/*.json, quoted in docs/reliability.md.
soak: setup
	$(BIN)/python bench/soak_reliability.py

clean:
	rm -rf $(BUILD)

# ---- Acceptance runs against a real organization, and recorded fidelity (docs/emulator.md) ----
# `make acceptance` prints one line and exits 0 unless GENESYSCLOUD_ACCEPTANCE=1 and credentials are set;
# RECORD=file.json records the run. `make acceptance-clean` removes what runs left (ACCEPTANCE_PREFIX).
# `make fidelity RECORDING=file.json` replays a recording against a fresh demo emulator.
# `acceptance-emulator` (part of `make test`): the harness proven on emulators, the suite run once there.
.PHONY: acceptance acceptance-clean fidelity acceptance-emulator
ACCEPTANCE_PREFIX ?= ansible-acc-

acceptance: setup
	@$(BIN)/python tools/acceptance.py run $(if $(RECORD),--record $(RECORD))

acceptance-clean: setup
	@$(BIN)/python tools/acceptance.py clean --prefix $(ACCEPTANCE_PREFIX)

fidelity: setup
	@test -n "$(RECORDING)" || { echo "usage: make fidelity RECORDING=path/to/recording.json"; exit 2; }
	@$(BIN)/python tools/fidelity.py $(RECORDING)

acceptance-emulator: setup
	$(BIN)/pytest -q tests/acceptance/test_acceptance_harness.py
