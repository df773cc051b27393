"""The base screens reach the app typed: its collection; anywhere else they say so."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.screen import ModalScreen

from studyapp.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.screens.base import StudyDialog, StudyScreen


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
