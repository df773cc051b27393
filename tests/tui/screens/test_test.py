"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select

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
