"""Pilot tests of test mode: a whole test played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from sqlalchemy import select
from textual import events
from textual.app import App
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Checkbox, DataTable, Input, Markdown, OptionList, Static
from textual.widgets._footer import FooterKey

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.saving import Saver
from studyapp.modes.test import QuestionKind, TestQuestion, TestSession
from studyapp.modes.test_progress import keep_test, saved_test_summary
from studyapp.scope import Scope
from studyapp.store.schema import answers, reviews, test_results
from studyapp.tui.app import create_app
from studyapp.tui.screens.base import SummaryDialog
from studyapp.tui.screens.confirm import LeaveTestDialog, ResumeTestDialog, SubmitTestDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.screens.test import (
    ALL_ANSWERED,
    LETTERS,
    TestResultsScreen,
    TestScreen,
    TestSetupScreen,
    matching_help,
    matching_picks,
)
from studyapp.tui.widgets.answer_diff import AnswerDiffView
from studyapp.tui.widgets.rating_table import RatingTable
from studyapp.tui.widgets.text import CardNote
from tests.conftest import WriteDeck
from tests.store_rows import all_rows, one_row
from tests.tui.fit import (
    assert_footer_keeps_help_and_leave,
    assert_footer_keys_apart,
    assert_table_fits,
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
            await pilot.press("escape")  # the new test cancelled: the saved one is still there
            assert isinstance(app.screen, HomeScreen)
            assert collection.unfinished_session("test", deck) is not None
            await pilot.press("t")
            assert isinstance(app.screen, ResumeTestDialog)
            await pilot.press("n", "enter")  # the new test starts: the saved one goes
            assert isinstance(app.screen, TestScreen)

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


NOTED_DECK = """---
id: noted
title: Noted
---
## What does momentum keep?
A decaying sum of past gradients.

short:: a decaying sum of gradients
note:: The original card called it an average of past gradients.

## What is an epoch?
One pass over the training data.

