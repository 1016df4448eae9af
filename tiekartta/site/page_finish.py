"""A page's last steps after MkDocs has converted it: the final cleaning of its HTML
(tiekartta.pages.sanitize) with the report of what the cleaning removed, then the caller's own
step on the cleaned HTML (the page's search stage, search_site.stage_step).

They run in a worker while MkDocs converts the next pages; MkDocs takes the cleaned HTML just
before it writes the page (mkdocs_site.decorate_page). Without a worker, or when it was lost,
the page is finished here: the result is the same either way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..pages.sanitize import clean_html, cleaning_report
from . import background

# The caller's step: function(cleaned_html, *args), run after the cleaning.
Step = tuple[Callable[..., Any], tuple]


@dataclass(frozen=True)
class Finished:
    html: str  # the page's final HTML: cleaned, or as it was when the page is not cleaned
    removed: tuple[str, ...]  # what the cleaning removed (cleaning_report)
    duplicate_ids: tuple[str, ...]
    step_result: Any
    step_error: str | None  # the step failed: the caller decides what that means


def finish(html: str, clean: bool, step: Step | None) -> Finished:
    """In a worker (or here): the cleaning, its report, then the step."""
    cleaned = clean_html(html) if clean else html
    removed, duplicates = cleaning_report(html, cleaned) if clean else ((), ())
    result, error = None, None
    if step is not None:
        function, args = step
        try:
            result = function(cleaned, *args)
        except Exception as problem:  # noqa: BLE001 - a failed step must not lose the page's cleaning
            error = f"{type(problem).__name__}: {problem}"
    return Finished(cleaned, removed, duplicates, result, error)


class PageFinish:
    """One page's finish, under way in a worker or already done."""

    def __init__(self, html: str, clean: bool, step: Step | None) -> None:
        self.clean = clean
        self._lock = threading.Lock()  # MkDocs and the search's thread may both ask for it
        self._work: tuple | None = (html, clean, step)
        self._done: Finished | None = None
        self._call = background.submit_batched(finish, *self._work)
        if self._call is None:
            self._finish_here()

    @property
    def done(self) -> bool:
        return self._done is not None

    def result(self) -> Finished:
        with self._lock:
            if self._done is None:
                try:
                    self._done = self._call.result()
                    self._work = self._call = None
                except background.WorkerLost:
                    self._finish_here()
            return self._done

    def _finish_here(self) -> None:
        self._done = finish(*self._work)
        self._work = self._call = None
