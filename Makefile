# Sosiaalityön tiekartta. Every target sets up .venv with the pinned dependencies on first use.
#   make serve   preview on http://127.0.0.1:8000 with live reload
#   make build   the site into site/ (strict: any warning fails)
#   make test    all tests, browser tests included
#   make check   validate the content only (fast)
#   make check-poikkeukset PERUSTA=origin/main   no reviewed exception arrives with the text it allows
#   make uusi TYYPPI=tuotos NIMI="…"   a new content file to fill in (tuotos, tapahtuma, karkiteema …)
#   make deploy VERSION=2025   publish a version to the local gh-pages branch (PUSH=1 sends it)
#   make lock    pin every Python and npm package again, with hashes (after changing pyproject.toml)
#   make bench   speed and size at 100, 1,000 and 5,000 outputs, and page sizes of skewed archives (several minutes)

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
LOCK := constraints.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

# The publishing inputs never reach a shell or make's own expansion: `make deploy` hands their
# text, unexpanded, to Python through the environment, where it is validated (tiekartta/publish.py).
# Not exported under their own names: make would expand a value such as $$(shell …) to export it.
PUBLISH_INPUTS := VERSION TAG PUSH REMOTE ALLOW_DIRTY BUNDLE
# The base commit of `make check-poikkeukset` is handed over the same way.
unexport $(PUBLISH_INPUTS) PERUSTA

.PHONY: setup check check-poikkeukset build serve uusi test voikko browser node java lock clean deploy properdocs bench

# Installs exactly the files of the lock: every package pinned with its hashes (--require-hashes:
# a file whose hash differs is refused), pip and setuptools included, with no dependency resolution
# of its own (--no-deps: the lock is complete). Then this project itself, editable, built by the
# locked setuptools (no build isolation, which would fetch an unpinned one; its notice that an
# editable install is one is left out of the log).
# $(1) the venv, $(2) the one locked package it leaves out.
define install_locked
	@test -x $(1)/bin/python || $(PYTHON) -m venv $(1)
	@awk -v out='$(2)' '/^[^ #]/ { skip = (tolower($$1) ~ ("^" out "==")) } !skip' $(LOCK) > $(1)/requirements.txt
	$(1)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(1)/requirements.txt
	PYTHONWARNINGS='ignore:Editable installation' $(1)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
endef

# .venv has everything but ProperDocs (mike would prefer it to MkDocs).
$(STAMP): pyproject.toml $(LOCK) | voikko
	$(call install_locked,$(VENV),properdocs)
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "Lukitustiedostosta $(LOCK) puuttuu paketteja, joita pyproject.toml vaatii: aja make lock." >&2; exit 1; }
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

check: $(STAMP)
	$(BIN)/python -m tiekartta check

# A pull request against its base (PERUSTA=<commit>, read from the environment): no reviewed
# exception (roadmap/tarkistetut-poikkeukset.yaml) arrives in the same change as the text it allows.
check-poikkeukset: export TIEKARTTA_PERUSTA := $(value PERUSTA)
check-poikkeukset: $(STAMP)
	$(BIN)/python -m tiekartta poikkeukset

# Build into a temporary folder and swap it in only when the whole build succeeded,
# so a failed build never leaves a half-written site behind.
build: check
	rm -rf site.partial
	$(BIN)/mkdocs build --strict --site-dir site.partial || { rm -rf site.partial; exit 1; }
	rm -rf site && mv site.partial site

# Not strict and not stopped by content errors: the preview shows them on the page and in the
# terminal, and comes back by itself when the file is fixed. `make build` stays strict.
serve: $(STAMP)
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:$(PORT) --livereload

# TYYPPI and NIMI reach the command through the environment: quotes and spaces in a name pass unchanged.
uusi: $(STAMP)
	@$(BIN)/python -m tiekartta uusi "$$TYYPPI" "$$NIMI"

