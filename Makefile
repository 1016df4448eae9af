# Sosiaalityön tiekartta. Every target sets up .venv with the pinned dependencies on first use.
#   make serve   preview on http://127.0.0.1:8000 with live reload
#   make build   the site into site/ (strict: any warning fails)
#   make test    all tests, browser tests included
#   make check   validate the content only (fast)
#   make check-poikkeukset PERUSTA=origin/main   no reviewed exception arrives with the text it allows
#   make uusi TYYPPI=tuotos NIMI="…"   a new content file to fill in (tuotos, tapahtuma, karkiteema …)
#   make deploy VERSION=2025   publish a version to the local gh-pages branch (PUSH=1 sends it)
#   make bench   speed and size at 100, 1,000 and 5,000 outputs (several minutes)

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package.json | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# The base commit of `make check-poikkeukset`, passed to Python through the environment only.
export PERUSTA

.PHONY: setup check check-poikkeukset build serve uusi test voikko browser node java lock clean deploy properdocs bench

$(STAMP): pyproject.toml constraints.txt | voikko
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

check: $(STAMP)
	$(BIN)/python -m tiekartta check

# A pull request against its base (PERUSTA=<commit>, read from the environment): no reviewed
# exception (roadmap/tarkistetut-poikkeukset.yaml) arrives in the same change as the text it allows.
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

# The quality checks' npm tools at the exact versions of package.json: axe-core, Lighthouse and
# the Nu HTML Checker. No lock file is written; install scripts are not run (vnu-jar's would
# download a Java runtime; the machine's Java is used instead).
$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --no-package-lock --ignore-scripts
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
deploy: check
	@test -n "$(VERSION)$(TAG)" || { echo "Anna versio: make deploy VERSION=2025 (tai VERSION=kehitys)" >&2; exit 2; }
	$(BIN)/python -m tiekartta.publish $(if $(TAG),--tag '$(TAG)','$(VERSION)') \
	  $(if $(filter 1,$(PUSH)),--push) $(if $(REMOTE),--remote '$(REMOTE)') $(if $(filter 1,$(ALLOW_DIRTY)),--allow-dirty)

# ProperDocs (the maintained continuation of MkDocs 1.x) in a venv of its own, without MkDocs:
# tests/test_properdocs.py builds the same site with it. Kept apart from .venv because mike
# prefers properdocs to mkdocs when both are installed.
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

$(PROPERDOCS_STAMP): pyproject.toml constraints.txt
	@test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[properdocs]'
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs
	@rm -f $(PROPERDOCS_VENV)/.installed-* && touch $@

properdocs: $(PROPERDOCS_STAMP)

# Synthetic roadmaps built with our build and with plain MkDocs + Material; prints a table
# and writes bench/results.json. Options: make bench BENCH_ARGS="--sizes 100 1000 --repeat 3"
bench: $(STAMP) browser
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.new
	@# properdocs lives only in its own venv; keep its pin, in pip's order (by name)
	@$(PROPERDOCS_VENV)/bin/python -m pip freeze 2>/dev/null | grep -i '^properdocs==' >> constraints.new || true
	@$(BIN)/python -c "p = 'constraints.new'; lines = sorted(set(open(p).read().split()), key=lambda s: s.split('==')[0].lower()); open(p, 'w').write('\\n'.join(lines) + '\\n')"
	@{ head -2 constraints.txt; cat constraints.new; } > constraints.txt && rm constraints.new

clean:
	rm -rf site site.partial .cache .pytest_cache test-artifacts node_modules $(PROPERDOCS_VENV)
