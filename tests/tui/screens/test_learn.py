"""Pilot tests of learn mode: a whole session played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Markdown, OptionList, Static

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.learn import Step
from studyapp.scope import Scope
from studyapp.store.schema import answers, card_states, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.confirm import StartOverDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen, LearnSummaryScreen
from studyapp.tui.widgets.answer_diff import AnswerDiffView
from studyapp.tui.widgets.text import CardNote
from tests.conftest import NUMERIC_DECK, WriteDeck
from tests.store_rows import all_rows, one_row
from tests.tui.drawn import drawn_lines
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


NOTED_DECK = """---
id: noted
title: Noted
---
## What does momentum keep?
A decaying sum of past gradients.

short:: a decaying sum of gradients
distractor:: the largest gradient so far
distractor:: a learning rate for each layer
distractor:: the loss of the last batch
note:: The original card called it an average of [bold]past[/bold] gradients.

## What is an epoch?
One pass over the training data.

short:: one pass over the data
distractor:: one gradient step
distractor:: one mini-batch
distractor:: one layer's forward pass
"""


def test_a_cards_note_shows_with_its_feedback_and_never_before(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("noted.md", NOTED_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            note = screen.query_one("#card-note", CardNote)
            shown = []
            while (question := session.question) is not None:  # round 1: multiple choice
                assert question.choice is not None
                assert not note.display  # while choosing: nothing of the note
                await pilot.press(str(question.choice.answer + 1))
                noted = question.card.note is not None
                assert note.display is noted
                if noted:
                    assert isinstance(note.content, Content)
                    assert note.content.plain == (
                        "Note: The original card called it an average of [bold]past[/bold] "
                        "gradients."
                    )
                    answer = screen.query_one("#answer", Markdown)
                    assert note.region.y >= answer.region.bottom  # under the answer
                shown.append(noted)
                await pilot.press("enter")
            assert sorted(shown) == [False, True]
            assert not note.display  # the round's report

    asyncio.run(play())
    with collection.engine.connect() as db:
        answered = db.execute(select(answers.c.card_id, answers.c.kind, answers.c.correct)).all()
    assert sorted(answered) == [(1, "choice", True), (2, "choice", True)]


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


def test_each_key_has_one_wording_choosing_then_rating(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            choose = screen.active_bindings["1"]
            assert (choose.binding.key_display, choose.binding.description) == ("1–4", "Choose")
            assert "5" not in screen.active_bindings  # no fifth option
            while screen.session.question is not None:  # round 1: multiple choice, all right
                await _answer_choices_right(pilot, screen, 1)
            await pilot.press("enter")  # round 2: written
            await pilot.press(*keys_for("my own words"), "enter")
            rate = screen.active_bindings["1"]
            assert (rate.binding.key_display, rate.binding.description) == ("1–5", "Rate")
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            listed = [(b.key_display, b.tooltip) for b in help_screen.keys if b.key == "1"]
            assert [shown for shown, _ in listed] == ["1–4", "1–5"]
            assert "Choose that option" in str(listed[0][1])
            assert "Rate how well you knew it" in str(listed[1][1])

    asyncio.run(play())


def test_enter_with_nothing_typed_is_dont_know_and_shows_the_answer(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            while screen.session.question is not None:
                await _answer_choices_right(pilot, screen, 1)
            await pilot.press("enter")  # round 2: written
            prompt = str(screen.query_one("#prompt", Static).render())
            assert "enter with nothing typed: don't know" in prompt
            await pilot.press("enter")
            feedback = screen.session.feedback
            assert feedback is not None
            assert (feedback.correct, feedback.given) == (False, "")
            assert screen.query_one("#answer").display  # the whole answer, to learn from
            assert "o" not in screen.active_bindings  # nothing typed that could be right
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert "run_demo" not in {key.action for key in help_screen.keys}  # no experiment
            await pilot.press("escape", "1")

    asyncio.run(play())
    with collection.engine.connect() as db:
        written = one_row(db, answers, answers.c.kind == "written")
        assert (written.given, written.correct) == ("", False)
        assert [r.rating for r in all_rows(db, reviews)] == [1]


async def _answer_choices_right(pilot: Pilot[None], screen: LearnScreen, count: int) -> None:
    for _ in range(count):
        question = screen.session.question
        assert question is not None
        assert question.choice is not None
        await pilot.press(str(question.choice.answer + 1), "enter")


def test_learn_resumes_where_it_stopped(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            first = app.screen
            assert isinstance(first, LearnScreen)
            await _answer_choices_right(pilot, first, 3)
            steps = dict(first.session.steps)
            round_cards = list(first.session.round_cards)
            await pilot.press("escape")
            assert isinstance(app.screen, LearnSummaryScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)
            clock.advance(hours=2)
            await pilot.press("l")
            again = app.screen
            assert isinstance(again, LearnScreen)
            session = again.session
            assert session.resumed_from is not None
            assert (session.steps, session.round_cards) == (steps, round_cards)
            assert (session.round_number, session.round_position, session.answers) == (1, 3, 3)
            assert session.question is not None
            assert session.question.card.id == round_cards[3]
            # said on the progress line, not in a toast over the question, until an answer
            progress = str(again.query_one("#progress", Static).render())
            assert "resumed, saved 2 h ago · ^r starts over" in progress
            assert list(app.screen.query("Toast")) == []
            await pilot.press("escape")  # nothing answered in this visit: no summary again
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("l")
            third = app.screen
            assert isinstance(third, LearnScreen)
            await _answer_choices_right(pilot, third, 1)
            assert "resumed" not in str(third.query_one("#progress", Static).render())
            await pilot.press("escape")
            assert isinstance(app.screen, LearnSummaryScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert len(all_rows(db, answers)) == 4  # resuming writes no answer again


def test_start_over_asks_then_clears_the_kept_progress(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            await _answer_choices_right(pilot, screen, 2)
            kept = screen.session
            await pilot.press("ctrl+r")
            assert isinstance(app.screen, StartOverDialog)
            await pilot.press("escape")  # keep going: nothing changes
            assert app.screen is screen
            assert screen.session is kept
            assert collection.unfinished_session("learn", deck) is not None
            await pilot.press("ctrl+r", "r")
            assert app.screen is screen
            assert set(screen.session.steps.values()) == {Step.CHOICE}
            assert screen.session.answers == 0
            assert collection.unfinished_session("learn", deck) is None
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert any(b.action == "start_over" for b in help_screen.keys)

    asyncio.run(play())


def test_a_wrong_written_answer_shows_what_was_typed_against_the_answer(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is not None:
                assert session.question.choice is not None
                await pilot.press(str(session.question.choice.answer + 1), "enter")
            await pilot.press("enter")
            diff_view = screen.query_one("#answer-diff", AnswerDiffView)
            assert not diff_view.display
            assert session.question is not None
            short = session.question.card.short or ""
            typed = "x" + short[1:] + " [b]now"  # one wrong letter, markup-looking extras
            await pilot.press(*keys_for(typed), "enter")
            assert session.feedback is not None
            assert not session.feedback.correct
            assert diff_view.display
            shown = diff_view.content
            assert isinstance(shown, Content)
            assert shown.plain == f"You typed  {typed}\nExpected   {short}"
            wrong = [shown.plain[s.start : s.end] for s in shown.spans if "strike" in str(s.style)]
            missing = [
                shown.plain[s.start : s.end] for s in shown.spans if "underline" in str(s.style)
            ]
            assert wrong == ["x", " [b]now"]
            assert missing == [short[0]]
            await pilot.press("2")  # rated: on to the next question, no comparison left
            assert not diff_view.display

    asyncio.run(play())
    with collection.engine.connect() as db:
        written = one_row(db, answers, answers.c.kind == "written")
        assert (written.correct, written.overridden) == (False, False)
        assert written.given is not None
        assert written.given.endswith(" [b]now")


def test_the_end_of_a_round_shows_no_comparison_left_from_its_last_answer(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is not None:
                await _answer_choices_right(pilot, screen, 1)
            await pilot.press("enter")  # round 2: written, every answer wrong
            while session.question is not None:
                await pilot.press(*keys_for("no idea"), "enter", "1")
            assert session.round_correct == 0
            assert not screen.query_one("#answer-diff", AnswerDiffView).display

    asyncio.run(play())


LONG_ANSWERS = """---
id: long
title: Long answers
---
## What does momentum add to SGD?
A running average of past gradients, which damps oscillations across a ravine
and speeds travel along its floor.

