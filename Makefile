# Two commands set everything up on a fresh machine: `make build` and `make test`.
# Each creates .venv from requirements.lock when needed, then acts.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
WHEELHOUSE := $(VENV)/wheelhouse
# Debian packages: the build renders with Pango (WeasyPrint), subsets fonts with HarfBuzz
# (the one subsetting path, so every machine embeds the same bytes), measures ink with
# Ghostscript, draws Chinese, Korean and Japanese cards with Noto Sans CJK; the tests also
# read PDFs back (poppler, qpdf) and drive chromium.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ghostscript fonts-noto-cjk
TEST_PACKAGES := $(BUILD_PACKAGES) chromium poppler-utils qpdf nginx libreoffice-writer-nogui
export NO_MKDOCS_2_WARNING := 1

.PHONY: build release site test serve check lock system clean bench bench-pdf catalog

build: $(READY)
	@$(MAKE) --no-print-directory system PACKAGES="$(BUILD_PACKAGES)"
	$(BIN)/bdpub build

# The build to publish: site_url (or BDPUB_SITE_URL) must be the public address.
release: $(READY)
	@$(MAKE) --no-print-directory system PACKAGES="$(BUILD_PACKAGES)"
	$(BIN)/bdpub build --release

site: build

test: $(READY) node_modules/.ready $(WHEELHOUSE)/.ready
	@$(MAKE) --no-print-directory system PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/lint-imports --no-cache
	BDPUB_WHEELHOUSE=$(abspath $(WHEELHOUSE)) $(BIN)/pytest

# The locked wheels, for the tests that install bdpub into fresh environments (a wheel,
# pre-commit's try-repo) without reaching the network at test time.
$(WHEELHOUSE)/.ready: requirements.lock
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps \
	  --require-hashes -r requirements.lock -d $(WHEELHOUSE)
	touch $@

# axe-core for the accessibility tests, from package-lock.json.
node_modules/.ready: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

serve: $(READY)
	$(BIN)/bdpub serve

check: $(READY)
	$(BIN)/bdpub check

$(READY): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Installs the Debian packages in PACKAGES that are missing (apt-get; needs root, as in CI).
PACKAGES ?= $(TEST_PACKAGES)
system:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: $(READY)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --extra setup --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

# After changing a message in the code: refresh the template and the catalogs, then
# translate what is new or fuzzy in build_tools/locale/<lang>/LC_MESSAGES/bdpub.po.
catalog: $(READY)
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k N_ --no-location --sort-output \
	  -o build_tools/locale/bdpub.pot build_tools
	$(BIN)/pybabel -q update -i build_tools/locale/bdpub.pot -d build_tools/locale -D bdpub

# Benchmarks: the check at 1000 pages per language beside a plain mkdocs build.
bench: $(READY)
	$(BIN)/python bench/check_1000.py

# Benchmarks: bdpub's PDFs beside mkdocs-to-pdf (a venv of its own, from PyPI) and raw
# WeasyPrint, on the same 200+ pages per language.
bench-pdf: $(READY)
	@$(MAKE) --no-print-directory system PACKAGES="$(BUILD_PACKAGES)"
	$(BIN)/python bench/pdf.py

clean:
	rm -rf site .site.staging .site.old $(VENV)
