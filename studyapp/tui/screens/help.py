"""The help screen: every key of the screen it was opened from, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


class HelpScreen(ModalScreen[None]):
    """Lists the keys of one screen; any of esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, bindings: list[BindingType]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = [b for b in bindings if isinstance(b, Binding) and b.description]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys: {self.title_text}", id="help-title")
            table: DataTable[str] = DataTable(show_cursor=False, zebra_stripes=True)
            table.add_columns("Key", "What it does")
            for binding in self.keys:
                key = ", ".join(_key_name(key) for key in binding.key.split(","))
                table.add_row(key, binding.tooltip or binding.description)
            yield table
            yield Static("esc closes this help", id="help-hint")


def _key_name(key: str) -> str:
    names = {"question_mark": "?", "escape": "esc", "space": "space", "enter": "enter"}
    return names.get(key.strip(), key.strip())
