"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select
from textual.content import Content
from textual.widgets import DataTable, Static

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.test import TestQuestion, TestSession
from studyapp.scope import Scope
from studyapp.store.schema import answers, reviews, test_results
from studyapp.tui.app import create_app
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.test import LETTERS, TestResultsScreen, TestScreen, TestSetupScreen
from studyapp.tui.widgets.answer_diff import AnswerDiffView
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


def test_i_was_right_in_the_results_updates_the_score_and_the_store(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            session = TestSession.start(
                collection, deck, 2, ["written"], random.Random(1), saver=app.saver
            )
            app.push_screen(TestScreen(session))
            await pilot.pause()
            first, second = session.questions
            await pilot.press(*keys_for("Dropuot"), "enter")  # wrong, then right
            await pilot.press(*keys_for(second.cards[0].short or ""), "enter")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            score = results.query_one("#score", Static)
            assert str(score.content).startswith("Score 1 of 2 (50%)")
            diff_view = results.query_one("#answer-diff", AnswerDiffView)
            assert diff_view.display  # the wrong written answer against the expected one
            assert isinstance(diff_view.content, Content)
            assert diff_view.content.plain == (
                f"You typed  Dropuot\nExpected   {first.cards[0].short}"
            )
            await pilot.press("o")
            assert str(score.content).startswith("Score 2 of 2 (100%)")
            table = results.query_one("#marks", DataTable)
            assert str(table.get_row_at(0)[1]) == "✓"
            assert not diff_view.display
            assert not results.check_action("override", ())  # once is enough
            await pilot.press("down")  # the right answer: nothing to override
            assert not results.check_action("override", ())
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.questions, test_row.correct) == (2, 2)
        overridden = one_row(db, answers, answers.c.overridden.is_(True))
        assert (overridden.given, overridden.correct, overridden.test_id) == (
            "Dropuot",
            True,
            test_row.id,
        )
