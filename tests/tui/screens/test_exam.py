"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.exam import ExamQuestion
from studyapp.scope import Scope
from studyapp.store.schema import answers, exams, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.exam import LETTERS, ExamResultsScreen, ExamScreen, ExamSetupScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from tests.store_rows import all_rows, one_row
from tests.tui.keys import keys_for


def _answer_keys(question: ExamQuestion) -> list[str]:
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
            assert isinstance(app.screen, ExamSetupScreen)
            await pilot.press("backspace", "backspace", "6", "enter")
            screen = app.screen
            assert isinstance(screen, ExamScreen)
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
            assert isinstance(results, ExamResultsScreen)
            await pilot.press("2", "5")  # rate the first two questions
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        exam = one_row(db, exams)
        assert (exam.questions, exam.correct, exam.duration_ms) == (6, 5, 75_000)
        assert exam.scope == "deck:opt"
        wrong = all_rows(db, answers, answers.c.correct.is_(False))
        assert wrong
        assert all(a.exam_id == exam.id for a in wrong)
        ratings = db.execute(select(reviews.c.mode, reviews.c.rating)).all()
        assert {mode for mode, _ in ratings} == {"test"}
        assert sorted({rating for _, rating in ratings}) == [2, 5]
