"""Tables drawn with Rich: aligned, fitted to a terminal."""

from __future__ import annotations

from studyapp.cli.drawing import format_table


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
