"""Pilot tests: the marks keys of spaced review (@ suspend, - bury, * star, f flag) and learn
(* star, f flag), undo of a card set aside, and what the screen says of a leech; each checked
in the store."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from studyapp.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.screens.card_marks import LEECH_SUSPENDED, FlagDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from tests.conftest import WriteDeck
from tests.modes.saving_tools import store_path, write_lock

THREE = "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"


@pytest.fixture
def card_ids(collection: Collection, write_deck: WriteDeck) -> list[int]:
    collection.import_file(write_deck("three.md", THREE))
    return list(collection.due_queue().card_ids)


async def _review(pilot: Pilot[None]) -> SpacedScreen:
    """Open spaced review of the deck selected on home."""
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, SpacedScreen)
    return screen


def _toasts(screen: SpacedScreen) -> list[str]:
    return [str(toast.render()) for toast in screen.query("Toast").results(Static)]


def _progress(screen: SpacedScreen) -> str:
    return str(screen.query_one("#progress", Static).content)


def _shown(screen: SpacedScreen) -> int:
    assert screen.session.current is not None
    return screen.session.current.id


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_suspend_and_bury_take_the_card_out_and_undo_brings_it_back(
    collection: Collection, card_ids: list[int], size: tuple[int, int]
) -> None:
    first, second, third = card_ids

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=size) as pilot:
            screen = await _review(pilot)
            await pilot.press("@")
            assert _shown(screen) == second
            assert "card suspended" in _progress(screen)
            assert screen.session.remaining == 2
            await pilot.press("space", "-")  # buried with its answer shown
            assert _shown(screen) == third
            assert not screen.session.revealed
            screen.session.saver.flush()
            assert collection.card_marks(first).suspended
            assert collection.card_marks(second).buried_until == date(2026, 3, 11)
            await pilot.press("u")
            assert _shown(screen) == second
            assert "bury undone" in _progress(screen)
            screen.session.saver.flush()
            assert collection.card_marks(second).buried_until is None
            await pilot.press("space", "5", "space", "5")  # Q2, Q3: the session is over
            assert isinstance(app.screen, SummaryScreen)
            summary = str(app.screen.query_one("#summary-box", Static).content)
            assert summary.endswith("\nSet aside       1 suspended")

    asyncio.run(play())
    assert collection.card_marks(first).suspended
    assert first not in collection.due_queue().card_ids


def test_star_and_flag_show_on_the_card(collection: Collection, card_ids: list[int]) -> None:
    first = card_ids[0]

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _review(pilot)
            await pilot.press("*")
            assert "★" in _progress(screen)
            await pilot.press("f")
            assert isinstance(app.screen, FlagDialog)
            await pilot.press("6")
            assert app.screen is screen
            assert "⚑ turquoise" in _progress(screen)
            assert _shown(screen) == first  # marks keep the card
            await pilot.press("f", "escape")  # left: the flag stays
            assert "⚑ turquoise" in _progress(screen)
            await pilot.press("f", "0", "*")
            assert "⚑" not in _progress(screen)
            assert "★" not in _progress(screen)
            await pilot.press("*", "f", "2")
            screen.session.saver.flush()

    asyncio.run(play())
    marks = collection.card_marks(first)
    assert (marks.starred, marks.flag, marks.suspended) == (True, 2, False)


def test_the_marks_keys_are_in_help(collection: Collection, card_ids: list[int]) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "question_mark")
            assert isinstance(app.screen, HelpScreen)
            shown = {binding.action for binding in app.screen.keys if hasattr(binding, "action")}
            assert {"suspend", "bury", "star", "flag"} <= shown

    asyncio.run(play())


def test_a_leech_is_suspended_and_the_student_told(
    collection: Collection, card_ids: list[int]
) -> None:
    collection.leech_threshold = 1  # a new card's first 1 is a lapse
    first, second, _ = card_ids

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await _review(pilot)
            await pilot.press("space", "1")
            await pilot.pause()
            assert any(LEECH_SUSPENDED in toast for toast in _toasts(screen))
            assert _shown(screen) == second
            assert first not in screen.session.order.pending  # not back to repeat
            screen.session.saver.flush()
            assert collection.card_marks(first).suspended
            await pilot.press("u")
            assert _shown(screen) == first
            screen.session.saver.flush()
            marks = collection.card_marks(first)
            assert (marks.leech, marks.suspended) == (False, False)

    asyncio.run(play())


@pytest.mark.sqlite_only
def test_a_leech_written_late_leaves_once_its_rating_is_in(
    collection: Collection, card_ids: list[int]
) -> None:
    collection.leech_threshold = 1
    first, second, third = card_ids

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await _review(pilot)
            with write_lock(store_path(collection.engine)):
                await pilot.press("space", "1")  # the rating waits for the lock
                assert not screen.session.given[0].saved.done()
                assert list(screen.session.order.pending) == [second, third, first]
            assert screen.session.saver.flush(timeout=10)
            await pilot.pause()
            assert list(screen.session.order.pending) == [second, third]
            assert any(LEECH_SUSPENDED in toast for toast in _toasts(screen))

    asyncio.run(play())


def test_learn_stars_and_flags_the_card_asked(collection: Collection, card_ids: list[int]) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            question = screen.session.question
            assert question is not None
            asked = question.card.id
            progress = screen.query_one("#progress", Static)
            await pilot.press("*", "f", "1")
            assert "★ · ⚑ red" in str(progress.content)
            screen.session.saver.flush()
            marks = collection.card_marks(asked)
            assert (marks.starred, marks.flag, marks.suspended) == (True, 1, False)

    asyncio.run(play())
