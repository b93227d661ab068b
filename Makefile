# Two commands set everything up on a fresh machine: `make build` and `make test`.
# Each creates .venv from requirements.lock when needed, then acts.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
DEBIAN_PACKAGES := chromium poppler-utils qpdf ghostscript
export NO_MKDOCS_2_WARNING := 1

.PHONY: build site test serve check lock system clean

build: $(READY)
	$(BIN)/bdpub build

site: build

test: $(READY) system
	$(BIN)/pytest

serve: $(READY)
	$(BIN)/bdpub serve

check: $(READY)
	$(BIN)/bdpub check

$(READY): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Debian packages the tests use: chromium (browser tests), poppler, qpdf and Ghostscript
# (reading PDFs back). Installed with apt-get when one is missing; needs root, as in CI.
system:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: $(READY)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --extra setup --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf site .site.staging .site.old $(VENV)
