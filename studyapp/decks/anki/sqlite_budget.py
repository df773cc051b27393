"""Reading an untrusted SQLite file with a bounded amount of work, and interruptibly.

A hostile collection can make one query run forever (a table replaced by a recursive view
that never ends): SQLite spins in C, where neither a deadline nor Ctrl-C is ever noticed. So
while a collection is read, SQLite calls a progress handler every few thousand steps, which
stops the query once its budget of steps or of seconds is spent, or once Ctrl-C (or another
signal with a Python handler, such as a SIGTERM handler that raises) has arrived.

Python runs signal handlers only between its own bytecodes, and an exception raised inside a
progress handler is swallowed by the sqlite3 module, so the signal is not raised there: a
stand-in handler notes it, the handler stops the query, and when the reading is over the
signal's own handler is called (Ctrl-C then raises KeyboardInterrupt as usual).
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

__all__ = ["CHECK_EVERY", "BudgetSpentError", "bounded_reading"]

#: SQLite virtual-machine steps between two checks of the budget.
CHECK_EVERY = 10_000
_DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_Handler = Callable[[int, FrameType | None], Any]


class BudgetSpentError(Exception):
    """A read stopped because it took more steps or seconds than its budget."""


@dataclass(slots=True)
class _Budget:
    checks_left: int
    deadline: float
    spent: bool = False
    signals: list[int] = field(default_factory=list)

    def progress(self) -> int:
        """SQLite's progress handler: non-zero stops the running query."""
        if self.signals:
            return 1
        self.checks_left -= 1
        if self.checks_left < 0 or time.monotonic() > self.deadline:
            self.spent = True
            return 1
        return 0

    def note_signal(self, number: int, _frame: FrameType | None) -> None:
        self.signals.append(number)


@contextmanager
def bounded_reading(
    connection: sqlite3.Connection, *, steps: int, seconds: float
) -> Iterator[None]:
    """Run the block's queries on ``connection`` within ``steps`` SQLite steps and ``seconds``.

    Raises BudgetSpentError when the budget stops a query; a signal that arrived meanwhile is
    handed to its own handler when the block ends (Ctrl-C: KeyboardInterrupt).
    """
    budget = _Budget(max(1, steps // CHECK_EVERY), time.monotonic() + seconds)
    previous = _defer_signals(budget)
    connection.set_progress_handler(budget.progress, CHECK_EVERY)
    try:
        yield
    except sqlite3.OperationalError:
        if budget.signals:
            pass  # handed on below
        elif budget.spent:
            raise BudgetSpentError from None
        else:
            raise
    finally:
        connection.set_progress_handler(None, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in budget.signals[:1]:
            handler = previous[number]
            if callable(handler):
                handler(number, None)


def _defer_signals(budget: _Budget) -> dict[int, _Handler]:
    """Replace the Python handlers of SIGINT and SIGTERM by ones that note the signal;
    returns the handlers replaced (none outside the main thread, where signals go)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    replaced: dict[int, _Handler] = {}
    for number in _DEFERRED_SIGNALS:
        handler = signal.getsignal(number)
        if callable(handler):
            replaced[number] = handler
            signal.signal(number, budget.note_signal)
    return replaced