# Debian's Voikko for the search's Finnish word forms: libvoikko and its Finnish dictionary
# (the Python binding, libvoikko, is pinned in constraints.txt). Without apt (a Mac) or when the
# install fails, the build analyses with the slower Python Voikko (pyvoikko) and says so.
voikko:
	@dpkg -s libvoikko1 voikko-fi >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvoikko1 voikko-fi; } \
	  || echo "Debianin Voikkoa (libvoikko1, voikko-fi) ei voitu asentaa: haku käyttää hitaampaa Python-Voikkoa." >&2; }

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The quality checks' npm tools: axe-core, Lighthouse and the Nu HTML Checker, exactly as
# package-lock.json pins them with their integrity hashes (npm ci changes nothing and fails if the
# lock does not match package.json). Install scripts are not run (vnu-jar's would download a Java
# runtime; the machine's Java is used instead).
# Debian's Node.js and npm first, when the machine has no npm.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	@rm -f node_modules/.installed-* && touch $@

node: $(NODE_STAMP)

# Java for the Nu HTML Checker.
java:
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

test: $(STAMP) browser node java properdocs
	$(BIN)/python -m pytest

# A version of the site into the local gh-pages branch with mike; nothing leaves the machine
# without PUSH=1. VERSION=2025 (an edition; the newest becomes "uusin", the default),
# VERSION=kehitys (development), or TAG=v2025.1 (the edition of a release tag, as CI does).
# The content is validated first and mike commits only a complete build.
# BUNDLE=file writes the new gh-pages commits as a git bundle instead of pushing (CI's build job).
# The inputs go through the environment as they were typed ($(value …) does not expand them).
deploy: export TIEKARTTA_VERSION := $(value VERSION)
deploy: export TIEKARTTA_TAG := $(value TAG)
deploy: export TIEKARTTA_PUSH := $(value PUSH)
deploy: export TIEKARTTA_REMOTE := $(value REMOTE)
deploy: export TIEKARTTA_ALLOW_DIRTY := $(value ALLOW_DIRTY)
deploy: export TIEKARTTA_BUNDLE := $(value BUNDLE)
deploy: check
	$(BIN)/python -m tiekartta.publish --from-environment

# ProperDocs (the maintained continuation of MkDocs 1.x) in a venv of its own, without MkDocs:
# tests/builds/test_properdocs.py builds the same site with it. Kept apart from .venv because mike
# prefers properdocs to mkdocs when both are installed.
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

$(PROPERDOCS_STAMP): pyproject.toml $(LOCK)
	$(call install_locked,$(PROPERDOCS_VENV),mkdocs)
	@rm -f $(PROPERDOCS_VENV)/.installed-* && touch $@

properdocs: $(PROPERDOCS_STAMP)

# Synthetic roadmaps built with our build and with plain MkDocs + Material; prints a table
# and writes bench/results.json. Options: make bench BENCH_ARGS="--sizes 100 1000 --repeat 3"
bench: $(STAMP) browser
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Pins every Python package that pyproject.toml asks for (all extras, transitive ones, pip,
# setuptools and uv itself) with the hashes of all their files on PyPI, for any platform; pins
# already in the lock are kept unless pyproject.toml rules them out. Upgrade one package:
# make lock LOCK_ARGS="--upgrade-package mkdocs-material"; everything: LOCK_ARGS=--upgrade.
# Then the npm lock, without registry addresses (.npmrc).
UV := $(VENV)/.lock-tool/bin/uv
lock:
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV)/.lock-tool && \
	  awk '/^[^ #]/ { keep = ($$1 ~ /^uv==/) } keep' $(LOCK) > $(VENV)/.lock-tool/requirements.txt && \
	  $(VENV)/.lock-tool/bin/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/.lock-tool/requirements.txt; }
	$(UV) pip compile pyproject.toml --all-extras --universal --python-version 3.11 --generate-hashes \
	  --custom-compile-command 'make lock' --quiet --output-file $(LOCK) $(LOCK_ARGS)
	npm install --package-lock-only --no-audit --no-fund

clean:
	rm -rf site site.partial .cache .pytest_cache test-artifacts node_modules $(PROPERDOCS_VENV)
