# Sosiaalityön tiekartta. Every target sets up .venv with the pinned dependencies on first use.
#   make serve   preview on http://127.0.0.1:8000 with live reload
#   make build   the site into site/ (strict: any warning fails)
#   make test    all tests, browser tests included
#   make check   validate the content only (fast)
#   make bench   speed and size at 100, 1,000 and 5,000 outputs (several minutes)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup check build serve test browser lock clean bench

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

check: $(STAMP)
	$(BIN)/python -m tiekartta check

# Build into a temporary folder and swap it in only when the whole build succeeded,
# so a failed build never leaves a half-written site behind.
build: check
	rm -rf site.partial
	$(BIN)/mkdocs build --strict --site-dir site.partial || { rm -rf site.partial; exit 1; }
	rm -rf site && mv site.partial site

serve: check
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 --livereload

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Synthetic roadmaps built with our build and with plain MkDocs + Material; prints a table
# and writes bench/results.json. Options: make bench BENCH_ARGS="--sizes 100 1000 --repeat 3"
bench: $(STAMP) browser
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.new
	@{ head -2 constraints.txt; cat constraints.new; } > constraints.txt && rm constraints.new

clean:
	rm -rf site site.partial .pytest_cache test-artifacts
