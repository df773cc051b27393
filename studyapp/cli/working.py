"""A line on stderr that shows a long step is under way: a spinner and the seconds it has taken,
redrawn in place, then the step's last state left on its line.

Drawn only on a terminal (a pipe or a file gets the one final line), and only with text that
has passed the sanitiser: the carriage return and the erase-to-end-of-line that redraw it are
the only control codes written, and they are this module's own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from studyapp.cli.output import Output, TerminalOutput
from studyapp.terminal_text import one_line

#: The spinner's frames, and how often it is redrawn (seconds).
FRAMES: Final = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
TICK: Final = 0.1


@contextmanager
def working(label: str, err: Output) -> Iterator[None]:
    """Show ``label`` with a spinner and its seconds on ``err`` while the block runs (on a
    terminal), then ``label`` with the seconds it took, whether the block ended well or not."""
    label = one_line(label)
    started = time.monotonic()
    raw = err.stream if isinstance(err, TerminalOutput) and err.isatty() else None
    done = threading.Event()

    def spin() -> None:
        frame = 0
        while raw is not None and not done.wait(TICK):
            seconds = time.monotonic() - started
            raw.write(f"\r{FRAMES[frame % len(FRAMES)]} {label} {seconds:.0f} s\x1b[K")
            raw.flush()
            frame += 1

    spinner = threading.Thread(target=spin, daemon=True)
    if raw is not None:
        spinner.start()
    try:
        yield
    finally:
        done.set()
        if raw is not None:
            spinner.join()
            raw.write("\r\x1b[K")
        print(f"{label} {time.monotonic() - started:.1f} s", file=err, flush=True)
