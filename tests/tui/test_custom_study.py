"""Custom study from home: the dialog, its errors, and the session it starts."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

from sqlalchemy import select, update
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioButton, Select, Static

from studyapp.collection import Collection
from studyapp.modes.spaced import SessionSummary
from studyapp.scope import Scope
from studyapp.store.schema import card_states, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.custom_study import CustomStudyDialog
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen, custom_lines
from tests.tui.fit import footer_keys

SCHEDULE = (card_states.c.due, card_states.c.interval, card_states.c.easiness)


def _mark(collection: Collection, questions: list[str], **values: object) -> list[int]:
    cards = {card.question: card.id for card in collection.scope_cards(Scope())}
    ids = [cards[question] for question in questions]
    with collection.writer.begin() as db:
        db.execute(update(card_states).where(card_states.c.card_id.in_(ids)).values(**values))
    return ids


def _schedules(collection: Collection) -> list[tuple[object, ...]]:
    with collection.engine.connect() as db:
        return [tuple(row) for row in db.execute(select(*SCHEDULE).order_by(card_states.c.card_id))]


async def _open_dialog(app: App[None], pilot: Pilot[None]) -> CustomStudyDialog:
    """Press c on home: the custom study dialog."""
    await pilot.press("c")
    dialog = app.screen
    assert isinstance(dialog, CustomStudyDialog)
    return dialog


def _error(dialog: CustomStudyDialog) -> str:
    return str(dialog.query_one("#custom-error", Static).render())


def test_starred_cards_in_a_spaced_custom_session_keep_their_schedules(
    collection: Collection, deck: Scope
) -> None:
    questions = [card.question for card in collection.scope_cards(deck)]
    starred = _mark(collection, questions[:2], starred=True)
    before = _schedules(collection)

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = await _open_dialog(app, pilot)
            assert dialog.within == Scope(decks=("opt",))
            assert footer_keys(app) == {"?": True, "^s": True, "esc": True}
            assert not dialog.query_one("#custom-reschedule", Checkbox).value  # off by default
            await pilot.press("ctrl+s")  # starred cards, spaced review
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SpacedScreen)
            assert screen.title == "Custom study"
            assert screen.session.custom
            assert sorted(screen.session.order.pending) == sorted(starred)
            await pilot.press("space")
            prompt = str(screen.query_one("#prompt", Static).render())
            assert "no card's schedule moves" in prompt
            await pilot.press("2", "space", "5", "space", "4")
            await pilot.pause()
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            text = str(summary.query_one("#summary-box", Static).render())
            assert "Schedules       as they were (not rescheduled)" in text
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert _schedules(collection) == before
    with collection.engine.connect() as db:
        log = db.execute(select(reviews.c.mode, reviews.c.scheduled)).all()
    assert [tuple(row) for row in log] == [("custom", False)] * 3


def test_a_flag_studied_in_learn_mode(collection: Collection, deck: Scope) -> None:
    questions = [card.question for card in collection.scope_cards(deck)]
    flagged = _mark(collection, questions[3:7], flag=4)

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(120, 35)) as pilot:
            dialog = await _open_dialog(app, pilot)
            await pilot.press("j", "enter")  # j moves as ↓ does: the flag
            assert dialog.query_one("#kind-flag", RadioButton).value
            dialog.query_one("#custom-flag", Select).value = 4
            dialog.query_one("#custom-mode", Select).value = "learn"
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            assert screen.session.scope == Scope(search="deck:opt flag:4")
            assert sorted(card.id for card in screen.session.cards) == sorted(flagged)

    asyncio.run(play())


def test_a_tag_row_studies_its_cards_only(collection: Collection, deck: Scope) -> None:
    tagged = [card.id for card in collection.scope_cards(Scope(tag="optimizers"))]
    assert 0 < len(tagged) < len(collection.scope_cards(deck))

    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await pilot.press("j")  # the deck, then its tag
            dialog = await _open_dialog(app, pilot)
            assert dialog.within == Scope(tag="optimizers")
            assert str(dialog.query_one("#custom-deck-only", Checkbox).label) == "Only #optimizers"
            dialog.query_one("#kind-all", RadioButton).value = True
            dialog.query_one("#custom-mode", Select).value = "learn"
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            assert screen.session.scope == Scope(search='tag:"optimizers"')
            assert sorted(card.id for card in screen.session.cards) == sorted(tagged)

    asyncio.run(play())


def test_the_dialog_says_why_nothing_starts(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = await _open_dialog(app, pilot)
            await pilot.press("ctrl+s")  # nothing is starred
            assert app.screen is dialog
            assert _error(dialog) == "No cards to study: starred · Optimizers."
            dialog.query_one("#kind-search", RadioButton).value = True
            dialog.query_one("#custom-query", Input).value = "adam [bold]"
            await pilot.press("ctrl+s")
            assert app.screen is dialog
            # the browser's search: "adam [bold]" is two words no card has, shown as typed
            assert _error(dialog) == "No cards to study: adam [bold] · Optimizers."
            dialog.query_one("#custom-query", Input).value = "adam colour:red"
            await pilot.press("ctrl+s")
            assert _error(dialog).startswith('unknown search key "colour:"')
            dialog.query_one("#kind-ahead", RadioButton).value = True
            dialog.query_one("#custom-days", Input).value = ""
            await pilot.press("ctrl+s")
            assert _error(dialog) == "type how many days ahead"
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_a_custom_summary_says_what_it_left_and_whether_schedules_moved() -> None:
    counts = {int(rating): 0 for rating in range(1, 6)}
    kept = SessionSummary(2, 3, counts, 10.0, left=1, custom=True, rescheduled=False)
    assert custom_lines(kept) == [
        "Not reached     1",
        "Schedules       as they were (not rescheduled)",
    ]
    back = datetime(2026, 3, 10, 9, 10, tzinfo=UTC)
    moved = SessionSummary(1, 1, counts, 5.0, left=1, relearning=1, back_at=back, custom=True)
    assert custom_lines(moved)[1:] == [
        "Schedules       moved by the ratings",
        "To repeat       1 in today's review from 09:10",
    ]
