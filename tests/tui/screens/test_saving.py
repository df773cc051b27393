"""Saving on screen: a write that keeps failing is shown, never raised; leaving can go on while
it is retried; quitting says what would be lost and quits only when told to."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from studyapp.collection import Collection
from studyapp.modes.saving import Saver
from studyapp.scope import Scope
from studyapp.store.errors import StoreError
from studyapp.store.schema import reviews
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.saving import SavingScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from studyapp.tui.widgets.saving_line import SaveIndicator

FULL = "disk full: cannot write to study.sqlite3; nothing was changed"


class FailingRatings:
    """Makes the collection's ratings fail with a full disk until ``fixed``."""

    def __init__(self, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fixed = False
        rate = collection.rate

        def failing_rate(*args: Any, **kwargs: Any) -> Any:
            if not self.fixed:
                raise StoreError(FULL)
            return rate(*args, **kwargs)

        monkeypatch.setattr(collection, "rate", failing_rate)


@pytest.fixture
def failing(collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch) -> FailingRatings:
    return FailingRatings(collection, monkeypatch)


@pytest.fixture
def app(collection: Collection) -> Iterator[StudyApp]:
    saver = Saver(retry_delays=(0.02,))
    yield create_app(collection, saver=saver)
    saver.close()


async def _until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never got there")


def _ratings(collection: Collection) -> list[int]:
    with collection.engine.connect() as db:
        return list(db.scalars(select(reviews.c.rating).order_by(reviews.c.id)))


def test_a_failing_write_is_shown_and_quitting_anyway_says_what_is_lost(
    app: StudyApp, collection: Collection, failing: FailingRatings
) -> None:
    async def play() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space", "3")
            assert isinstance(app.screen, SpacedScreen)
            assert app.screen.session.summary().ratings == 1  # on to the next card
            await _until(pilot, lambda: app.save_indicator.text is not None)
            assert app.save_indicator.text == f"Not saved yet (1 rating): {FULL}. Trying again…"
            assert app.screen.query_one(SaveIndicator).has_class("-error")
            await pilot.press("ctrl+q")
            waiting = app.screen
            assert isinstance(waiting, SavingScreen)
            await _until(pilot, lambda: waiting.asking)  # an error: asked at once
            choice = str(waiting.query_one("#saving-choice").render())
            assert "q quit anyway (1 rating will be lost)" in choice
            await pilot.press("ctrl+q")  # a second ctrl+q does not decide for the student
            assert app.screen is waiting
            await pilot.press("q")
            await _until(pilot, lambda: not app.is_running)

    asyncio.run(play())
    assert app.return_code in (None, 0)
    assert _ratings(collection) == []  # lost, as the student was told


def test_leaving_can_go_on_while_a_failing_write_is_retried(
    app: StudyApp, collection: Collection, failing: FailingRatings
) -> None:
    async def play() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            nonlocal rated_card
            await pilot.press("enter", "space")
            spaced = app.screen
            assert isinstance(spaced, SpacedScreen)
            assert spaced.session.current is not None
            rated_card = spaced.session.current.id
            await pilot.press("4", "escape")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")
            waiting = app.screen
            assert isinstance(waiting, SavingScreen)
            await _until(pilot, lambda: waiting.asking)
            choice = str(waiting.query_one("#saving-choice").render())
            assert "enter go on (saving goes on in the background)" in choice
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)
            assert app.saver.status().pending == 1  # kept, still tried
            await _until(pilot, lambda: app.save_indicator.text is not None)
            await pilot.press("enter")  # a new session waits too: its queue needs the rating
            starting = app.screen
            assert isinstance(starting, SavingScreen)
            assert "Starting once your work is saved." in str(
                starting.query_one("#saving-message").render()
            )
            failing.fixed = True
            await _until(pilot, lambda: isinstance(app.screen, SpacedScreen))
            assert app.saver.status().saved
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            assert rated_card not in screen.session.order.pending  # due another day now
            await pilot.pause()
            await pilot.press("escape")  # nothing rated in this one: no summary, straight home
            assert isinstance(app.screen, HomeScreen)
            assert app.save_indicator.text is None  # the wait said it all

    rated_card = 0
    asyncio.run(play())
    assert _ratings(collection) == [4]


def test_leaving_with_everything_saved_does_not_stop(
    app: StudyApp, collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space", "5", "escape")
            await _until(pilot, lambda: app.saver.status().saved)
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)
            assert app.save_indicator.text is None  # a quick write shows nothing

    asyncio.run(play())
    assert _ratings(collection) == [5]
