"""Pilot tests: play sessions with key presses, then check the store."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Markdown, Static

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.relearning import NextReview
from studyapp.store.due_queue import relearning_due
from studyapp.store.schema import card_states, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.base import SummaryDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from studyapp.tui.widgets.text import CardNote
from tests.conftest import NUMERIC_DECK, WriteDeck
from tests.store_rows import all_rows
from tests.tui.drawn import drawn_lines
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_within_width, resize_round_trip
from tests.tui.keys import keys_for

DECK = """---
id: basics
title: Basics
---
## What is an epoch?
One pass over the training data.

## What is [bold]markup[/bold] in a card?
It stays text: \x1b[31mno colour\x1b[0m.

## In {{SGD::an optimizer}}, each step uses a mini-batch.
"""


NOTED_DECK = """---
id: noted
title: Noted
---
## What does momentum keep?
A decaying sum of past gradients.

short:: a decaying sum of gradients
note:: The original card called it an average of [bold]past[/bold] gradients.
note:: With v = βv + g it is a sum.

## What is an epoch?
One pass over the training data.
"""

#: The note of NOTED_DECK's first card, as the screens show it.
SHOWN_NOTE = (
    "Note: The original card called it an average of [bold]past[/bold] gradients.\n\n"
    "With v = βv + g it is a sum."
)


def test_a_cards_note_shows_after_its_answer_and_never_before(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("noted.md", NOTED_DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            note = screen.query_one("#card-note", CardNote)
            assert screen.session.current is not None
            assert screen.session.current.question == "What does momentum keep?"
            assert not note.display  # the question alone: nothing of the note
            assert not str(note.content)
            await pilot.press("space")
            assert note.display
            assert isinstance(note.content, Content)
            assert note.content.plain == SHOWN_NOTE  # markup in a note stays text
            answer = screen.query_one("#answer", Markdown)
            assert note.region.y >= answer.region.bottom  # under the answer
            await pilot.press("5")
            assert not note.display  # the next card's question
            await pilot.press("space")
            assert not note.display  # a card without a note
            await pilot.press("4")

    asyncio.run(play())
    with collection.engine.connect() as db:
        log = db.execute(select(reviews.c.card_id, reviews.c.rating).order_by(reviews.c.id)).all()
    assert log == [(1, 5), (2, 4)]


def test_a_whole_spaced_session_from_the_keyboard(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")  # review the selected deck
            assert isinstance(app.screen, SpacedScreen)
            await pilot.press("4")  # no rating before the answer shows
            await pilot.press("space", "2")  # card 1: missed, comes back
            await pilot.press("space", "5")  # card 2
            await pilot.press("space", "5")  # card 3
            await pilot.press("space", "4")  # card 1 again: a repeat
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        log = db.execute(select(reviews.c.rating, reviews.c.scheduled).order_by(reviews.c.id)).all()
        assert log == [(2, True), (5, True), (5, True), (4, False)]
        states = all_rows(db, card_states)
        assert [(s.repetitions, s.interval) for s in states] == [(0, 1), (1, 1), (1, 1)]


def test_failed_cards_wait_for_the_rest_and_the_counts_say_so(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    # QA: `space 1` on each card looped over the first four, "14 to go" through 11 ratings
    collection.import_file(write_deck("five.md", "".join(f"## Q{i}\nA{i}\n\n" for i in range(5))))
    order = list(collection.due_queue().card_ids)
    shown: list[int] = []
    progress: list[str] = []

    async def fail_every_card() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            for _ in range(5):
                card = screen.session.current
                assert card is not None
                shown.append(card.id)
                progress.append(_text(screen, "#progress").split(" · deck")[0])
                await pilot.press("space", "1")
                clock.advance(minutes=1)
            progress.append(_text(screen, "#progress").split(" · deck")[0])
            card = screen.session.current
            assert card is not None
            assert card.id == order[0]  # the first failed, now that all were shown
            await pilot.press("space", "5", "escape")
            summary = _text(app.screen, "#summary-box")
            assert "Cards reviewed  5" in summary
            assert "Ratings given   6 (repeats included)" in summary
            assert "Still waiting   4 today: 4 to repeat" in summary
            assert "to repeat: back from 09:11" in summary
            await pilot.press("enter")

    asyncio.run(fail_every_card())
    assert shown == order  # each card once before any repeat
    assert progress == [
        "5 to go · 0 rated",
        "4 to go · 1 to repeat · 1 rated",
        "3 to go · 2 to repeat · 2 rated",
        "2 to go · 3 to repeat · 3 rated",
        "1 to go · 4 to repeat · 4 rated",
        "5 to repeat · 5 rated",
    ]


def test_keys_typed_for_the_last_card_do_not_close_the_summary_unseen(
    collection: Collection, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    # a moment that never ends by itself here: the test settles it (timing-free on busy machines)
    monkeypatch.setattr(SummaryDialog, "SETTLE_SECONDS", 600.0)

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "space", "5", "space", "5")
            # the last card, rated in a burst with the reveal key typed for a next card
            await pilot.press("space", "5", "space", "enter", "q")
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            close = summary.active_bindings["enter"]
            assert close.binding.description == "Back"
            assert not close.enabled  # shown, dimmed
            summary.settle()  # as its timer does
            await pilot.pause()
            assert summary.active_bindings["enter"].enabled
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert [row.rating for row in all_rows(db, reviews)] == [5, 5, 5]


def test_undo_help_and_leaving_early(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("A")  # review all decks
            await pilot.press("space", "3", "u")  # rate, then take it back
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            assert screen.session.given == []
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "escape")  # close help, leave the session
            assert isinstance(app.screen, HomeScreen)  # nothing rated: no summary

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert all_rows(db, reviews) == []


def test_card_text_is_shown_as_text(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    from studyapp.tui.widgets.text import answer_of, question_of

    cards = collection.cards(collection.due_queue().new)
    markup, cloze = cards[2], cards[3]
    assert question_of(markup) == "What is [bold]markup[/bold] in a card?"
    assert answer_of(markup) == "It stays text: [31mno colour[0m."
    assert question_of(cloze) == "In [an optimizer], each step uses a mini-batch."
    assert answer_of(cloze) == "In **SGD**, each step uses a mini-batch."  # the revealed words


def _text(screen: object, selector: str) -> str:
    assert isinstance(screen, SpacedScreen | SummaryScreen)
    return str(screen.query_one(selector, Static).render())


def test_a_failed_card_comes_back_in_a_later_session_that_day(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    first, *others = collection.due_queue().new

    async def leave_after_failing_one() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "space", "1", "escape")  # fail card 1, leave at 09:00
            summary = _text(app.screen, "#summary-box")
            assert "Still waiting   3 today: 2 new · 1 to repeat" in summary
            assert "to repeat: back at 09:10" in summary
            assert "(a session before then shows it after the rest)" in summary
            await pilot.press("enter")

    asyncio.run(leave_after_failing_one())
    assert [deck.due for deck in collection.deck_summaries()] == [1]  # relearning counts as due
    clock.advance(hours=1)

    async def come_back_an_hour_later() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            card = screen.session.current
            assert card is not None
            assert card.id == first  # the failed card, first
            await pilot.press("space")
            # a repeat of the day: 4 and 5 leave it due on the day its first rating set
            assert _text(screen, "#prompt").endswith("1 10m · 2 10m · 3 10m · 4 1d · 5 1d")
            await pilot.press("4", "escape", "enter")

    asyncio.run(come_back_an_hour_later())
    with collection.engine.connect() as db:
        log = db.execute(
            select(reviews.c.card_id, reviews.c.rating, reviews.c.scheduled).order_by(reviews.c.id)
        ).all()
        assert log == [(first, 1, True), (first, 4, False)]  # SM-2 moved once that day
        state = db.execute(select(card_states).where(card_states.c.card_id == first)).one()
        assert (state.repetitions, state.interval, state.due) == (0, 1, date(2026, 3, 11))
    assert first not in collection.due_queue().card_ids  # gone until its SM-2 due day
    assert collection.due_queue().new == tuple(others)
    clock.advance(days=1)
    assert collection.due_queue().reviews == (first,)


def test_the_due_times_shown_are_the_ones_recorded(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("five.md", "".join(f"## Q{i}\nA{i}\n\n" for i in range(5))))
    shown: dict[int, NextReview] = {}

    async def rate_each_card_differently() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            for rating in (5, 4, 3, 2, 1):
                await pilot.press("space")
                card = screen.session.current
                assert card is not None
                previews = screen.session.next_reviews()
                shown[rating] = previews[Rating.of(rating)]
                bar = _text(screen, "#prompt").splitlines()[-1]
                assert bar == "Due again in   1 10m · 2 10m · 3 10m · 4 1d · 5 1d"
                await pilot.press(str(rating))
            await pilot.press("escape", "enter")

    asyncio.run(rate_each_card_differently())
    now = collection.clock.now()
    with collection.engine.connect() as db:
        recorded = {row.rating: row.due_after for row in db.execute(select(reviews))}
        relearning = relearning_due(db, now.date(), collection.learning_step)
        failed = {row.rating: row.card_id for row in db.execute(select(reviews))}
    for rating in (4, 5):
        assert shown[rating] == NextReview(None, recorded[rating])
    for rating in (1, 2, 3):
        assert shown[rating] == NextReview(relearning[failed[rating]], None)
        assert shown[rating].relearn_at == now + timedelta(minutes=10)


def test_undoing_a_failing_rating_ends_the_relearning(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    first = collection.due_queue().new[0]

    async def fail_then_undo() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "space", "1", "u", "escape", "enter")

    asyncio.run(fail_then_undo())
    clock.advance(hours=1)
    queue = collection.due_queue()
    assert (queue.relearning_ids, queue.new[0]) == ((), first)  # new again, not relearning
    assert [deck.due for deck in collection.deck_summaries()] == [0]
    with collection.engine.connect() as db:
        assert all_rows(db, reviews) == []


def test_u_with_nothing_to_undo_says_so_and_nothing_rated_shows_no_summary(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("A", "u")
            assert isinstance(app.screen, SpacedScreen)
            said = [notification.message for notification in app._notifications]
            assert said == ["Nothing to undo in this session."]
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_u_on_the_summary_takes_back_the_last_rating_and_shows_that_card_again(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "space", "5", "space", "5", "space", "1")  # a slip
            await pilot.press("space", "5")  # the failed card again: the session ends
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("u")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            assert screen.session.current is not None
            assert not screen.session.revealed
            assert _text(screen, "#progress").endswith(" · last rating undone")  # no toast
            await pilot.press("space", "5")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("u", "u")  # back to the slip, and undo it too
            await pilot.press("space", "4")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert [row.rating for row in all_rows(db, reviews)] == [5, 5, 4]


def test_a_long_answer_scrolls_and_the_screen_fits_every_size(
    collection: Collection, write_deck: WriteDeck
) -> None:
    long_answer = "\n\n".join(f"Paragraph {n} of a long answer." for n in range(1, 41))
    collection.import_file(write_deck("long.md", f"---\nid: long\n---\n## Long?\n{long_answer}\n"))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("A", "space")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            card = screen.query_one("#card", VerticalScroll)
            await pilot.press("pagedown")
            await pilot.pause()
            paged = card.scroll_y
            assert paged > 0
            await pilot.press("down")
            await pilot.pause()
            assert card.scroll_y == paged + 1
            await pilot.press("k", "pageup")
            await pilot.pause()
            assert card.scroll_y < paged

            def check(width: int) -> None:
                assert_within_width(app, [card, screen.query_one("#prompt")])
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)
            await pilot.press("question_mark")
            help_keys = {key.tooltip or key.description for key in app.screen.keys}
            assert "Scroll a long card (the arrows when no options are shown)" in help_keys

    asyncio.run(play())


def test_the_summary_lists_its_keys_on_question_mark(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("A", "space", "5", "escape")
            assert isinstance(app.screen, SummaryScreen)
            assert_footer_keeps_help_and_leave(app, leave="esc")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert [key.description for key in app.screen.keys] == [
                "Back",
                "Stats",
                "Undo rating",
                "Help",
            ]
            await pilot.press("escape")
            assert isinstance(app.screen, SummaryScreen)

    asyncio.run(play())


def test_a_numeric_card_takes_a_typed_number_and_reveals_the_computed_answer(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            card = screen.session.current
            assert card is not None
            assert card.drawn is not None
            box = screen.query_one("#typed-number", Input)
            assert box.display
            assert box.has_focus
            assert "{" not in str(screen.query_one("#question", Markdown).source)
            prompt = str(screen.query_one("#prompt", Static).render())
            assert prompt.startswith("Type the number (right within ±")
            await pilot.press(*keys_for(card.drawn.shown), "enter")
            assert screen.session.revealed
            assert not box.display
            grade = str(screen.query_one("#typed-grade", Static).render())
            assert grade == (
                f"You typed {card.drawn.shown}: ✓ right; the answer is "
                f"{card.drawn.shown_with_tolerance}"
            )
            assert card.drawn.answer in str(screen.query_one("#answer", Markdown).source)
            await pilot.press("2")  # rated as any card: it comes back in this session
            second = screen.session.current
            assert second is not None
            assert second.drawn is not None
            assert box.display
            assert box.has_focus
            assert box.value == ""
            await pilot.press(*keys_for(second.drawn.mistakes[0]), "enter")
            grade = str(screen.query_one("#typed-grade", Static).render())
            assert f": ✗ wrong; the answer is {second.drawn.shown_with_tolerance}" in grade
            await pilot.press("5")
            third = screen.session.current
            assert third is not None
            await pilot.press("enter")  # nothing typed: the answer shows, nothing graded
            assert not screen.query_one("#typed-grade", Static).display
            await pilot.press("u")  # undo the last rating: the same numbers again
            assert screen.session.current == second

    asyncio.run(play())


def test_a_number_too_large_to_read_is_said_to_be_no_number(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            card = screen.session.current
            assert card is not None
            assert card.drawn is not None
            await pilot.press(*keys_for("1e999"), "enter")
            grade = str(screen.query_one("#typed-grade", Static).render())
            assert grade == (
                "You typed 1e999 (not read as a number): ✗ wrong; the answer is "
                f"{card.drawn.shown_with_tolerance}"
            )

    asyncio.run(play())


MATH_DECK = r"""---
id: math
title: Math
---
## What does Adam divide $\hat m_t$ by?
By $1-\beta_1^t$: the *bias* correction.

$$\hat m_t = \frac{m_t}{1-\beta_1^t}$$

note:: The seed wrote it as `$m_t / (1 - b1^t)$`.
"""


def test_a_card_with_math_shows_unicode(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("math.md", MATH_DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            await pilot.pause()
            assert "What does Adam divide m̂ₜ by?" in "\n".join(
                drawn_lines(screen.query_one("#question"))
            )
            await pilot.press("space")
            await pilot.pause()
            answer = "\n".join(drawn_lines(screen.query_one("#answer")))
            assert "By 1−β₁ᵗ: the bias correction." in answer
            assert "m̂ₜ = mₜ/(1−β₁ᵗ)" in answer
            assert "$" not in answer
            assert "\\" not in answer
            note = "\n".join(drawn_lines(screen.query_one("#card-note")))
            assert "$m_t / (1 - b1^t)$" in note  # code stays as written

    asyncio.run(play())


def test_help_and_undo_work_while_a_number_is_typed(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            box = screen.query_one("#typed-number", Input)
            first = screen.session.current
            assert first is not None
            await pilot.press("enter", "4")  # revealed with nothing typed, then rated
            second = screen.session.current
            assert second is not None
            assert second.id != first.id
            assert box.has_focus
            await pilot.press("question_mark")  # never part of a number: help opens
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert app.screen is screen
            await pilot.press("1", "u")  # with a number typed, u is a letter in the box
            assert box.value == "1u"
            await pilot.press("backspace", "backspace", "u")  # an empty box: u undoes
            undone = screen.session.current
            assert undone is not None
            assert undone.id == first.id
            assert screen.note == "last rating undone"

    asyncio.run(play())
