"""The card browser's column chooser: a tick for each column after the question."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import SelectionList, Static

from studyapp.tui.screens.base import StudyDialog
from studyapp.tui.widgets.footer import StableFooter

if TYPE_CHECKING:
    from studyapp.tui.screens.browser import Column


class ColumnsDialog(StudyDialog[tuple[str, ...] | None]):
    """Tick the columns to show (those that fit the window are shown); closes with the
    columns ticked, in table order, or None if they are the ones ticked at first."""

    HELP_TITLE: ClassVar[str] = "the browser's columns"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,ctrl+s", "done", "Done", id="columns.done"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, columns: Sequence[Column], ticked: Container[str]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.ticked = ticked

    def compose(self) -> ComposeResult:
        with Vertical(id="columns-box"):
            yield Static(Content.styled("Columns", "bold"), id="columns-title")
            yield Static("space ticks a column; esc when done", id="columns-hint")
            yield SelectionList[str](
                *(
                    (column.label, column.sort, column.sort in self.ticked)
                    for column in self.columns
                ),
                id="columns-list",
                compact=True,
            )
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#columns-list", SelectionList).focus()

    def action_down(self) -> None:
        self.query_one("#columns-list", SelectionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#columns-list", SelectionList).action_cursor_up()

    def action_done(self) -> None:
        """Close with the columns ticked, in table order."""
        ticked = set(self.query_one("#columns-list", SelectionList).selected)
        columns = tuple(column.sort for column in self.columns if column.sort in ticked)
        unchanged = columns == tuple(c.sort for c in self.columns if c.sort in self.ticked)
        self.dismiss(None if unchanged else columns)
