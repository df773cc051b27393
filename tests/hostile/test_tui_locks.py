"""Another process holds the store's write lock while the TUI rates cards: nothing is lost.

The second process takes the lock with ``BEGIN IMMEDIATE`` (as a long import would) and keeps
it until the test lets go, so nothing here depends on how fast the machine is. The collection
gives up on a held lock after half a second, so the saver's retrying is exercised too.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from textual.pilot import Pilot

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.saving import SavingScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from tests.conftest import WriteDeck
from tests.hostile.conftest import another_process_writing

DECK = "---\nid: basics\ntitle: Basics\n---\n## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock, write_deck: WriteDeck) -> Iterator[Collection]:
    """A store of three new cards whose writes give up on a held lock after 0.5 s."""
    opened = Collection.open(
        f"sqlite:///{tmp_path / 'study.sqlite3'}", clock, bundled=False, lock_wait=0.5
    )
    opened.import_file(write_deck("basics.md", DECK))
    yield opened
    opened.close()


def _ratings(db: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT mode, rating FROM reviews ORDER BY id").fetchall()


async def _until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 20) -> None:
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never got there")


async def _until_stopped(app: StudyApp, seconds: float = 20) -> None:
    """Until the app has stopped, looked at without Pilot's pause: that waits for the screen's
    widgets to take their messages, which the widgets of an app shutting down never do."""
    for _ in range(int(seconds * 100)):
        if not app.is_running:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never stopped")


def _db(collection: Collection) -> Path:
    assert collection.engine.url.database
    return Path(collection.engine.url.database)


def test_three_ratings_while_another_process_writes_are_all_saved(store: Collection) -> None:
    db = _db(store)

    async def play(release: Callable[[], None]) -> StudyApp:
        app = create_app(store)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            for left in (2, 1, 0):
                await pilot.press("space", "4")
                assert screen.session.remaining == left  # on at once, the lock still held
            assert isinstance(app.screen, SummaryScreen)
            # the line is redrawn on a timer: it may first show the count of an earlier moment
            shown = "Saving 3 ratings… (another studyapp is writing)"
            await _until(pilot, lambda: app.save_indicator.text == shown)
            assert app.saver.status().pending == 3
            await pilot.press("enter")  # back to the decks: waits for the writes, visibly
            waiting = app.screen
            assert isinstance(waiting, SavingScreen)
            assert "Leaving once your work is saved." in str(
                waiting.query_one("#saving-message").render()
            )
            assert _ratings(db) == []
            release()
            await _until(pilot, lambda: isinstance(app.screen, HomeScreen))
            assert app.saver.status().saved
            assert app.save_indicator.text in ("Saved", None)  # shown a moment, then gone
            await _until(pilot, lambda: app.save_indicator.text is None)
        return app

    with another_process_writing(db) as release:
        app = asyncio.run(play(release))
    assert app.return_code in (None, 0)
    assert _ratings(db) == [("spaced", 4)] * 3


def test_quitting_while_another_process_writes_waits_and_can_keep_waiting(
    store: Collection,
) -> None:
    db = _db(store)

    async def play(release: Callable[[], None]) -> StudyApp:
        app = create_app(store)
        app.save_patience = 0.3
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "space", "5", "escape")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("ctrl+q")
            waiting = app.screen
            assert isinstance(waiting, SavingScreen)
            assert waiting.quitting
            await _until(pilot, lambda: waiting.asking)
            choice = str(waiting.query_one("#saving-choice").render())
            assert "w keep waiting · q quit anyway (1 rating will be lost)" in choice
            await pilot.press("w")
            assert not waiting.asking
            assert app.is_running
            release()
            await _until_stopped(app)
        return app

    with another_process_writing(db) as release:
        app = asyncio.run(play(release))
    assert app.return_code in (None, 0)
    assert _ratings(db) == [("spaced", 5)]
