"""How wide the command line's output is and whether it is coloured: decided here, once.

- Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org).
- Width: a table of data (``studyapp decks``, the demo list) is fitted to a terminal and never
  cut when piped, since a script may read it; a page meant for reading (``studyapp stats``)
  also follows ``$COLUMNS`` when piped, if it is set.
"""

from __future__ import annotations

import os
import shutil

from studyapp.cli.output import Output


def wants_color(out: Output) -> bool:
    """Whether to colour what goes to ``out``: a terminal, and no ``NO_COLOR``."""
    return out.isatty() and "NO_COLOR" not in os.environ


def table_width(out: Output) -> int | None:
    """The terminal's width for a table of data; None when piped (nothing is cut)."""
    return shutil.get_terminal_size().columns if out.isatty() else None


def page_width(out: Output) -> int | None:
    """The terminal's width; ``$COLUMNS`` when piped, if set; else None (nothing is cut)."""
    if out.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None
