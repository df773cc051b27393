"""Pilot tests of learn mode: a whole session played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select
from textual.widgets import OptionList

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import answers, card_states, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen, LearnSummaryScreen
from tests.store_rows import all_rows, one_row
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_within_width, resize_round_trip
from tests.tui.keys import keys_for


def test_a_whole_learn_session(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            missed_once = False
            while not session.done or session.feedback is not None:
                question = session.question
                if question is None:
                    await pilot.press("enter")  # the round's report, then the next round
                elif question.kind == "choice":
                    assert question.choice is not None
                    pick = question.choice.answer
                    if not missed_once:  # miss the very first question
                        pick, missed_once = (pick + 1) % len(question.choice.options), True
                    await pilot.press(str(pick + 1), "enter")
                else:
                    await pilot.press(*keys_for(question.card.short or ""), "enter")
                    assert session.feedback is not None
                    assert session.feedback.correct
                    await pilot.press("4")  # rate it, which also goes on
            assert isinstance(app.screen, LearnSummaryScreen)
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        answered = db.execute(select(answers.c.kind, answers.c.correct)).all()
        assert len(answered) == 21  # 10 cards x 2 forms, plus the miss
        assert answered.count(("choice", False)) == 1
        ratings = db.execute(select(reviews.c.mode, reviews.c.rating, reviews.c.scheduled)).all()
        assert ratings == [("learn", 4, False)] * 10
        states = all_rows(db, card_states)
        assert all(s.last_rating == 4 and s.due is None and s.repetitions == 0 for s in states)


def test_i_was_right_counts_a_written_answer(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is not None:  # round 1: multiple choice, all right
                assert session.question.choice is not None
                await pilot.press(str(session.question.choice.answer + 1), "enter")
            await pilot.press("enter")
            await pilot.press(*keys_for("my own words"), "enter")
            assert session.feedback is not None
            assert not session.feedback.correct
            await pilot.press("o", "5")
            assert session.learned == 1
            await pilot.press("escape")
            assert isinstance(app.screen, LearnSummaryScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        written = one_row(db, answers, answers.c.kind == "written")
        assert (written.given, written.correct, written.overridden) == ("my own words", True, True)


def test_j_and_k_move_in_the_options_and_leaving_unanswered_shows_no_summary(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            choices = screen.query_one("#choices", OptionList)
            await pilot.press("j", "j", "k")
            assert choices.highlighted == 1

            def check(width: int) -> None:
                assert_within_width(app, [choices, screen.query_one("#card")])
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert all_rows(db, answers) == []
