BUILD := .build
# Developer entry points. `make demo` and `make test` do all set-up themselves.
# The newest Python 3.11-3.13 of this machine (PATH or pyenv); requirements-dev.txt then picks the
# newest ansible-core it fits. The older supported releases run in `make matrix`.
PYTHON ?= $(shell tools/find_python 3.13 3.12 3.11)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
# Test and build tools that must not share the development environment (antsibull-docs, Sphinx,
# galaxy-importer and what they pin), from requirements-tools.txt.
TOOLS_VENV := $(BUILD)/tools-venv
COLLECTION_LINK := $(BUILD)/collections/ansible_collections/genesyscloud/routing
SANITY_ROOT := $(BUILD)/sanity/ansible_collections/genesyscloud/routing
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/genesyscloud-routing-$(VERSION).tar.gz
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(BUILD)/collections
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg

.PHONY: setup tools browser test unit integration reliability sanity matrix awx ee docs docs-lint importer \
  changelog-lint release lint install-test build demo soak bench clean

setup: $(VENV)/.installed-$(PYTHON_VERSION) $(COLLECTION_LINK)

# Rebuilt whenever the pinned requirements, the emulator's packaging or the chosen Python change.
$(VENV)/.installed-$(PYTHON_VERSION): requirements-dev.txt emulator/pyproject.toml
	@test -n "$(PYTHON_VERSION)" || { echo "Python 3.11, 3.12 or 3.13 is required (none found)"; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYTHON_VERSION)" ]; \
	  then echo "recreating $(VENV) for Python $(PYTHON_VERSION)"; rm -rf $(VENV); fi
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
	  $(CURDIR)/$(BIN)/ansible-test sanity --venv --python $(PYTHON_VERSION) --color no

# Every other supported ansible-core release (tools/matrix.py): sanity and the install smoke on the
# built tarball, each in a small environment of its own. The newest runs everything above in $(VENV).
matrix: build
	$(BIN)/python tools/matrix.py --except-installed $(TARBALL)

# The role as an AWX/AAP job: ansible-runner, a private data dir as AWX lays it out, the credential
# type of meta/ injecting the credentials, an emulator; the job's events give the per-object results.
awx: setup
	$(BIN)/pytest -q tests/awx

# The execution environment's build context (ansible-builder create; no container is built).
ee: build
	$(BIN)/python tools/check_ee.py $(TARBALL)

$(TOOLS_VENV)/.installed: requirements-tools.txt
	test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TOOLS_VENV)/bin/python -m pip install --quiet -r requirements-tools.txt
	touch $@

tools: $(TOOLS_VENV)/.installed

# The collection's documentation as a static site (antsibull-docs + Sphinx) in .build/docs/html,
# then every module page and internal link checked in headless Chromium.
docs: tools build browser
	$(TOOLS_VENV)/bin/python tools/build_docs.py $(TARBALL) $(BUILD)/docs
	$(BIN)/python tools/check_docs_site.py $(BUILD)/docs/html

docs-lint: tools
	PATH=$(CURDIR)/$(TOOLS_VENV)/bin:$$PATH $(TOOLS_VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck $(COLLECTION_LINK)

# The checks Galaxy runs on upload, offline (settings in tools/galaxy-importer.cfg).
importer: tools build
	$(TOOLS_VENV)/bin/python tools/run_galaxy_importer.py $(TARBALL)

# Fragments are well-formed, and galaxy.yml's version is bumped as far as the pending ones need.
changelog-lint: setup
	$(BIN)/antsibull-changelog lint
	$(BIN)/python tools/check_release.py

# Cut the release of galaxy.yml's version: its section in changelogs/changelog.yaml and CHANGELOG.rst
# from the pending fragments (the release maintainer writes a release_summary fragment first).
release: setup
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/antsibull-changelog release --version $(VERSION)
	$(BIN)/python tools/check_release.py

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

test: unit integration reliability awx sanity lint install-test acceptance-emulator changelog-lint docs-lint importer ee docs matrix

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
