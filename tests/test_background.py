"""Worker processes beside the build (tiekartta/site/background.py): results come back, a
worker that dies is noticed and replaced, never waited for, and no worker outlives its MkDocs."""

from __future__ import annotations

import os

import pytest

from tiekartta.site import background


def _square(n: int) -> int:
    return n * n


def _die() -> None:
    os._exit(1)  # as a worker killed for memory would end


@pytest.fixture
def workers():
    background.start()
    yield
    background.stop()


def test_without_workers_the_caller_does_the_work_itself():
    background.stop()
    assert background.submit(_square, 3) is None


def test_a_worker_gives_the_result(workers):
    assert background.result(background.submit(_square, 7)) == 49


def test_a_worker_that_dies_is_reported_and_replaced_at_the_next_start(workers):
    future = background.submit(_die)
    with pytest.raises(background.WorkerLost):
        background.result(future)
    assert background.submit(_square, 2) is None  # no half-dead workers are used
    background.start()
    assert background.result(background.submit(_square, 2)) == 4


def test_workers_end_when_their_mkdocs_is_killed(tmp_path):
    """A preview stopped with a signal runs no on_shutdown: its worker must not live on."""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, sys, time\n"
        "from tiekartta.site import background\n"
        "background.start()\n"
        "print(background.result(background.submit(os.getpid)), flush=True)\n"
        "time.sleep(60)\n"
    )
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    worker = int(build.stdout.readline())
    os.kill(worker, 0)  # running
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the worker outlived its MkDocs")
