"""How many bytes a reader downloads before the first search result appears.

Measured in Debian's Chromium: open the front page, type a query into the search box and wait
for the first result, recording every response since the page was opened. The bytes that count
are the responses of the search engine (its index, worker, language files, chunks …); the
page itself and the theme's main script are loaded for every reader anyway.

Each search engine is one `SearchEngine` entry: how to recognise it in a built site, which
requests belong to it, where its search box and results are. The engine in use is detected from
the built site, so switching the site's search needs only an entry here.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Content types that GitHub Pages sends compressed; other files (images, WebAssembly, Pagefind's
# pre-compressed index chunks) travel as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class SearchEngine:
    name: str
    detect: Callable[[Path], bool]  # does this built site use the engine?
    counts: Callable[[str], bool]  # does a request (URL path under the site) belong to search?
    inputs: tuple[str, ...]  # CSS selectors of the search box, tried in order
    results: tuple[str, ...]  # CSS selectors of one search result
    openers: tuple[str, ...] = ()  # what to click first if the box is hidden (e.g. a search icon)
    ready: str | None = None  # an element that is there once the search box takes input


PAGEFIND = SearchEngine(
    name="pagefind",
    detect=lambda site: any(site.glob("**/pagefind/pagefind.js")),
    counts=lambda path: "/pagefind/" in path,
    inputs=(".pagefind-ui__search-input", "input[type=search]", "input.md-search__input"),
    results=(".pagefind-ui__result", "[data-pagefind-result]", ".md-search-result__item"),
    openers=("button[data-tk-toggle=__search]", "label.md-header__button[for=__search]"),
    ready="[data-tk-haku][data-tk-valmis]",  # the site's own search script (docs/assets/haku.js)
)

MATERIAL_LUNR = SearchEngine(
    name="material-lunr",
    detect=lambda site: (site / "search" / "search_index.json").exists(),
    counts=lambda path: (
        path.endswith("/search/search_index.json")
        or "/assets/javascripts/workers/search." in path
        or "/assets/javascripts/lunr/" in path
    ),
    inputs=("input.md-search__input",),
    results=(".md-search-result__item",),
    openers=("label.md-header__button[for=__search]",),
)

# First match wins: a site that ships Pagefind is measured with Pagefind even if the theme's
# own index is still there.
ENGINES = (PAGEFIND, MATERIAL_LUNR)


def detect(site: Path) -> SearchEngine:
    for engine in ENGINES:
        if engine.detect(site):
            return engine
    raise LookupError(f"no known search engine in {site} (known: {', '.join(e.name for e in ENGINES)})")


def transfer_size(body: bytes, content_type: str) -> int:
    """Bytes on the wire from GitHub Pages: text is gzip-compressed, the rest is sent as is."""
    if content_type.startswith(COMPRESSED_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def measure(browser, base_url: str, query: str, engine: SearchEngine, timeout_s: float = 60) -> dict:
    """Open the site, search for `query`, and count the search engine's downloads until the
    first result is visible. `browser` is a Playwright browser (Debian's Chromium)."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page.goto(base_url, wait_until="load")
        if engine.ready:
            page.locator(engine.ready).wait_for(state="attached", timeout=timeout_s * 1000)
        started = time.perf_counter()
        box = _first_visible(page, engine.inputs)
        if box is None:
            for opener in engine.openers:
                if page.locator(opener).count():
                    page.locator(opener).first.click()
            box = _first_visible(page, engine.inputs)
        if box is None:
            raise RuntimeError(f"{engine.name}: no search box found ({', '.join(engine.inputs)})")
        box.click()
        page.keyboard.type(query)  # keystrokes, as a reader types: some engines listen to key events
        result = page.locator(", ".join(engine.results)).first
        result.wait_for(state="visible", timeout=timeout_s * 1000)
        seconds = time.perf_counter() - started
        first_result = result.inner_text().strip().splitlines()[0] if result.inner_text().strip() else ""
        counted = []
        for response in responses:
            path = urlsplit(response.url).path
            if not engine.counts(path):
                continue
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                continue
            content_type = response.headers.get("content-type", "")
            counted.append({"path": path, "bytes": len(body), "transfer_bytes": transfer_size(body, content_type)})
    finally:
        context.close()
    return {
        "engine": engine.name,
        "query": query,
        "first_result": first_result,
        "seconds_to_first_result": round(seconds, 2),
        "requests": len(counted),
        "bytes": sum(c["bytes"] for c in counted),
        "transfer_bytes": sum(c["transfer_bytes"] for c in counted),
        "files": counted,
    }


def _first_visible(page, selectors: tuple[str, ...]):
    for selector in selectors:
        locator = page.locator(selector)
        if locator.count() and locator.first.is_visible():
            return locator.first
    return None