short:: one pass over the data
"""


def test_the_results_show_a_questions_note_and_the_test_never_does(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("noted.md", NOTED_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            session = TestSession.start(
                collection, Scope(decks=("noted",)), 2, ["written"], random.Random(1),
                saver=app.saver,
            )  # fmt: skip
            app.push_screen(TestScreen(session))
            await pilot.pause()
            for question in session.questions:
                assert not app.screen.query(CardNote)  # no note while answering
                await pilot.press(*_answer_keys(question))
            await pilot.press("ctrl+s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            note = results.query_one("#card-note", CardNote)
            for row, question in enumerate(session.questions):
                if row:
                    await pilot.press("down")
                card = question.cards[0]
                assert note.display is (card.note is not None)
                if card.note is not None:
                    assert isinstance(note.content, Content)
                    assert note.content.plain == f"Note: {card.note}"
                    detail = results.query_one("#detail", Markdown)
                    assert note.region.y >= detail.region.bottom  # after the right answer
            await pilot.press("escape")

    asyncio.run(play())
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.questions, test_row.correct) == (2, 2)


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


def test_the_footer_keeps_help_and_the_way_back_on_every_kind_of_question_at_80x24(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*_begin(8))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            seen = set()
            for question in screen.session.questions:
                assert screen.number == question.number
                seen.add(question.kind)
                if question.kind in ("written", "matching"):  # ? is typed there: F1 is help
                    keys = footer_keys(app)
                    assert (keys.get("f1"), keys.get("esc")) == (True, True), keys
                else:
                    assert_footer_keeps_help_and_leave(app, "esc")
                assert_footer_keys_apart(app)
                await pilot.press("ctrl+n")
            assert seen == {"choice", "true_false", "written", "matching"}

    asyncio.run(play())


def _on_screen(app: App[None], session: TestSession) -> TestScreen:
    app.push_screen(TestScreen(session))
    screen = app.screen
    assert isinstance(screen, TestScreen)
    return screen


def test_what_is_typed_counts_when_moving_away_and_an_emptied_field_takes_it_back(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3), saver=Saver.inline())
        async with app.run_test(size=(100, 30)) as pilot:
            session = keep_test(
                TestSession.start(collection, deck, 3, ["written"], random.Random(1))
            )
            screen = _on_screen(app, session)
            await pilot.pause()
            await pilot.press(*keys_for("Dropuot"), "ctrl+n")  # no enter
            assert (session.responses, screen.number) == ({1: "Dropuot"}, 2)
            await pilot.press(*keys_for("Adam"), "ctrl+b")
            assert session.responses == {1: "Dropuot", 2: "Adam"}
            assert screen.query_one("#written", Input).value == "Dropuot"
            progress = screen.query_one("#progress", Static)
            assert "2 answered" in str(progress.content)
            await pilot.press("ctrl+u", "ctrl+n")  # the field emptied: unanswered again
            assert session.responses == {2: "Adam"}
            assert "1 answered" in str(progress.content)

    asyncio.run(play())
    saved = collection.unfinished_session("test", deck)
    assert saved is not None
    assert saved_test_summary(saved).answered == 1


def test_what_is_typed_counts_when_submitting(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            session = TestSession.start(
                collection, deck, 2, ["written"], random.Random(1), saver=app.saver
            )
            _on_screen(app, session)
            await pilot.pause()
            first, second = session.questions
            await pilot.press(*keys_for(first.cards[0].short or ""), "enter")
            await pilot.press(*keys_for(second.cards[0].short or ""), "ctrl+s")  # no enter
            assert isinstance(app.screen, TestResultsScreen)  # all answered: no question
            await pilot.press("escape")

    asyncio.run(play())
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.questions, test_row.correct) == (2, 2)
        assert all(row.given for row in all_rows(db, answers))


def test_matching_letters_typed_count_when_leaving_and_wrong_letters_are_said(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3), saver=Saver.inline())
        async with app.run_test(size=(80, 24)) as pilot:
            session = keep_test(
                TestSession.start(collection, deck, 2, ["matching"], random.Random(1))
            )
            screen = _on_screen(app, session)
            await pilot.pause()
            prompt = screen.query_one("#prompt", Static)
            for key in ("ctrl+n", "ctrl+s", "escape"):  # wrong letters: said, and it stays
                await pilot.press("ctrl+u", "x", "y", key)
                assert app.screen is screen
                assert (screen.number, session.responses) == (1, {})
                assert "Type 4 letters from a to d" in str(prompt.content)
            await pilot.press("ctrl+u", "b", "a", "escape")  # two of four: the rest unknown
            assert session.responses == {1: (1, 0, None, None)}
            dialog = app.screen
            assert isinstance(dialog, LeaveTestDialog)
            assert "Your 1 answer will not be saved" in dialog.message
            await pilot.press("s")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    saved = collection.unfinished_session("test", deck)
    assert saved is not None
    assert saved_test_summary(saved).answered == 1


def test_submitting_with_questions_unanswered_asks_first_and_the_last_answer_waits(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(5))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*_begin(4))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            first, second, third, fourth = screen.session.questions
            await pilot.press(*_answer_keys(first), "ctrl+n")  # the second is skipped
            await pilot.press(*_answer_keys(third), *_answer_keys(fourth))
            assert app.screen is screen  # the last answer did not submit the test
            prompt = screen.query_one("#prompt", Static)
            assert str(prompt.content) == (
                "1 question without an answer: ctrl+b goes back, ctrl+s submits."
            )
            await pilot.press("ctrl+s")
            dialog = app.screen
            assert isinstance(dialog, SubmitTestDialog)
            assert dialog.title_text == "Submit with 1 unanswered?"
            assert dialog.message == "1 question without an answer will count as wrong."
            await pilot.press("escape")  # keep going: at the unanswered question
            assert (app.screen, screen.number) == (screen, second.number)
            await pilot.press(*_answer_keys(second))
            assert app.screen is screen
            assert str(prompt.content) == ALL_ANSWERED
            await pilot.press("ctrl+s")  # nothing unanswered: submitted at once
            assert isinstance(app.screen, TestResultsScreen)
            await pilot.press("escape")

    asyncio.run(play())
    with collection.engine.connect() as db:
        test_row = one_row(db, test_results)
        assert (test_row.questions, test_row.correct) == (4, 4)


def test_results_keep_an_override_across_resizes_and_widen_with_the_window(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            session = TestSession.start(
                collection, deck, 2, ["written"], random.Random(1), saver=app.saver
            )
            _on_screen(app, session)
            await pilot.pause()
            second = session.questions[1]
            await pilot.press(*keys_for("Dropuot"), "enter")
            await pilot.press(*keys_for(second.cards[0].short or ""), "enter", "ctrl+s", "o")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            table = results.query_one("#marks", RatingTable)

            def question_width() -> int:
                return table.ordered_columns[2].get_render_width(table)

            narrow = question_width()
            for width, height in ((120, 35), (80, 24), (120, 35)):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert str(table.get_row_at(0)[1]) == "✓"  # the override, not a stale ✗
                assert_table_fits(table)
            assert question_width() > narrow
            assert str(table.get_row_at(0)[2]) == session.questions[0].prompt  # whole at 120
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert question_width() == narrow

    asyncio.run(play())


def test_results_j_and_k_pick_questions_the_detail_starts_at_its_top_and_help_says_so(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 18)) as pilot:
            session = TestSession.start(
                collection, deck, 3, ["matching", "written"], random.Random(2), saver=app.saver
            )
            _on_screen(app, session)
            await pilot.pause()
            await pilot.press("ctrl+s", "s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            table = results.query_one("#marks", RatingTable)
            await pilot.press("j", "j")
            assert table.cursor_row == 2
            await pilot.press("k")
            assert table.cursor_row == 1
            matching = next(q.number for q in session.questions if q.kind == "matching")
            await pilot.press(*["k"] * 2, *["j"] * (matching - 1), "tab")
            detail = results.query_one("#detail-box", VerticalScroll)
            assert results.focused is detail
            assert detail.max_scroll_y >= 2  # a matching question's detail, in a short window
            await pilot.press("j", "j")  # j scrolls the focused detail pane
            assert detail.scroll_y == 2
            await pilot.press("shift+tab", "j" if matching < 3 else "k")
            assert detail.scroll_y == 0  # another question: its detail from the top
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            said = {b.description: b.tooltip for b in help_screen.keys}
            assert {"Pick", "Move", "Rate", "Detail", "Scroll", "I was right"} <= set(said)
            assert "next row" in said["Rate"]

    asyncio.run(play())


def test_setup_arrows_and_j_k_move_between_the_fields(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            count = setup.query_one("#count")
            assert setup.focused is count
            await pilot.press("down", "j")
            assert setup.focused is setup.query_one("#kind-true_false")
            await pilot.press("k")
            assert setup.focused is setup.query_one("#kind-choice")
            await pilot.press("up")
            assert setup.focused is count

    asyncio.run(play())


def test_the_answer_diff_lines_up_with_the_detail_above_it(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            session = TestSession.start(
                collection, deck, 1, ["written"], random.Random(1), saver=app.saver
            )
            _on_screen(app, session)
            await pilot.pause()
            await pilot.press(*keys_for("Dropuot"), "enter", "ctrl+s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            diff_view = results.query_one("#answer-diff", AnswerDiffView)
            assert diff_view.display
            detail = results.query_one("#detail")
            assert diff_view.content_region.x == detail.content_region.x

    asyncio.run(play())


def test_keys_typed_in_a_burst_before_ctrl_n_or_ctrl_s_are_kept(
    collection: Collection, deck: Scope
) -> None:
    def burst(app: App[None], text: str, then: str) -> None:
        """Keys sent at once, as a fast typist or a paste sends them (no wait between)."""
        for char in text:
            app.post_message(events.Key(char, char))
        app.post_message(events.Key(then, None))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            session = TestSession.start(
                collection, deck, 2, ["written"], random.Random(1), saver=app.saver
            )
            screen = _on_screen(app, session)
            await pilot.pause()
            burst(app, "Dropuot", "ctrl+n")
            await pilot.pause()
            assert (session.responses, screen.number) == ({1: "Dropuot"}, 2)
            assert screen.query_one("#written", Input).value == ""  # nothing spilled over
            burst(app, "Adam", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, TestResultsScreen)
            assert session.responses == {1: "Dropuot", 2: "Adam"}

    asyncio.run(play())


def test_matching_letters_read_as_picks(collection: Collection, deck: Scope) -> None:
    session = TestSession.start(collection, deck, 1, ["matching"], random.Random(1))
    matching = session.questions[0].matching
    assert matching is not None
    assert len(matching.prompts) == len(matching.answers) == 4
    assert matching_picks("B, a ?d", matching, whole=True) == (1, 0, None, 3)
    assert matching_picks("ba", matching, whole=False) == (1, 0, None, None)
    assert matching_picks("ba", matching, whole=True) is None  # enter wants every letter
    assert matching_picks("abcda", matching, whole=False) is None  # one too many
    assert matching_picks("ae", matching, whole=False) is None  # no answer e
    assert "Type 4 letters from a to d" in matching_help(matching)


def test_a_saved_answer_is_typed_on_from_its_end_not_replaced(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3), saver=Saver.inline())
        async with app.run_test(size=(100, 30)) as pilot:
            session = TestSession.start(collection, deck, 2, ["written"], random.Random(1))
            screen = _on_screen(app, session)
            await pilot.pause()
            await pilot.press(*keys_for("Adam"), "enter", "ctrl+b")
            written = screen.query_one("#written", Input)
            assert written.value == "Adam"
            assert written.selection.is_empty  # nothing selected for the next key to replace
            assert written.cursor_position == len("Adam")
            await pilot.press("W", "ctrl+n")
            assert session.responses == {1: "AdamW"}

    asyncio.run(play())


def _in_order(collection: Collection, scope: Scope, kinds: list[QuestionKind]) -> TestSession:
    """A kept test of one question of each of ``kinds``, in that order."""
    for seed in range(50):
        session = TestSession.start(collection, scope, len(kinds), kinds, random.Random(seed))
        if [q.kind for q in session.questions] == kinds:
            return keep_test(session)
    raise AssertionError(f"no seed gives {kinds}")


def test_a_double_tap_into_a_saved_matching_answer_is_said_and_no_trap(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3), saver=Saver.inline())
        async with app.run_test(size=(80, 24)) as pilot:
            session = _in_order(collection, deck, ["true_false", "matching"])
            screen = _on_screen(app, session)
            await pilot.pause()
            await pilot.press("ctrl+n", "b", "c", "a", "d", "enter")  # matching answered
            saved = session.responses[2]
            await pilot.press("ctrl+b", "t", "t")  # the second t lands in the letters
            assert screen.number == 2
            assert session.responses[1] is True
            written = screen.query_one("#written", Input)
            assert written.value == "bcadt"  # typed on, not replacing the saved answer
            prompt = screen.query_one("#prompt", Static)
            await pilot.press("ctrl+b")  # refused once, saying what to fix and what next
            assert screen.number == 2
            said = " ".join(str(prompt.content).split())
            assert "t is not one of the letters a to d" in said
            assert "Type 4 letters from a to d" in said
            assert "press ctrl+b again to drop what is typed (your saved answer bcad stays)" in (
                said
            )
            await pilot.press("ctrl+b")  # again: back, with the saved answer kept
            assert screen.number == 1
            assert session.responses[2] == saved
            await pilot.press("ctrl+n")
            assert written.value == "bcad"

    asyncio.run(play())
    kept = collection.unfinished_session("test", Scope(decks=("opt",)))
    assert kept is not None
    assert saved_test_summary(kept).answered == 2


def test_wrong_matching_letters_say_what_to_fix_and_a_second_press_leaves_them(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3), saver=Saver.inline())
        async with app.run_test(size=(80, 24)) as pilot:
            session = keep_test(
                TestSession.start(collection, deck, 2, ["matching"], random.Random(1))
            )
            screen = _on_screen(app, session)
            await pilot.pause()
            prompt = screen.query_one("#prompt", Static)
            await pilot.press("a", "b", "enter")  # too few for enter
            assert "2 letters for 4 questions" in str(prompt.content)
            await pilot.press("c", "d", "a", "ctrl+n")  # too many to be an answer
            said = " ".join(str(prompt.content).split())
            assert "5 letters for 4 questions" in said
            assert "(this question stays unanswered)" in said
            await pilot.press("backspace", "a", "ctrl+n")  # changed: refused again, once
            assert screen.number == 1
            await pilot.press("ctrl+n")
            assert (screen.number, session.responses) == (2, {})

    asyncio.run(play())


def _import_mixed_deck(collection: Collection, write_deck: WriteDeck) -> None:
    """A deck of 3 cards with long answers (no short answer to type) and 5 with short ones."""
    long_cards = "".join(
        f"## What does step {n} do?\nIt does a long thing number {n}.\n\nThen another.\n\n"
        for n in range(3)
    )
    short_cards = "".join(f"## Short question {n}?\nAnswer {n}\n\n" for n in range(5))
    collection.import_file(
        write_deck("mixed.md", f"---\nid: mixed\ntitle: Mixed\n---\n{long_cards}{short_cards}")
    )


def test_setup_says_how_many_cards_a_test_can_ask_and_why_the_test_is_shorter(
    collection: Collection, write_deck: WriteDeck
) -> None:
    _import_mixed_deck(collection, write_deck)

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            note = setup.query_one("#setup-note", Static)
            assert " ".join(str(note.content).split()) == (
                "3 cards have a long answer and no short one: a test can't ask them."
            )
            assert setup.most == 5
            count = setup.query_one("#count", Input)
            assert count.value == "5"
            await pilot.press("backspace", "6", "enter")  # more than can be asked
            assert app.screen is setup
            app.clear_notifications()
            await pilot.press("backspace", "5", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            questions = screen.session.questions
            assert len(questions) < 5
            assert all(len(q.cards) >= 3 for q in questions if q.kind == "matching")
            prompt = " ".join(str(screen.query_one("#prompt", Static).content).split())
            assert prompt.endswith(
                f"{len(questions)} questions, not 5: each matching question asks 3 or 4 cards, "
                "and a card is asked only once."
            )
            assert not app._notifications  # said on the screen, not in a toast
            await pilot.press("ctrl+n")
            assert "not 5" not in str(screen.query_one("#prompt", Static).content)

    asyncio.run(play())


def test_setup_j_and_k_in_the_number_field_move_like_the_arrows(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            count = setup.query_one("#count", Input)
            await pilot.press("j")
            assert setup.focused is setup.query_one("#kind-choice")
            await pilot.press("k")
            assert setup.focused is count
            assert count.value == "10"  # not typed into the field
            await pilot.press("k")  # up from the first field: the same as ↑
            went_up = setup.focused
            await pilot.press("j", "up")
            assert setup.focused is went_up

    asyncio.run(play())


def test_the_results_ignore_the_tests_keys_for_a_moment(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a moment that never ends by itself here: the test settles it (timing-free on busy machines)
    monkeypatch.setattr(SummaryDialog, "SETTLE_SECONDS", 600.0)

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            session = TestSession.start(
                collection, deck, 2, ["choice"], random.Random(1), saver=app.saver
            )
            _on_screen(app, session)
            await pilot.pause()
            await pilot.press("ctrl+s", "s", "s", "1", "escape")  # the second s: too soon
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            assert session.ratings == {}

            def dimmed() -> dict[str, bool]:
                return {key.key: key.has_class("-disabled") for key in results.query(FooterKey)}

            assert dimmed()["s"]  # shown dimmed, as a summary's keys
            assert dimmed()["escape"]
            assert results.check_action("help", ()) is True
            results.settle()  # as its timer does
            await pilot.pause()
            assert not dimmed()["s"]
            assert results.focused is results.query_one("#marks")
            await pilot.press("1")
            assert session.ratings == {1: 1}
            await pilot.press("s")
            assert isinstance(app.screen, StatsScreen)

    asyncio.run(play())


def test_matching_items_wrap_under_their_text_and_the_answer_lines_up_with_the_question(
    collection: Collection, write_deck: WriteDeck
) -> None:
    cards = "".join(
        f"## Which long question number {n} is asked here, with enough words to wrap at 80?\n"
        f"Answer {n}: a long answer that is still one line, so it shows whole, wrapped.\n\n"
        for n in range(5)
    )
    collection.import_file(write_deck("wide.md", f"---\nid: wide\ntitle: Wide\n---\n{cards}"))
    scope = Scope(decks=("wide",))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            session = _in_order(collection, scope, ["matching", "true_false"])
            screen = _on_screen(app, session)
            await pilot.pause()
            shown = screen.query_one("#shown", Static)
            question = screen.query_one("#question")
            assert shown.content_region.x == question.content_region.x
            lines = shown.render_lines(Region(0, 0, *shown.outer_size))
            texts = ["".join(segment.text for segment in line).rstrip() for line in lines]
            keys = [text.strip()[0] for text in texts if text.strip() and text.strip()[1:3] == "  "]
            assert keys == [*"1234", *"abcd"]
            indent = texts[0].index(texts[0].strip()[3:])  # where the first item's text starts
            for text in texts:
                if text.strip() and text.strip()[1:3] != "  ":  # a wrapped line of an item
                    assert len(text) - len(text.lstrip()) == indent, texts
            await pilot.press("ctrl+n")  # the true/false question: its answer in line too
            assert shown.content_region.x == question.content_region.x

    asyncio.run(play())


def test_a_test_of_numeric_cards_grades_typed_numbers_by_value(collection: Collection) -> None:
    collection.import_file(Path(__file__).parents[3] / "cards" / "training-by-the-numbers.md")

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*_begin(6))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            questions = screen.session.questions
            # matching leaves numeric cards out, so the setup leaves matching unticked
            assert [question.kind for question in questions].count("matching") == 0
            written = [question for question in questions if question.kind == "written"]
            assert len(written) == 2
            for question in questions:
                drawn = question.cards[0].drawn
                assert drawn is not None
                assert "{" not in question.prompt
                if question.kind != "written":
                    await pilot.press(*_answer_keys(question))
                    continue
                prompt = str(screen.query_one("#prompt", Static).render())
                assert prompt.startswith("Type the number (right within ±")
                typed = drawn.shown if question is written[0] else drawn.mistakes[0]
                await pilot.press(*keys_for(typed), "enter")
            await pilot.press("ctrl+s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            marks = {mark.question.number: mark for mark in results.marks}
            first, second = (marks[question.number] for question in written)
            assert first.correct
            assert not second.correct
            assert second.right == written[1].cards[0].drawn.shown_with_tolerance  # type: ignore[union-attr]
            await pilot.press("escape")

    asyncio.run(play())


def test_setup_unticks_matching_where_no_matching_question_can_be_made(
    collection: Collection,
) -> None:
    collection.import_file(Path(__file__).parents[3] / "cards" / "training-by-the-numbers.md")

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            matching = setup.query_one("#kind-matching", Checkbox)
            assert (matching.value, matching.disabled) == (False, True)
            assert all(
                setup.query_one(f"#kind-{kind}", Checkbox).value
                for kind in ("choice", "true_false", "written")
            )
            why = " ".join(str(setup.query_one("#setup-no-matching", Static).content).split())
            assert why == (
                "Matching needs 3 cards with different answers; numeric cards are not matched, "
                "so Training by the numbers has none."
            )
            assert_within_width(app, [setup.query_one("#setup-no-matching", Static)])
            await pilot.press("j", "j", "j", "j")  # past the three kinds it can ask
            assert setup.focused is not matching
            await pilot.press("backspace", "backspace", "3", "enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            assert screen.session.kinds == ("choice", "true_false", "written")

    asyncio.run(play())


def test_setup_ticks_every_kind_where_matching_can_be_asked(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            matching = setup.query_one("#kind-matching", Checkbox)
            assert (matching.value, matching.disabled) == (True, False)
            assert not setup.query("#setup-no-matching")

    asyncio.run(play())


def test_a_non_number_typed_for_a_numeric_card_is_said_to_be_one_in_the_results(
    collection: Collection,
) -> None:
    collection.import_file(Path(__file__).parents[3] / "cards" / "training-by-the-numbers.md")

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*_begin(3))
            screen = app.screen
            assert isinstance(screen, TestScreen)
            questions = screen.session.questions
            written = next(q for q in questions if q.kind == "written")
            for question in questions:
                if question is written:
                    await pilot.press(*keys_for("1e999"), "enter")
                else:
                    await pilot.press(*_answer_keys(question))
            await pilot.press("ctrl+s")
            results = app.screen
            assert isinstance(results, TestResultsScreen)
            row = next(i for i, mark in enumerate(results.marks) if mark.question is written)
            assert not results.marks[row].correct
            results.show_detail(row)
            detail = results.query_one("#detail", Markdown)
            assert detail.source.endswith("**Your answer:** 1e999 (not read as a number)")
            await pilot.press("escape")

    asyncio.run(play())


def test_a_big_scope_s_setup_counts_the_cards_it_can_ask_in_a_worker(
    collection: Collection, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studyapp.tui.screens.test.SHUFFLED_AT_ONCE", 4)  # 8 cards: big
    monkeypatch.setattr("studyapp.modes.test.SHUFFLED_AT_ONCE", 4)
    _import_mixed_deck(collection, write_deck)

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            await setup.workers.wait_for_complete()  # counting, the dialog already up
            await pilot.pause()
            note = setup.query_one("#setup-note", Static)
            assert " ".join(str(note.content).split()) == (
                "3 cards have a long answer and no short one: a test can't ask them."
            )
            assert setup.most == 5
            label = setup.query_one("#setup-count-label", Static)
            assert str(label.content) == "Number of questions (up to 5):"
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, TestScreen)
            assert 0 < len(screen.session.questions) < 5  # matching questions take 3 or 4

    asyncio.run(play())


def test_a_big_scope_s_setup_turns_matching_off_when_its_answers_are_all_one(
    collection: Collection, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studyapp.tui.screens.test.SHUFFLED_AT_ONCE", 2)
    same = "".join(f"## Question {n}?\nLong answer.\n\nshort:: Same\n\n" for n in range(4))
    collection.import_file(write_deck("same.md", f"---\nid: same\ntitle: Same\n---\n{same}"))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            setup = app.screen
            assert isinstance(setup, TestSetupScreen)
            await setup.workers.wait_for_complete()
            await pilot.pause()
            matching = setup.query_one("#kind-matching", Checkbox)
            assert (matching.value, matching.disabled) == (False, True)
            note = setup.query_one("#setup-no-matching", Static)
            assert "Matching needs 3 cards with different answers" in str(note.content)

    asyncio.run(play())
