"""Pilot tests of the dialogs that ask before anything is lost: their keys shown in the box, in
the footer and in the help; esc loses nothing."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import pytest
from textual.binding import Binding
from textual.widgets import Static

from studyapp.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.screens.confirm import (
    ConfirmDialog,
    LeaveMatchDialog,
    LeaveTestDialog,
    ResumeTestDialog,
    StartOverDialog,
)
from studyapp.tui.screens.help import HelpScreen

DIALOGS: list[tuple[Callable[[], ConfirmDialog], str, str]] = [
    (lambda: LeaveTestDialog(4), "s", "later"),
    (lambda: LeaveTestDialog(1), "l", "leave"),
    (lambda: LeaveMatchDialog(2), "l", "leave"),
    (lambda: ResumeTestDialog("opt", "4 of 10 answered, saved 12 min ago"), "enter", "resume"),
    (lambda: ResumeTestDialog("opt", "1 of 2 answered, saved just now"), "n", "new"),
    (lambda: StartOverDialog(3, 10), "r", "over"),
]


@pytest.mark.parametrize(("make", "key", "answer"), DIALOGS)
def test_each_answer_is_on_its_key_and_shown_with_it(
    collection: Collection, make: Callable[[], ConfirmDialog], key: str, answer: str
) -> None:
    chosen: list[str | None] = []

    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = make()
            app.push_screen(dialog, chosen.append)
            await pilot.pause()
            keys_line = str(dialog.query_one("#confirm-keys", Static).render())
            assert "esc" in keys_line
            for binding in dialog.BINDINGS:
                assert isinstance(binding, Binding)
                if binding.action != "help":
                    assert binding.description in keys_line
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            listed = {binding.description for binding in help_screen.keys}
            assert {"Help"} < listed
            await pilot.press("escape")
            assert app.screen is dialog
            await pilot.press(key)

    asyncio.run(play())
    assert chosen == [answer]


def test_esc_answers_none(collection: Collection) -> None:
    chosen: list[str | None] = []

    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = LeaveTestDialog(2)
            app.push_screen(dialog, chosen.append)
            await pilot.pause()
            assert "Your 2 answers will not be saved" in dialog.message
            await pilot.press("escape")

    asyncio.run(play())
    assert chosen == [None]
