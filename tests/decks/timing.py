"""A hang guard for tests of code that must stay linear on hostile input.

This is not a speed test (those live in bench/): the limit is far above what the code needs
on any machine, and the inputs are large enough that a quadratic or exponential regression
would run for many minutes. The guard turns such a hang into a failure instead of a stuck run.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Far more than linear code needs here on any machine, far less than a blow-up would take.
HANG_GUARD_SECONDS = 60.0


class TookTooLongError(Exception):
    """Raised inside code that ran past its time limit."""


@contextmanager
def time_limit(seconds: float = HANG_GUARD_SECONDS) -> Iterator[None]:
    """Interrupt the body with TookTooLongError after ``seconds`` (SIGALRM: also stops a regex)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TookTooLongError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