## What does weight decay do?
- shrinks every weight a little each step
- keeps the weights small
"""


def test_a_card_without_a_typed_answer_is_revealed_then_self_rated(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", LONG_ANSWERS))

    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is not None:
                assert session.question.choice is not None
                await pilot.press(str(session.question.choice.answer + 1), "enter")
            await pilot.press("enter")
            question = session.question
            assert question is not None
            assert question.kind == "reveal"
            reveal = screen.active_bindings["space"].binding
            assert reveal.description == "Show answer"  # as in spaced review
            assert not screen.query_one("#written").display
            assert not screen.query_one("#answer").display
            await pilot.press("4")  # no rating before the answer is shown
            assert session.feedback is None
            await pilot.press("enter")
            assert screen.query_one("#answer").display
            assert session.needs_rating
            await pilot.press("5")
            assert session.steps[question.card.id] == Step.LEARNED
            assert session.question is not None
            second = session.question.card.id
            await pilot.press("space", "2")  # space reveals too; rated 2: missed
            assert session.question is None  # the round's end
            assert session.misses[second] == 1
            assert session.steps[second] == Step.WRITTEN

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert [a.kind for a in all_rows(db, answers)] == ["choice", "choice"]
        rated = db.execute(select(reviews.c.mode, reviews.c.rating, reviews.c.scheduled)).all()
        assert rated == [("learn", 5, False), ("learn", 2, False)]


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


RUN_IT = """---
id: runit
title: Run it
---
## Which optimizer keeps a running average of past gradients?
Momentum.

