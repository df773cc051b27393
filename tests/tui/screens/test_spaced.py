"""Pilot tests: play sessions with key presses, then check the store."""

from __future__ import annotations

import asyncio

from sqlalchemy import select
from textual.containers import VerticalScroll

from studyapp.collection import Collection
from studyapp.store.schema import card_states, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from tests.conftest import WriteDeck
from tests.store_rows import all_rows
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_within_width, resize_round_trip

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


def test_undo_help_and_leaving_early(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a")  # review all decks
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


def test_u_with_nothing_to_undo_says_so_and_nothing_rated_shows_no_summary(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a", "u")
            assert isinstance(app.screen, SpacedScreen)
            said = [notification.message for notification in app._notifications]
            assert said == ["Nothing to undo: no rating given yet in this session."]
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_a_long_answer_scrolls_and_the_screen_fits_every_size(
    collection: Collection, write_deck: WriteDeck
) -> None:
    long_answer = "\n\n".join(f"Paragraph {n} of a long answer." for n in range(1, 41))
    collection.import_file(write_deck("long.md", f"---\nid: long\n---\n## Long?\n{long_answer}\n"))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a", "space")
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
            await pilot.press("a", "space", "5", "escape")
            assert isinstance(app.screen, SummaryScreen)
            assert_footer_keeps_help_and_leave(app, leave="esc")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert [key.description for key in app.screen.keys] == ["Back", "Stats", "Help"]
            await pilot.press("escape")
            assert isinstance(app.screen, SummaryScreen)

    asyncio.run(play())
