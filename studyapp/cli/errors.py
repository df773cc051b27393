"""How a command ends when it does not succeed: the one place for user errors and signals.

- :class:`UserError`: a problem the user can fix (a bad deck file, an unknown deck, an
  unreachable or unwritable database, a bad option). ``main`` prints it as one line,
  ``studyapp: <message>``, with no traceback, and exits with :data:`USER_ERROR`.
- Ctrl-C ends a command with :data:`INTERRUPTED`; SIGTERM, turned into :class:`Terminated` by
  :func:`sigterm_as_interrupt`, ends it the same way (so ``finally`` blocks still clean up) with
  :data:`TERMINATED`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Final

#: Exit status of anything the user can fix (argparse uses it for bad arguments too).
USER_ERROR: Final = 2
#: Exit status after Ctrl-C.
INTERRUPTED: Final = 130
#: Exit status after SIGTERM.
TERMINATED: Final = 143


class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit status 2."""


class Terminated(KeyboardInterrupt):
    """The process was asked to end (SIGTERM): unwound like Ctrl-C, exit status 143."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While in this block, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt), so that
    ``finally`` blocks and context managers clean up (temporary folders, transactions)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return

    def terminate(_signum: int, _frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