short:: momentum
demo:: momentum

## Which optimizer divides by a running RMS of gradients?
RMSprop.

short:: rmsprop
"""


def test_the_footer_keeps_help_and_the_way_back_with_every_key_shown_at_80x24(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("runit.md", RUN_IT))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            while screen.session.question is not None:
                await _answer_choices_right(pilot, screen, 1)
            await pilot.press("enter")  # round 2: written
            question = screen.session.question
            assert question is not None
            if question.card.demo is None:  # to the card with the experiment
                await pilot.press(*keys_for("no idea"), "enter", "1")
            await pilot.press(*keys_for("no idea"), "enter")  # wrong: o, r, 1–5 all apply
            shown = {b.binding.description for b in screen.active_bindings.values()}
            assert {"Rate", "I was right", "Run it", "Start over", "Help", "Back"} <= shown
            assert_footer_keeps_help_and_leave(app, leave="esc")

    asyncio.run(play())


def test_learn_asks_a_numeric_card_with_choices_then_a_typed_number(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            kinds, typed_wrong = [], False
            while not session.done or session.feedback is not None:
                question = session.question
                if question is None:
                    await pilot.press("enter")
                    continue
                drawn = question.card.drawn
                assert drawn is not None
                assert "{" not in question.prompt
                kinds.append(question.kind)
                if question.kind == "choice":
                    assert question.choice is not None
                    assert sorted(question.choice.options) == sorted([drawn.shown, *drawn.mistakes])
                    await pilot.press(str(question.choice.answer + 1), "enter")
                    continue
                prompt = str(screen.query_one("#prompt", Static).render())
                assert prompt.startswith("Type the number (right within ±")
                if not typed_wrong:  # a known mistake: wrong, the right value shown
                    await pilot.press(*keys_for(drawn.mistakes[0]), "enter")
                    feedback = session.feedback
                    assert feedback is not None
                    assert not feedback.correct
                    shown = str(screen.query_one("#feedback", Static).render())
                    assert drawn.shown_with_tolerance in shown
                    assert drawn.answer.split(" = ")[0] in str(
                        screen.query_one("#answer", Markdown).source
                    )
                    typed_wrong = True
                    await pilot.press("1")
                    continue
                near = (
                    drawn.value * 1.004
                    if drawn.tolerance.kind == "relative"
                    else drawn.value + 4e-5
                )
                await pilot.press(*keys_for(f"{near:.6g}"), "enter")  # within the tolerance
                assert session.feedback is not None
                assert session.feedback.correct
                await pilot.press("4")
            assert kinds.count("choice") == 2
            assert kinds.count("written") == 3
            assert isinstance(app.screen, LearnSummaryScreen)

    asyncio.run(play())


MATH_DECK = r"""---
id: math
title: Math
---
## Adam's bias correction divides $\hat m_t$ by what?
The first moment starts at zero, so early averages are too small.

