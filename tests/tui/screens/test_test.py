"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select
from textual.widgets import Checkbox, OptionList

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.test import TestQuestion
from studyapp.scope import Scope
from studyapp.store.schema import answers, reviews, test_results
from studyapp.tui.app import create_app
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.test import LETTERS, TestResultsScreen, TestScreen, TestSetupScreen
from tests.store_rows import all_rows, one_row
from tests.tui.fit import (
    assert_footer_keeps_help_and_leave,
    assert_within_width,
    footer_keys,
    resize_round_trip,
)
from tests.tui.keys import keys_for


def _answer_keys(question: TestQuestion) -> list[str]:
    if question.choice is not None:
        return [str(question.choice.answer + 1)]
    if question.true_false is not None:
        return ["t" if question.true_false.is_true else "f"]
    if question.matching is not None:
        return [*(LETTERS[pick] for pick in question.matching.solution), "enter"]
    return [*keys_for(question.cards[0].short or ""), "enter"]


def test_a_whole_test(collection: Collection, deck: Scope, clock: FixedClock) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("t")
            assert isinstance(app.screen, TestSetupScreen)
            await pilot.press("backspace", "backspace", "6", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            questions = screen.session.questions
            kinds = {question.kind for question in questions}
            assert kinds == {"choice", "true_false", "written", "matching"}
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            for question in questions[:-1]:
                clock.advance(seconds=15)
                await pilot.press(*_answer_keys(question))
            await pilot.press("ctrl+n")  # skip the last one: it stays unanswered
            await pilot.press("ctrl+s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            await pilot.press("2", "5")  # rate the first two questions
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.questions, test_row.correct, test_row.duration_ms) == (6, 5, 75_000)
        assert test_row.scope == "deck:opt"
        wrong = all_rows(db, answers, answers.c.correct.is_(False))
        assert wrong
        assert all(a.test_id == test_row.id for a in wrong)
        ratings = db.execute(select(reviews.c.mode, reviews.c.rating)).all()
        assert {mode for mode, _ in ratings} == {"test"}
        assert sorted({rating for _, rating in ratings}) == [2, 5]


def test_setup_enter_starts_space_ticks_and_help_lists_its_keys(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            assert_footer_keeps_help_and_leave(app, leave="esc")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert {b.description for b in app.screen.keys} >= {"Start", "Tick", "Cancel"}
            await pilot.press("escape")
            await pilot.press("tab", "space")  # untick multiple choice
            assert not setup.query_one("#kind-choice", Checkbox).value
            true_false = setup.query_one("#kind-true_false", Checkbox)
            await pilot.press("tab", "enter")  # enter on a box starts, it does not tick
            assert true_false.value
            screen = app.screen
            assert isinstance(screen, TestScreen)
            assert "choice" not in {q.kind for q in screen.session.questions}

    asyncio.run(play())


def test_left_and_right_move_between_questions_outside_the_answer_field(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t", "tab", "tab", "tab", "space", "tab", "space", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)  # multiple choice and true/false only
            await pilot.press("right", "right")
            assert screen.number == 3
            await pilot.press("left")
            assert screen.number == 2
            await pilot.press("j")  # j moves in the options, like the down arrow
            choices = screen.query_one("#choices", OptionList)
            assert choices.highlighted == 1
            await pilot.press("k")
            assert choices.highlighted == 0

    asyncio.run(play())


def test_every_question_fits_and_help_stays_in_the_footer(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("t", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            written = next(q.number for q in screen.session.questions if q.kind == "written")
            for _ in range(written - 1):
                await pilot.press("ctrl+n")
            assert screen.focused is screen.query_one("#written")  # where ? is typed

            def check(width: int) -> None:
                assert_within_width(app, [screen.query_one("#card"), screen.query_one("#prompt")])
                keys = footer_keys(app)
                assert keys.get("F1", keys.get("f1")) is True, keys
                assert keys.get("esc") is True, keys

            await resize_round_trip(pilot, check)
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)

    asyncio.run(play())
