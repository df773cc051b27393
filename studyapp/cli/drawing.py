"""Tables and coloured text drawn with Rich, as text for :class:`~studyapp.cli.output.Output`.

Rich lays out and colours; this module decides what Rich is given, so that what it draws is
safe and stays plain when piped:

- every piece of text becomes a Rich ``Text`` through :func:`safe_text`, which removes control
  characters first (:func:`~studyapp.terminal_text.terminal_safe`); a ``str`` is never handed
  to Rich, whose console markup (``[bold]``) and emoji codes (``:smile:``) would otherwise read
  card text as instructions;
- a table has no borders: columns are two spaces apart, with the header's text bold on a
  terminal;
- :func:`render` draws without colour codes unless asked for colour, never wraps a line (the
  commands fit their text to the width themselves), drops the spaces Rich pads lines with, and
  marks its colour codes as the command line's own (:func:`~studyapp.cli.output.own_colors`).

Importing this module loads Rich: the commands import it when they draw, so that ``studyapp``
starts without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from typing import Final

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from studyapp.cli.output import own_colors
from studyapp.terminal_text import terminal_safe

#: Spaces between two columns of a table.
COLUMN_GAP: Final = 2
#: A table's last column is left out rather than cut to fewer characters than this.
NARROWEST_LAST_COLUMN: Final = 8
#: The width Rich is given: more than any line, so that Rich never wraps or shrinks one.
_UNLIMITED: Final = 1_000_000
#: The end of a line: spaces, and colour codes among them (kept: they close a style).
_LINE_END: Final = re.compile(r"(?: |\x1b\[[0-9;]*m)+$")
_COLOR_CODE: Final = re.compile(r"\x1b\[[0-9;]*m")

#: A cell of a table: text (made safe here) or a Text made by :func:`safe_text`.
Cell = str | Text


def safe_text(text: str, style: str = "") -> Text:
    """``text`` without control characters, as Rich text in a style (``"bold"``, ``"green"``)."""
    return Text(terminal_safe(text), style=style)


def table(
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    right: Collection[int] = (),
    width: int | None = None,
) -> Table:
    """Rows under a header as aligned columns (those in ``right`` right-aligned).

    With a ``width`` (a terminal's), the last column is shortened with "…" to fit, or left
    out when fewer than :data:`NARROWEST_LAST_COLUMN` characters would remain; the other
    columns are never cut.
    """
    heads = [
        safe_text(cell, "bold" if cell else "") if isinstance(cell, str) else cell
        for cell in header
    ]
    body = [[_as_text(cell) for cell in row] for row in rows]
    widths = [max(text.cell_len for text in column) for column in zip(heads, *body, strict=True)]
    last_width = None
    gaps = COLUMN_GAP * (len(widths) - 1)
    if width is not None and sum(widths) + gaps > width:
        room = width - sum(widths[:-1]) - gaps
        if room < NARROWEST_LAST_COLUMN:
            return table(header[:-1], [row[:-1] for row in rows], right)
        last_width = room
    grid = Table(
        box=None,
        padding=(0, COLUMN_GAP // 2),
        pad_edge=False,
        show_edge=False,
        header_style="",
    )
    for number, head in enumerate(heads):
        grid.add_column(
            head,
            justify="right" if number in right else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=last_width if number == len(heads) - 1 else None,
        )
    for row in body:
        grid.add_row(*row)
    return grid


def format_table(
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    right: Collection[int] = (),
    width: int | None = None,
) -> str:
    """The :func:`table` as plain text, one line per row."""
    return render(table(header, rows, right, width), color=False)


def render(*parts: RenderableType, color: bool) -> str:
    """``parts`` one below the other as text; with ``color``, in colour for a terminal."""
    console = Console(
        file=io.StringIO(),
        width=_UNLIMITED,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    with console.capture() as captured:
        console.print(Group(*parts))
    lines = [_LINE_END.sub(_codes_only, line) for line in captured.get().splitlines()]
    text = "\n".join(lines)
    return own_colors(text) if color else text


def _as_text(cell: Cell) -> Text:
    return safe_text(cell) if isinstance(cell, str) else cell


def _codes_only(match: re.Match[str]) -> str:
    """The colour codes of a line's end without its spaces."""
    return "".join(_COLOR_CODE.findall(match.group()))
