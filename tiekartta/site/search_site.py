"""What the MkDocs hook does for search: index the finished site (tiekartta.search.index)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from mkdocs.exceptions import Abort

from ..search.finnish import FinnishForms
from ..search.index import SearchIndexError, build_index

log = logging.getLogger("mkdocs.plugins.tiekartta")


@cache
def _finnish_forms() -> FinnishForms:
    # One analyser per process: `mkdocs serve` rebuilds after every saved change, and with the
    # analyser's word caches kept, a rebuild analyses only the words that are new.
    return FinnishForms()


def build_search_index(config) -> None:
    """on_post_build: write site/pagefind/; a failure fails the build (no site without search)."""
    try:
        summary = build_index(Path(config.site_dir), forms=_finnish_forms())
    except SearchIndexError as error:
        log.error(str(error))
        raise Abort(str(error)) from None
    log.info(
        "Haku: %d sivua hakemistossa, %d suomen sanamuotoa lisätty, hakemisto %d kt.",
        summary.pages, summary.forms, summary.bytes // 1024,
    )
