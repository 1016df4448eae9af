"""Work that MkDocs does not wait for, in worker processes beside the build.

MkDocs builds pages one after another in one process. Work that can run beside it goes to a
worker, so that the build uses the machine's other processor cores: in `mkdocs build` the
outputs' pages and the open data files while MkDocs makes the other pages (mkdocs_site.configure),
the Finnish analysis of the pages' words (search_site.learn_page_words), and each page's last steps
as soon as its content is ready (page_finish: the final HTML cleaning with its report, and the
page's search stage). The caller collects the results where it needs them.

`mkdocs build` starts its worker as a copy of itself (fork); `mkdocs serve` starts fresh
interpreters, which are kept between its rebuilds (their caches stay warm). Workers end with
MkDocs (on_shutdown), or on their own when MkDocs was killed and could not end them. Without a
worker (one has died, e.g. out of memory) the caller does the work itself; a worker that has died
is replaced at the next build.

Work that comes page by page is sent in batches (submit_batched): every task costs MkDocs' own
process turns of the pool's threads, which wait for the interpreter lock while MkDocs converts
pages, so one task per page left the worker waiting for work. For the same reason, while there
is a worker, a thread that waits for the lock gets it after SWITCH_INTERVAL rather than Python's
5 ms: the pool hands the worker its next batch only when it has finished the one before, and at
5 ms a turn the worker finished the pages seconds after MkDocs had converted the last one.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

_pool: ProcessPoolExecutor | None = None
_copies = False  # the workers are copies of this process, made at the first task (fork)
# Measured at 1,000 outputs (bench): 1 ms and 2 ms end the build equally early; 0.3 ms costs
# more in switching than it gains.
SWITCH_INTERVAL = 0.001
_switch_interval_before: float | None = None
log = logging.getLogger("mkdocs.plugins.tiekartta")
WORKER_LOST = "Työprosessi päättyi kesken buildin; sen työ tehdään pääprosessissa."


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


def start(warm_up: Callable[[], Any] | None = None, *, copy: bool = False) -> None:
    """At the start of a build: workers ready (new ones only if there are none), warmed up with
    warm_up. A worker is a fresh interpreter (spawn), never a copy of MkDocs' threads (the
    preview server's); with copy (`mkdocs build`) it is a copy of this process (fork), made at
    the first task submitted (copies), which needs not import or read again what this process
    has, but only on Linux and while no other thread runs (a copied thread would be a lock held
    for good)."""
    global _pool, _switch_interval_before, _copies
    _batches.clear()  # a failed build's unsent batches are not sent with the next build's
    if _pool is None:
        copy = copy and sys.platform == "linux" and threading.active_count() == 1
        _copies = copy
        _pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context("fork" if copy else "spawn"),
                                    initializer=_end_with, initargs=(os.getpid(),))
        if _switch_interval_before is None:
            _switch_interval_before = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switch_interval_before))
        if warm_up is not None and not copy:
            _pool.submit(warm_up)


def copies() -> bool:
    """Whether the workers are copies of this process (`mkdocs build`): made at the first task
    submitted after start(), they have whatever this process had read by then."""
    return _pool is not None and _copies


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
        if _pool is not None:  # the first to notice says it, once
            log.info(WORKER_LOST)
        stop()
        raise WorkerLost(str(error)) from error


BATCH_SIZE = 10


def _run_batch(function: Callable, calls: list[tuple]) -> list[tuple[bool, Any]]:
    """In a worker: function(*args) for each call, each result or exception apart."""
    results: list[tuple[bool, Any]] = []
    for args in calls:
        try:
            results.append((True, function(*args)))
        except Exception as error:  # noqa: BLE001 - given to the caller of that call alone
            results.append((False, error))
    return results


class _Batch:
    def __init__(self, function: Callable) -> None:
        self.function = function
        self.calls: list[tuple] = []
        self.future: Future | None = None


class Batched:
    """One call of a batch (submit_batched). result() is as background.result for a future, and
    sends the batch first if it is not sent yet."""

    def __init__(self, batch: _Batch, index: int) -> None:
        self._batch, self._index = batch, index

    def result(self):
        with _lock:
            _send(self._batch)
        if self._batch.future is None:
            raise WorkerLost("työprosessi päättyi ennen kuin erä lähti")
        ok, value = result(self._batch.future)[self._index]
        if not ok:
            raise value
        return value


_lock = threading.Lock()  # the batches are filled by MkDocs and read by a thread of the search
_batches: dict[Callable, _Batch] = {}  # function -> its batch being filled


def submit_batched(function: Callable, *args) -> Batched | None:
    """function(*args) in a worker, sent with others of the same function (BATCH_SIZE at a time,
    or when send_batches() or a result asks); None when there is no worker."""
    if _pool is None:
        return None
    with _lock:
        batch = _batches.setdefault(function, _Batch(function))
        batch.calls.append(args)
        call = Batched(batch, len(batch.calls) - 1)
        if len(batch.calls) >= BATCH_SIZE:
            _send(batch)
    return call


def send_batches() -> None:
    """Send the batches being filled (when no more calls are coming)."""
    with _lock:
        for batch in list(_batches.values()):
            _send(batch)


def _send(batch: _Batch) -> None:
    if batch.future is None and batch.calls:
        if _batches.get(batch.function) is batch:
            del _batches[batch.function]
        batch.future = submit(_run_batch, batch.function, batch.calls)


def stop() -> None:
    """When MkDocs ends (or a worker has died): the workers end."""
    global _pool, _switch_interval_before
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    if _switch_interval_before is not None:
        sys.setswitchinterval(_switch_interval_before)
        _switch_interval_before = None
