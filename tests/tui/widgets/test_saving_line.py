"""The saving line: shown while a write is slow, "Saved" a moment where it was, never on a
screen that says it all."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.screen import Screen

from studyapp.modes.saving import SaveStatus
from studyapp.tui.widgets.saving_line import MOMENT, SaveIndicator, SaveIndicatorKeeper

SLOW = SaveStatus(1, MOMENT, busy=True, error=None, kinds={"rating": 1})
QUICK = SaveStatus(1, MOMENT / 10, busy=False, error=None, kinds={"rating": 1})
SAVED = SaveStatus(0, 0.0, busy=False, error=None)


class WaitScreen(Screen[None]):
    """A screen that shows the saving itself."""


def test_the_line_shows_while_slow_then_saved_where_it_was() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            first = Screen[None]()
            await app.push_screen(first)
            keeper = SaveIndicatorKeeper(app, hidden_on=(WaitScreen,))
            keeper.update(QUICK)
            assert keeper.text is None  # a moment's write: no line
            keeper.update(SLOW)
            await pilot.pause()
            assert keeper.text == "Saving 1 rating… (another studyapp is writing)"
            assert first.query_one(SaveIndicator) is keeper.widget
            keeper.update(SAVED)
            assert keeper.text == "Saved"
            second = Screen[None]()
            await app.push_screen(second)
            keeper.update(SLOW)  # the line follows the student to the new screen
            await pilot.pause()
            assert keeper.widget is not None
            assert keeper.widget.screen is second
            assert not first.query(SaveIndicator)

    asyncio.run(play())


def test_no_saved_after_a_screen_change_or_on_a_screen_that_says_it_all() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            first = Screen[None]()
            await app.push_screen(first)
            keeper = SaveIndicatorKeeper(app, hidden_on=(WaitScreen,))
            keeper.update(SLOW)
            await pilot.pause()
            assert keeper.text is not None
            await app.push_screen(Screen[None]())
            keeper.update(SAVED)  # written while the line was on the screen left behind
            await pilot.pause()
            assert keeper.text is None
            assert not first.query(SaveIndicator)
            await app.push_screen(WaitScreen())
            keeper.update(SLOW)
            await pilot.pause()
            assert keeper.text is None
            assert not app.screen.query(SaveIndicator)

    asyncio.run(play())


def test_a_line_left_on_a_closed_screen_is_not_what_shows() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            await app.push_screen(Screen[None]())
            keeper = SaveIndicatorKeeper(app, hidden_on=(WaitScreen,))
            keeper.update(SLOW)
            await pilot.pause()
            assert keeper.text is not None
            app.pop_screen()  # before the next update takes the line away
            await pilot.pause()
            assert keeper.widget is not None  # still held…
            assert keeper.text is None  # …but shown nowhere

    asyncio.run(play())
