"""A drawing is drawn for the width it gets, and again only when that width changes."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import App, ComposeResult

from studyapp.tui.widgets.drawing import Drawing


class DrawingApp(App[None]):
    """One drawing across the screen, keeping the widths it was drawn for."""

    def __init__(self) -> None:
        super().__init__()
        self.widths: list[int] = []

    def compose(self) -> ComposeResult:
        yield Drawing(self.draw, id="drawing")

    def draw(self, width: int) -> Text:
        self.widths.append(width)
        return Text("=" * width, end="")


def test_a_new_width_redraws_and_a_new_height_does_not() -> None:
    async def play() -> None:
        app = DrawingApp()
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            drawing = app.query_one(Drawing)
            assert app.widths == [40]
            assert str(drawing.render()) == "=" * 40
            await pilot.resize_terminal(30, 10)
            await pilot.pause()
            assert app.widths == [40, 30]
            assert str(drawing.render()) == "=" * 30
            await pilot.resize_terminal(30, 14)
            await pilot.pause()
            assert app.widths == [40, 30]

    asyncio.run(play())
