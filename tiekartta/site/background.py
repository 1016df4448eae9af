"""Work that MkDocs does not wait for, in worker processes beside the build.

MkDocs builds pages one after another in one process. Work that can run beside it goes to a
worker, so that the build uses the machine's other processor cores: a share of the output pages
while the content is read (mkdocs_site.share_pages), each page's search stage as soon as its
content is ready (search_site), and the report of each page's final HTML cleaning. The caller
collects the results where it needs them.

The workers are kept between the rebuilds of `mkdocs serve` (their caches stay warm) and end
with MkDocs (on_shutdown), or on their own when MkDocs was killed and could not end them.
Without a worker (one has died, e.g. out of memory) the caller does the work itself; a worker
that has died is replaced at the next build.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

_pool: ProcessPoolExecutor | None = None


def _workers() -> int:
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _end_with(parent: int) -> None:
    """In a worker as it starts: it ends when its MkDocs does. A worker waits for work on a queue
    that it holds open itself, so a killed MkDocs (the terminal closed, a test stopping the
    preview) would otherwise leave it waiting, holding its memory, for good."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="tiekartta-vanhempi", daemon=True).start()


def start(warm_up: Callable[[], Any] | None = None) -> None:
    """At the start of a build: workers ready (new ones only if there are none)."""
    global _pool
    if _pool is None:
        # spawn: a fresh interpreter, never a copy of MkDocs' threads (the preview server's).
        _pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_end_with, initargs=(os.getpid(),))
        if warm_up is not None:
            _pool.submit(warm_up)


def submit(function: Callable, *args) -> Future | None:
    """function(*args) in a worker; None when there is no worker (the caller does it itself)."""
    if _pool is None:
        return None
    try:
        return _pool.submit(function, *args)
    except BrokenProcessPool:
        stop()
        return None


class WorkerLost(Exception):
    """The worker ended before it gave the result."""


def result(future: Future):
    """The worker's result; its own exception as is, WorkerLost if the worker died."""
    try:
        return future.result()
    except BrokenProcessPool as error:
        stop()
        raise WorkerLost(str(error)) from error


def stop() -> None:
    """When MkDocs ends (or a worker has died): the workers end."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
