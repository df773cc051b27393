"""The background saver: order kept, busy writes retried, other errors shown and retried,
flush waits, pending writes cancelled, and the time of a delayed write kept."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.saving import Saver, SaveStatus, count_text, error_line, status_text

FAST = (0.01,)  # the pause between tries, kept short for the tests


@pytest.fixture
def saver() -> Iterator[Saver]:
    made = Saver(retry_delays=FAST)
    yield made
    made.close()


def _failing(times: int, error: Exception, done: list[str], name: str) -> Callable[[], str]:
    """A write that raises ``error`` its first ``times`` tries, then notes ``name`` as done."""
    tries = iter(range(times + 1))

    def write() -> str:
        if next(tries) < times:
            raise error
        done.append(name)
        return name

    return write


def _blocked_until(gate: threading.Event, done: list[str], name: str) -> Callable[[], str]:
    def write() -> str:
        if not gate.wait(5):
            raise TimeoutError("the test never opened the gate")
        done.append(name)
        return name

    return write


def test_writes_happen_in_the_order_given(saver: Saver) -> None:
    done: list[int] = []
    futures = [saver.submit("rating", lambda n=n: done.append(n) or n) for n in range(50)]
    assert saver.flush(5)
    assert done == list(range(50))
    assert [future.result(0) for future in futures] == list(range(50))
    assert saver.status() == SaveStatus(0, 0.0, False, None)


def test_a_busy_write_is_tried_again_and_the_ones_after_it_wait(saver: Saver) -> None:
    done: list[str] = []
    first = saver.submit("rating", _failing(3, Exception("database is locked"), done, "a"))
    saver.submit("answer", lambda: done.append("b"))
    assert saver.flush(5)
    assert done == ["a", "b"]
    assert first.result(0) == "a"


def test_while_locked_the_status_says_busy_and_counts_what_waits(saver: Saver) -> None:
    gate, done = threading.Event(), []
    busy = Exception("database is locked")

    def locked() -> str:
        if not gate.is_set():
            raise busy
        done.append("a")
        return "a"

    saver.submit("rating", locked)
    saver.submit("rating", lambda: done.append("b"))
    saver.submit("answer", lambda: done.append("c"))
    assert not saver.flush(0.1)
    status = saver.status()
    assert (status.pending, status.busy, status.error) == (3, True, None)
    assert status.kinds == {"rating": 2, "answer": 1}
    assert status.waiting >= 0.1
    assert status_text(status) == "Saving 2 ratings and 1 answer… (another studyapp is writing)"
    gate.set()
    assert saver.flush(5)
    assert done == ["a", "b", "c"]
    assert status_text(saver.status()) == "Saved"


def test_another_error_is_kept_shown_and_tried_again(saver: Saver) -> None:
    gate, done = threading.Event(), []

    def full_disk() -> str:
        if not gate.is_set():
            raise OSError(28, "No space left on device")
        done.append("a")
        return "a"

    saver.submit("rating", full_disk)
    saver.submit("rating", lambda: done.append("b"))
    assert not saver.flush(0.1)
    status = saver.status()
    assert (status.pending, status.busy) == (2, False)
    assert status.error == "[Errno 28] No space left on device"
    assert status_text(status) == (
        "Not saved yet (2 ratings): [Errno 28] No space left on device. Trying again…"
    )
    assert done == []  # nothing overtakes the failing write
    gate.set()
    assert saver.flush(5)
    assert done == ["a", "b"]
    assert saver.status().error is None


def test_flush_waits_for_a_slow_write_and_gives_up_at_its_timeout(saver: Saver) -> None:
    gate, done = threading.Event(), []
    saver.submit("rating", _blocked_until(gate, done, "slow"))
    assert not saver.flush(0.05)
    threading.Timer(0.05, gate.set).start()
    assert saver.flush(5)
    assert done == ["slow"]


def test_a_closed_saver_writes_nothing_more_and_flush_does_not_wait() -> None:
    def broken_disk() -> None:
        raise OSError("disk I/O error")

    closing = Saver(retry_delays=FAST)
    closing.submit("rating", broken_disk)
    closing.close()
    assert not closing.flush()  # no timeout, yet it returns
    assert closing.status().pending == 1
    with pytest.raises(RuntimeError, match="closed"):
        closing.submit("rating", lambda: None)


def test_a_write_not_started_can_be_cancelled_one_started_cannot(saver: Saver) -> None:
    gate, done = threading.Event(), []
    started = saver.submit("rating", _blocked_until(gate, done, "a"))
    later = saver.submit("rating", _blocked_until(gate, done, "b"))
    last = saver.submit("rating", _blocked_until(gate, done, "c"))
    while not started.running():
        threading.Event().wait(0.001)
    assert not saver.cancel(started)
    assert saver.cancel(later)
    assert saver.status().pending == 2
    gate.set()
    assert saver.flush(5)
    assert done == ["a", "c"]
    assert later.cancelled()
    assert last.result(0) == "c"


def test_a_settling_saver_waits_a_moment_for_a_write_unless_others_are_waiting() -> None:
    settling = Saver(retry_delays=FAST, settle=5)
    gate, done = threading.Event(), []
    try:
        assert settling.submit("rating", lambda: "quick").done()  # in before submit returns
        settling.settle = 0.05
        held = settling.submit("rating", _blocked_until(gate, done, "a"))  # waited for, in vain
        assert not held.done()
        settling.settle = 5
        later = settling.submit("rating", lambda: "b")  # others are waiting: no wait at all
        assert not later.done()
        gate.set()
        assert settling.flush(5)
    finally:
        settling.close()


def test_inline_writes_happen_at_once_and_a_failed_one_is_kept() -> None:
    inline = Saver(background=False, retry_delays=FAST)
    done: list[str] = []
    assert inline.submit("rating", lambda: done.append("a") or "a").result(0) == "a"
    read_only = OSError("attempt to write a readonly database")
    failing = inline.submit("rating", _failing(2, read_only, done, "b"))
    assert not failing.done()
    assert inline.status().error == "attempt to write a readonly database"
    after = inline.submit("rating", lambda: done.append("c") or "c")  # tried again first
    assert inline.flush(1)
    assert done == ["a", "b", "c"]
    assert after.result(0) == "c"


def test_the_wording_of_counts_and_errors() -> None:
    assert count_text({"rating": 1}) == "1 rating"
    assert count_text({"rating": 3, "answer": 1, "test result": 2}) == (
        "3 ratings, 1 answer and 2 test results"
    )

    class WrappedError(Exception):
        orig = Exception("database is locked\n[SQL: INSERT INTO reviews ...]")

    assert error_line(WrappedError("long text")) == "database is locked"
    assert error_line(KeyError()) == "KeyError"


def test_a_store_in_memory_is_written_inline(clock: FixedClock) -> None:
    memory = Collection.open("sqlite://", clock, bundled=False)
    try:
        assert not Saver.for_collection(memory).background
    finally:
        memory.close()


def test_a_store_file_is_written_in_the_background(collection: Collection) -> None:
    assert Saver.for_collection(collection).background
