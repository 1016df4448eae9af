"""Worker processes beside the build (tiekartta/site/background.py): results come back, a
worker that dies is noticed and replaced, never waited for, and no worker outlives its MkDocs."""

from __future__ import annotations

import os
import sys

import pytest

from tiekartta.site import background


def _square(n: int) -> int:
    return n * n


def _die() -> None:
    os._exit(1)  # as a worker killed for memory would end


def _half(n: int) -> int:
    if n % 2:
        raise ValueError(f"{n} on pariton")
    return n // 2


@pytest.fixture
def workers():
    background.start()
    yield
    background.stop()


def test_without_workers_the_caller_does_the_work_itself():
    background.stop()
    assert background.submit(_square, 3) is None


def test_while_there_is_a_worker_its_threads_here_get_their_turn_sooner():
    """The pool's threads hand the worker its batches; at Python's 5 ms turns MkDocs' page
    conversion kept them waiting (background.SWITCH_INTERVAL). Afterwards the interval is as it was."""
    background.stop()
    before = sys.getswitchinterval()
    background.start()
    try:
        assert sys.getswitchinterval() == min(background.SWITCH_INTERVAL, before) < 0.005
        background.start()  # a second start (the next build of the preview) changes nothing
        assert sys.getswitchinterval() == min(background.SWITCH_INTERVAL, before)
    finally:
        background.stop()
    assert sys.getswitchinterval() == before


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


def test_batched_calls_give_each_its_own_result_or_error(workers):
    calls = [background.submit_batched(_half, n) for n in range(2 * background.BATCH_SIZE + 3)]
    background.send_batches()  # the last batch is not full
    for n, call in enumerate(calls):
        if n % 2:
            with pytest.raises(ValueError, match=f"{n} on pariton"):
                call.result()
        else:
            assert call.result() == n // 2


def test_a_batched_call_asked_for_before_its_batch_is_full_is_sent(workers):
    call = background.submit_batched(_half, 8)
    assert call.result() == 4


def test_without_workers_batched_calls_are_the_callers_too():
    background.stop()
    assert background.submit_batched(_half, 2) is None


def test_a_batched_call_whose_worker_died_is_reported(workers):
    call = background.submit_batched(_die)
    with pytest.raises(background.WorkerLost):
        call.result()


def test_a_worker_started_as_a_copy_has_what_this_process_has():
    """`mkdocs build` starts its worker as a copy of itself: the worker needs not import
    anything again. Run in a process of its own, with no other threads."""
    import subprocess

    script = (
        "import os\n"
        "from tiekartta.site import background\n"
        "state = {'sisältö': None}\n"
        "def read(): return state['sisältö'], os.getppid()\n"
        "if __name__ == '__main__':\n"
        "    state['sisältö'] = 'luettu'\n"
        "    background.start(copy=True)\n"
        "    print(*background.result(background.submit(read)), os.getpid())\n"
        "    background.stop()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    content, parent, this = done.stdout.split()
    assert content == "luettu" and parent == this
