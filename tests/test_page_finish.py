"""A page's last steps (tiekartta/site/page_finish.py): the final cleaning, its report and the
search's step on the cleaned HTML, with the same result in a worker, here, or after the worker
was lost."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from tiekartta.site import background
from tiekartta.site.page_finish import PageFinish, finish

HOSTILE = '<p id="a">Teksti<script>alert(1)</script></p><p id="a" onclick="x()">Toinen</p>'


def _text_length(html: str, extra: int) -> int:
    return len(html) + extra


def _fails(html: str) -> None:
    raise ValueError("vaihe epäonnistui")


def _dies_in_a_worker(html: str) -> int:
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # as a worker killed for memory would end
    return len(html)


@pytest.fixture
def workers():
    background.start()
    yield
    background.stop()


def test_the_cleaning_is_reported_and_the_step_sees_the_cleaned_html():
    done = finish(HOSTILE, True, (_text_length, (1,)))
    assert "<script" not in done.html and "onclick" not in done.html
    assert "<script>" in done.removed and any(item.startswith("onclick=") for item in done.removed)
    assert done.duplicate_ids == ("a",)
    assert done.step_result == len(done.html) + 1 and done.step_error is None


def test_a_page_that_is_not_cleaned_is_given_to_the_step_as_it_is():
    done = finish(HOSTILE, False, (_text_length, (0,)))
    assert done.html == HOSTILE and done.removed == () and done.step_result == len(HOSTILE)


def test_a_failed_step_keeps_the_cleaning_and_says_what_failed():
    done = finish(HOSTILE, True, (_fails, ()))
    assert "<script" not in done.html
    assert done.step_result is None and done.step_error == "ValueError: vaihe epäonnistui"


def test_without_a_worker_the_page_is_finished_at_once():
    background.stop()
    finishing = PageFinish(HOSTILE, True, None)
    assert finishing.done and finishing.result() == finish(HOSTILE, True, None)


def test_a_worker_finishes_the_page_as_this_process_would(workers):
    pages = [PageFinish(f"<p>Sivu {n}</p>{HOSTILE}", True, (_text_length, (n,))) for n in range(13)]
    background.send_batches()
    assert [p.result() for p in pages] == [finish(f"<p>Sivu {n}</p>{HOSTILE}", True, (_text_length, (n,)))
                                          for n in range(13)]


def test_a_page_whose_worker_died_is_finished_here(workers):
    lost = PageFinish(HOSTILE, True, (_dies_in_a_worker, ()))
    assert not lost.done
    background.send_batches()
    done = lost.result()
    assert "<script" not in done.html and done.step_result == len(done.html)
