"""What the MkDocs hook does for search: index the finished site (tiekartta.search.index).

The slow part, the Finnish forms documents (Voikko), is made in a worker process while MkDocs
is still writing the site: each page is handed over as soon as it is finished (on_post_page),
so that the build uses a second processor core. After the build only the pages the worker has
not made are made here, and Pagefind reads the site.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from functools import cache
from pathlib import Path

from mkdocs.exceptions import Abort

from ..search.finnish import FinnishForms
from ..search.index import FormsDocument, SearchIndexError, article_of, build_index, forms_document_of
from . import background

log = logging.getLogger("mkdocs.plugins.tiekartta")

_pending: dict[str, Future | None] = {}  # URL → its forms document in the making (None: no article)


@cache
def _finnish_forms() -> FinnishForms:
    # One analyser per process (this one and each worker): `mkdocs serve` rebuilds after every
    # saved change, and with the analyser's word caches kept, a rebuild analyses only new words.
    return FinnishForms()


def warm_up() -> None:
    """In a worker as it starts: Voikko's analyser and inflection tables load while MkDocs is
    still reading the content and the pages."""
    _finnish_forms().document_words([["sosiaalityön", "tiekartta"]])


def _forms_in_worker(article: str, description: str, url: str) -> FormsDocument | None:
    return forms_document_of(article, description, url, _finnish_forms())


def start_workers() -> None:
    """on_startup, so that Voikko loads while the content is read; and on_pre_build, for a new
    worker when one has died during a preview (a no-op while they run)."""
    background.start(warm_up=warm_up)


def start_build() -> None:
    """on_pre_build."""
    start_workers()
    _pending.clear()


def page_written(html: str, page) -> None:
    """on_post_page: hand the finished page to a worker (only its article travels)."""
    if not page.file.dest_uri.endswith("index.html") or not (page.url or "/").endswith("/"):
        return
    url = f"/{page.url}"
    part = article_of(html)
    if part is None:
        _pending[url] = None
    elif (future := background.submit(_forms_in_worker, *part, url)) is not None:
        _pending[url] = future
    # else no worker: the page is read from the site after the build


def _prepared() -> dict[str, FormsDocument | None]:
    """The forms documents the workers made; a page missing here is made from the written site."""
    prepared: dict[str, FormsDocument | None] = {}
    for url, future in _pending.items():
        try:
            prepared[url] = None if future is None else background.result(future)
        except Exception as error:  # noqa: BLE001 - made again after the build, where an error is reported
            log.debug("Haku: sivun %s sanamuodot tehdään uudelleen (%s).", url, error)
    _pending.clear()
    return prepared


def build_search_index(config) -> None:
    """on_post_build: write site/pagefind/; a failure fails the build (no site without search)."""
    try:
        summary = build_index(Path(config.site_dir), forms=_finnish_forms(), prepared=_prepared())
    except SearchIndexError as error:
        log.error(str(error))
        raise Abort(str(error)) from None
    log.info(
        "Haku: %d sivua hakemistossa, %d suomen sanamuotoa lisätty, hakemisto %d kt.",
        summary.pages, summary.forms, summary.bytes // 1024,
    )
