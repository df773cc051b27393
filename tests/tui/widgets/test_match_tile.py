"""A matching tile shows its letter and its text; a click hands it up in a message."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from studyapp.modes.matching import Tile
from studyapp.tui.widgets.match_tile import MatchTile


class BoardApp(App[None]):
    """Two tiles, keeping the index of every tile picked."""

    def __init__(self) -> None:
        super().__init__()
        self.picked: list[int] = []

    def compose(self) -> ComposeResult:
        yield MatchTile(0, Tile(1, "question", "What adds [b]velocity[/b]?"), "a")
        yield MatchTile(1, Tile(1, "answer", "Momentum"), "b")

    def on_match_tile_picked(self, event: MatchTile.Picked) -> None:
        assert event.control is event.tile
        self.picked.append(event.tile.index)


def test_a_click_picks_the_tile_through_a_message() -> None:
    async def play() -> None:
        app = BoardApp()
        async with app.run_test(size=(60, 12)) as pilot:
            first, second = app.query(MatchTile)
            assert str(first.render()) == "a  What adds [b]velocity[/b]?"
            assert first.has_class("-question")
            assert second.has_class("-answer")
            await pilot.click("#tile-1")
            await pilot.click("#tile-0")
            assert app.picked == [1, 0]

    asyncio.run(play())