short:: $1-\beta_1^t$
distractor:: $1-\beta_2^t$
distractor:: $\beta_1^t$
distractor:: $\sqrt{\hat v_t}+\epsilon$

## He initialisation: the standard deviation of the weights?
It keeps the variance of ReLU activations.

short:: $\sqrt{2/\mathrm{fan}_{in}}$
distractor:: $\sqrt{1/\mathrm{fan}_{in}}$
distractor:: $2/\mathrm{fan}_{in}$
distractor:: $1/(1-p)$
"""


def test_math_shows_as_unicode_and_an_ascii_answer_is_accepted(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("math.md", MATH_DECK))
    choices_shown: list[str] = []

    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while (question := session.question) is not None:  # round 1: multiple choice
                assert question.choice is not None
                await pilot.pause()
                choices_shown.extend(drawn_lines(screen.query_one("#choices", OptionList)))
                question_shown = "\n".join(drawn_lines(screen.query_one("#question")))
                assert "$" not in question_shown
                await pilot.press(str(question.choice.answer + 1), "enter")
            await pilot.press("enter")  # the round's report
            typed = {"Adam's": "1-beta_1^t", "He": "sqrt(2/fan_in)"}
            while (question := session.question) is not None:  # round 2: written
                assert question.kind == "written"
                await pilot.press(*keys_for(typed[question.card.question.split()[0]]), "enter")
                assert session.feedback is not None
                assert session.feedback.correct
                feedback = "\n".join(drawn_lines(screen.query_one("#feedback")))
                assert "✓ Correct" in feedback
                assert "beta" not in feedback  # an answer it shows is the Unicode one
                assert "sqrt" not in feedback
                await pilot.press("4")

    asyncio.run(play())
    shown = "\n".join(choices_shown)
    for option in ("1−β₁ᵗ", "1−β₂ᵗ", "β₁ᵗ", "√v̂ₜ+ε", "√(2/fanᵢₙ)", "√(1/fanᵢₙ)", "1/(1−p)"):
        assert option in shown
    assert "$" not in shown
    assert "\\" not in shown


def test_the_typed_number_hint_wraps_whole_and_a_non_number_is_said_to_be_one(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is None or session.question.kind != "written":
                question = session.question
                if question is not None and question.choice is not None:
                    await pilot.press(str(question.choice.answer + 1), "enter")
                else:
                    await pilot.press("enter")  # the next round
            prompt = screen.query_one("#prompt", Static)
            hint = " ".join(" ".join(drawn_lines(prompt)).split())
            assert hint.startswith("Type the number (right within ±")
            assert hint.endswith("; 1/40, 2.5e-2 and 2.5×10^-2 are read too.")
            assert_within_width(app, [prompt])
            await pilot.press(*keys_for("nan"), "enter")
            feedback = session.feedback
            assert feedback is not None
            assert not feedback.correct
            said = str(screen.query_one("#feedback", Static).render())
            assert said.splitlines()[-1] == "You answered: nan (not read as a number)"

    asyncio.run(play())
