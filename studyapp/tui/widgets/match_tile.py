"""A tile of the matching game: its key letter and its text; a click posts ``Picked``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from studyapp.tui.widgets.text import plain

if TYPE_CHECKING:
    from studyapp.modes.matching import Tile


class MatchTile(Static):
    """One tile of the board, picked by a click (or by its letter, on the screen's keys).

    It shows its whole text, wrapped at word boundaries: the board grows and scrolls rather
    than cut a question or an answer short.
    """

    can_focus = True

    class Picked(Message):
        """The tile was clicked: the screen picks it in the game."""

        def __init__(self, tile: MatchTile) -> None:
            super().__init__()
            self.tile = tile

        @property
        def control(self) -> MatchTile:
            """The tile clicked."""
            return self.tile

    def __init__(self, index: int, tile: Tile, letter: str) -> None:
        """Tile number ``index`` of the board, showing ``letter``, the key that picks it."""
        super().__init__(id=f"tile-{index}", classes=f"tile -{tile.side}")
        self.index = index
        self.tile = tile
        self.letter = letter

    def on_mount(self) -> None:
        key = Content.styled(f"{self.letter}  ", "bold $accent")
        self.update(Content.assemble(key, plain(" ".join(self.tile.text.split()))))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Picked(self))
