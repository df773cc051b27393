"""The base screens reach the app typed: its collection; anywhere else they say so."""

from __future__ import annotations

import asyncio
import random

import pytest
from textual.app import App
from textual.screen import ModalScreen

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.base import StudyDialog, StudyScreen, SummaryDialog
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.matching import TILE_KEYS, MatchDoneScreen, MatchScreen
from tests.store_rows import all_rows


def test_a_screen_and_a_dialog_reach_the_app_and_its_collection(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, StudyScreen)
            assert home.study_app is app
            assert home.collection is collection
            dialog: StudyDialog[None] = StudyDialog()
            await app.push_screen(dialog)
            await pilot.pause()
            assert isinstance(dialog, ModalScreen)
            assert dialog.study_app is app
            assert dialog.collection is collection

    asyncio.run(play())


def test_a_screen_in_another_app_says_what_it_needs() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 24)) as pilot:
            screen: StudyScreen[None] = StudyScreen()
            await app.push_screen(screen)
            await pilot.pause()
            with pytest.raises(TypeError, match="studyapp's screens run in a StudyApp, not in App"):
                _ = screen.study_app

    asyncio.run(play())


def test_a_summary_holds_even_a_widgets_keys_until_it_settles(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a moment that never ends by itself here: the test settles it (timing-free on busy machines)
    monkeypatch.setattr(SummaryDialog, "SETTLE_SECONDS", 600.0)

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("m")
            board = app.screen
            assert isinstance(board, MatchScreen)
            tiles = board.game.tiles
            last: list[str] = []
            for index, tile in enumerate(tiles):
                if tile.side == "question":
                    partner = next(
                        j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != index
                    )
                    last = [TILE_KEYS[index], TILE_KEYS[partner]]
                    await pilot.press(*last)
            done = app.screen
            assert isinstance(done, MatchDoneScreen)
            await pilot.press("3", "escape")  # typed on: neither rates a pair nor closes
            assert app.screen is done
            done.settle()  # as its timer does
            await pilot.pause()
            await pilot.press("4")  # settled: the table takes its 1–5
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert [row.rating for row in all_rows(db, reviews)] == [4]


def test_a_summary_settles_by_its_own_timer(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SummaryDialog, "SETTLE_SECONDS", 0.05)

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            dialog: SummaryDialog[None] = SummaryDialog()
            await app.push_screen(dialog)
            assert not dialog.settled

            async def settling() -> None:
                while not dialog.settled:
                    await pilot.pause(0.01)

            # no key: its own timer alone settles it (the bound only ends a test that hangs)
            await asyncio.wait_for(settling(), timeout=30)
            assert dialog.settled

    asyncio.run(play())
