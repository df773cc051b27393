"""Tables drawn with Rich: aligned, fitted to a terminal."""

from __future__ import annotations

import io

from studyapp.cli.drawing import format_table, render, safe_text, table
from studyapp.cli.output import TerminalOutput


def test_tables_fit_a_terminal_by_shortening_or_dropping_the_last_column() -> None:
    header = ("DECK", "CARDS", "TITLE")
    rows = [("optimizers", "12", "Optimizers and their learning rates")]
    full = format_table(header, rows, right={1})
    assert full.splitlines()[1] == "optimizers     12  Optimizers and their learning rates"
    assert format_table(header, rows, right={1}, width=200) == full
    assert format_table(header, rows, right={1}, width=30).splitlines() == [
        "DECK        CARDS  TITLE",
        "optimizers     12  Optimizers…",
    ]
    assert format_table(header, rows, right={1}, width=22).splitlines() == [
        "DECK        CARDS",
        "optimizers     12",
    ]


def test_cells_are_text_never_markup_and_lose_their_controls() -> None:
    hostile = "[bold]x[/bold] :smile: \x1b[31mred\u202e"
    assert format_table(["A"], [[hostile]]).splitlines()[1] == "[bold]x[/bold] :smile: [31mred"


def test_lines_lose_their_padding_but_keep_their_colour_codes() -> None:
    text = render(table(["A", "B"], [["long", ""], ["x", safe_text("y", "green")]]), color=False)
    assert text.splitlines() == ["A     B", "long", "x     y"]
    shown = io.StringIO()
    TerminalOutput(shown).write(render(safe_text("y ", "green"), color=True))
    assert shown.getvalue() == "\x1b[32my\x1b[0m"  # the codes marked as the CLI's own
