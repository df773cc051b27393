"""Saving what a student does, in the background: in order, retried until written, never lost.

A study mode hands each write (a rating, an answer, a finished test) to a :class:`Saver` and
moves on at once; the student never waits for the database. One worker thread writes them in
the order given. A write that finds the database held by another process
(:func:`studyapp.store.database.is_busy`) is tried again after a short pause; so is a write that
fails for another reason (a full disk, a read-only file): it is kept, its error shown in
:meth:`Saver.status` for the screen to show, and the writes after it wait their turn.

Each write gets a :class:`~concurrent.futures.Future` for its result (a review's id, an
answer's id). A write not yet started can be cancelled (undoing a rating still waiting costs no
write at all); a write that depends on an earlier one's result simply reads it, as the order
guarantees the earlier one is done by then.

A store in memory shares one connection between threads, so its writes are made inline (on
the caller's thread) instead, with the same keeping and retrying of a write that failed.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from studyapp.collection import Collection

T = TypeVar("T")

#: Pauses (seconds) before the 1st, 2nd, … retry of a failed write; the last one repeats.
RETRY_DELAYS: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0)
#: How long :meth:`Saver.submit` of a :meth:`Saver.for_collection` saver waits for a write when
#: nothing else is waiting: long enough for a free store, too short for anyone to notice.
SETTLE = 0.1


@dataclass(frozen=True, slots=True)
class SaveStatus:
    """Where saving stands: what is still to write, and why it is waiting."""

    pending: int  # writes not yet in the store
    waiting: float  # seconds the oldest of them has waited (0 when none)
    busy: bool  # the last try found another process holding the database
    error: str | None  # the last try's other error (one line); the write is tried again
    kinds: dict[str, int] = field(default_factory=dict)  # pending writes by what they save

    @property
    def saved(self) -> bool:
        """Whether everything given has been written."""
        return self.pending == 0


@dataclass(eq=False)
class _Write:
    """One write in the queue."""

    what: str
    run: Callable[[], Any]
    future: Future[Any]
    submitted: float
    started: bool = False


class Saver:
    """An ordered queue of writes drained by one worker thread (or inline, see the module)."""

    def __init__(
        self,
        *,
        background: bool = True,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        is_busy: Callable[[BaseException], bool] | None = None,
        settle: float = 0.0,
    ) -> None:
        """A saver; ``background=False`` writes on the caller's thread (a store in memory).

        ``is_busy`` tells a lock timeout from other errors (default: the store's own test).
        ``settle`` is how long :meth:`submit` waits for its write when no other write is
        waiting: on a free store the write is then in before the student sees the next card,
        so a process killed at any moment loses only writes a held lock was delaying.
        """
        if not retry_delays or min(retry_delays) < 0:
            raise ValueError("retry delays are one or more pauses of 0 s or more")
        self.background = background
        self.settle = settle
        self._delays = tuple(retry_delays)
        self._is_busy = is_busy
        self._queue: deque[_Write] = deque()
        self._changed = threading.Condition()
        self._failures = 0  # failed tries of the write at the head
        self._busy = False
        self._error: str | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    @classmethod
    def inline(cls) -> Saver:
        """A saver that writes at once on the caller's thread (and keeps a failed write)."""
        return cls(background=False)

    @classmethod
    def for_collection(cls, collection: Collection) -> Saver:
        """A background saver that lets each write settle for a moment (see ``settle``), or an
        inline one for a store in memory (one connection shared by every thread)."""
        from sqlalchemy.pool import StaticPool

        return cls(background=not isinstance(collection.engine.pool, StaticPool), settle=SETTLE)

    # --- giving writes ---------------------------------------------------------------------

    def submit(self, what: str, write: Callable[[], T]) -> Future[T]:
        """Queue ``write`` (``what`` names what it saves: "rating", "answer" …); its future.

        In the background the write happens soon, after every write queued before it (alone
        in the queue, it is waited for up to ``settle`` seconds); inline it happens now, unless
        an earlier write is still failing.
        """
        future: Future[T] = Future()
        with self._changed:
            if self._closed:
                raise RuntimeError("the saver is closed")
            alone = not self._queue
            self._queue.append(_Write(what, write, future, time.monotonic()))
            if self.background and self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="studyapp-saver", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()
        if not self.background:
            self._drain_inline(deadline=time.monotonic())
        elif alone and self.settle > 0:
            wait([future], timeout=self.settle)
        return future

    def cancel(self, future: Future[Any]) -> bool:
        """Take back a write that has not started; True if it will never be written."""
        with self._changed:
            if not future.cancel():
                return False
            for write in self._queue:
                if write.future is future:
                    self._queue.remove(write)
                    break
            self._changed.notify_all()
            return True

    # --- watching and waiting --------------------------------------------------------------

    def status(self) -> SaveStatus:
        """What is still to write, and why."""
        with self._changed:
            if not self._queue:
                return SaveStatus(0, 0.0, False, None)
            oldest = self._queue[0].submitted
            kinds = Counter(write.what for write in self._queue)
            return SaveStatus(
                len(self._queue),
                max(0.0, time.monotonic() - oldest),
                self._busy,
                self._error,
                dict(kinds),
            )

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything is written (at most ``timeout`` s; not at all once closed);
        whether it all was."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self.background:
            return self._drain_inline(deadline=deadline)
        with self._changed:
            while self._queue and not self._closed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left)
            return not self._queue

    def close(self) -> None:
        """Stop writing: the worker ends after its current try; what is left is not written."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    # --- writing ---------------------------------------------------------------------------

    def _work(self) -> None:
        """The worker thread: write the head of the queue, pausing after each failed try."""
        while True:
            with self._changed:
                while not self._queue and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
            if not self._try_head():
                with self._changed:
                    if not self._closed:
                        self._changed.wait(self._pause())

    def _drain_inline(self, deadline: float | None) -> bool:
        """Write the queue on this thread, one try each, until it is empty or a write fails;
        then try again after pauses until ``deadline`` (None: for ever). Whether it emptied."""
        while True:
            with self._changed:
                if not self._queue:
                    return True
            if self._try_head():
                continue
            pause = self._pause()
            if deadline is not None and time.monotonic() + pause > deadline:
                return False
            time.sleep(pause)

    def _pause(self) -> float:
        """The pause after the head's latest failed try."""
        return self._delays[min(self._failures, len(self._delays)) - 1]

    def _try_head(self) -> bool:
        """Try the write at the head of the queue once; whether it left the queue."""
        with self._changed:
            if not self._queue:
                return True
            write = self._queue[0]
        if not write.started:
            if not write.future.set_running_or_notify_cancel():  # cancelled meanwhile
                self._forget(write)
                return True
            write.started = True
        try:
            result = write.run()
        except Exception as error:  # every failure is kept and tried again
            busy = self._busy_error(error)
            with self._changed:
                self._failures += 1
                self._busy = busy
                self._error = None if busy else error_line(error)
            return False
        self._forget(write)
        write.future.set_result(result)
        return True

    def _forget(self, write: _Write) -> None:
        """Take a finished (or cancelled) write off the queue."""
        with self._changed:
            if self._queue and self._queue[0] is write:
                self._queue.popleft()
            self._failures = 0
            self._busy = False
            self._error = None
            self._changed.notify_all()

    def _busy_error(self, error: BaseException) -> bool:
        if self._is_busy is None:
            from studyapp.store.database import is_busy

            self._is_busy = is_busy
        return self._is_busy(error)


def error_line(error: BaseException) -> str:
    """A one-line description of a write's error (the driver's own message when there is one)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    text = lines[0] if lines else ""
    return text or type(cause).__name__


def count_text(kinds: dict[str, int]) -> str:
    """``{"rating": 2, "answer": 1}`` as "2 ratings and 1 answer"."""
    parts = [f"{count} {what}{'' if count == 1 else 's'}" for what, count in kinds.items()]
    if len(parts) <= 1:
        return "".join(parts) or "nothing"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def status_text(status: SaveStatus) -> str:
    """One line telling the student what saving is doing."""
    if status.saved:
        return "Saved"
    things = count_text(status.kinds)
    if status.error is not None:
        return f"Not saved yet ({things}): {status.error}. Trying again…"
    return f"Saving {things}… (another studyapp is writing)"
