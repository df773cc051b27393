"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select
from textual.content import Content
from textual.widgets import Checkbox, DataTable, OptionList, Static

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.saving import Saver
from studyapp.modes.test import TestQuestion, TestSession
from studyapp.scope import Scope
from studyapp.store.schema import answers, reviews, test_results
from studyapp.tui.app import create_app
from studyapp.tui.screens.confirm import LeaveTestDialog, ResumeTestDialog, SubmitTestDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.test import LETTERS, TestResultsScreen, TestScreen, TestSetupScreen
from studyapp.tui.widgets.answer_diff import AnswerDiffView
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
            assert isinstance(app.screen, SubmitTestDialog)
            await pilot.press("s")  # submit with it unanswered
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


def _begin(count: int) -> list[str]:
    """Keys from the deck list to a test of ``count`` questions of every kind."""
    return ["t", "backspace", "backspace", *str(count), "enter"]


def test_esc_in_a_test_asks_before_anything_is_lost(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(5))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*_begin(4))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            await pilot.press(*_answer_keys(screen.question))
            await pilot.press("escape")
            assert isinstance(app.screen, LeaveTestDialog)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "escape")  # help closed, then keep going
            assert app.screen is screen
            assert (screen.session.answered, screen.number) == (1, 2)
            await pilot.press("escape", "l")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.unfinished_session("test", deck) is None
    with collection.engine.connect() as db:
        assert all_rows(db, test_results) == []


def test_a_test_left_to_resume_later_gives_the_same_questions_and_one_result(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(6))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*_begin(6))
            first = app.screen
            assert isinstance(first, TestScreen)
            for question in first.session.questions[:3]:
                clock.advance(seconds=10)
                await pilot.press(*_answer_keys(question))
            await pilot.press("escape", "s")
            assert isinstance(app.screen, HomeScreen)
            clock.advance(minutes=12)  # a break: not part of the test's time
            await pilot.press("t")
            offer = app.screen
            assert isinstance(offer, ResumeTestDialog)
            assert "3 of 6 answered, saved 12 min ago" in offer.message
            await pilot.press("enter")
            resumed = app.screen
            assert isinstance(resumed, TestScreen)
            assert resumed.session.questions == first.session.questions
            assert resumed.session.responses == first.session.responses
            assert resumed.number == 4
            for question in resumed.session.questions[3:]:
                clock.advance(seconds=10)
                await pilot.press(*_answer_keys(question))
            await pilot.press("ctrl+s")  # all answered: submitted without a question
            assert isinstance(app.screen, TestResultsScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.unfinished_session("test", deck) is None
    with collection.engine.connect() as db:
        result = one_row(db, test_results)
        assert (result.questions, result.correct, result.duration_ms) == (6, 6, 60_000)
        assert len(all_rows(db, answers, answers.c.test_id == result.id)) >= 6


def test_a_killed_app_loses_no_answer_of_an_unfinished_test(
    collection: Collection, deck: Scope
) -> None:
    given: dict[int, object] = {}

    async def answer_then_vanish() -> None:
        app = create_app(collection, random.Random(7), saver=Saver.inline())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*_begin(5))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            for question in screen.session.questions[:2]:
                await pilot.press(*_answer_keys(question))
            given.update(screen.session.responses)
            # already in the store while the test is on screen: nothing is written on the way out
            assert collection.unfinished_session("test", deck) is not None

    async def come_back() -> None:
        app = create_app(collection, random.Random(8))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("t")
            assert isinstance(app.screen, ResumeTestDialog)
            await pilot.press("r")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            assert screen.session.responses == given
            assert screen.number == 3

    asyncio.run(answer_then_vanish())
    asyncio.run(come_back())


def test_a_new_test_instead_forgets_the_unfinished_one(collection: Collection, deck: Scope) -> None:
    collection.keep_unfinished("test", deck, {"version": 1})  # unreadable: said, then set aside

    async def play() -> None:
        app = create_app(collection, random.Random(9))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("t")
            assert isinstance(app.screen, TestSetupScreen)
            assert collection.unfinished_session("test", deck) is None
            await pilot.press("backspace", "backspace", "3", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            await pilot.press(*_answer_keys(screen.question), "escape", "s")
            await pilot.press("t")
            assert isinstance(app.screen, ResumeTestDialog)
            await pilot.press("n")
            assert isinstance(app.screen, TestSetupScreen)

    asyncio.run(play())
    assert collection.unfinished_session("test", deck) is None


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
            await pilot.press(*keys_for(second.cards[0].short or ""), "enter", "ctrl+s")
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
