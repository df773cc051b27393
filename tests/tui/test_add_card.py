"""Adding a card from home: the form, its errors, and the card saved where its deck lives."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widgets import Input, Select, Static, TextArea

from studyapp.collection import Collection
from studyapp.store.schema import cards, decks
from studyapp.tui.app import create_app
from studyapp.tui.screens.add_card import AddCardScreen, LeaveAddCardDialog
from studyapp.tui.screens.home import HomeScreen
from tests.conftest import WriteDeck

DECK = "---\nid: opt\ntitle: Optimizers\n---\n\n## What is Adam?\n\nAn optimizer.\n"


def _questions(collection: Collection, deck: str) -> dict[str, tuple[str, str, list[str]]]:
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(cards.c.key, cards.c.question, cards.c.answer, cards.c.tags)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(decks.c.key == deck, cards.c.retired_at.is_(None))
        )
        return {key: (question, answer, tags) for key, question, answer, tags in rows}


async def _fill(screen: AddCardScreen, question: str, answer: str, tags: str = "") -> None:
    screen.query_one("#add-question", Input).value = question
    screen.query_one("#add-answer", TextArea).text = answer
    screen.query_one("#add-tags", Input).value = tags


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_a_card_added_from_home_is_appended_to_its_file(
    collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    path = write_deck("opt.md", DECK)
    collection.import_file(path)

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=size) as pilot:
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("a")
            screen = app.screen
            assert isinstance(screen, AddCardScreen)
            assert screen.deck == "opt"
            # an empty answer is refused, in the form
            await pilot.press(*"What is SGD?")
            await pilot.press("ctrl+s")
            assert app.screen is screen
            errors = str(screen.query_one("#add-errors", Static).render())
            assert "The answer is empty" in errors
            await _fill(screen, "What is SGD?", "Stochastic gradient descent.", "sgd, basics")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    after = path.read_bytes()
    assert after.startswith(DECK.encode())
    added = after[len(DECK) :].decode()
    assert added.startswith(
        "\n## What is SGD?\n\nStochastic gradient descent.\n\nid:: what-is-sgd-"
    )
    assert added.endswith("\ntags:: sgd, basics\n")
    stored = _questions(collection, "opt")
    key = added.split("id:: ", 1)[1].split("\n", 1)[0]
    assert stored[key] == ("What is SGD?", "Stochastic gradient descent.", ["sgd", "basics"])
    assert len(stored) == 2


def test_a_cloze_card_without_a_blank_is_refused_and_esc_adds_nothing(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("opt.md", DECK)
    collection.import_file(path)

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a")
            screen = app.screen
            assert isinstance(screen, AddCardScreen)
            await _fill(screen, "Adam uses moments", "", "")
            screen.query_one("#add-type", Select).value = "cloze"
            await pilot.press("ctrl+s")
            errors = str(screen.query_one("#add-errors", Static).render())
            assert "A cloze card needs at least one blank" in errors
            await pilot.press("escape")  # something typed: asked first
            assert isinstance(app.screen, LeaveAddCardDialog)
            await pilot.press("escape")  # keep typing
            assert app.screen is screen
            assert screen.query_one("#add-question", Input).value == "Adam uses moments"
            await pilot.press("escape", "d")  # leave, adding nothing
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("a", "escape")  # nothing typed: no question
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert path.read_text(encoding="utf-8") == DECK
    assert len(_questions(collection, "opt")) == 1


def test_a_card_added_to_a_deck_with_no_file_is_stored(
    collection: Collection, tmp_path: Path
) -> None:
    export = tmp_path / "terms.txt"
    export.write_text("Adam\tan optimizer\nSGD\tthe plain one\n", encoding="utf-8")
    deck = collection.import_file(export, "quizlet").deck

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("a")
            screen = app.screen
            assert isinstance(screen, AddCardScreen)
            await _fill(screen, "What is RMSprop?", "A running RMS of gradients.")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert export.read_text(encoding="utf-8") == "Adam\tan optimizer\nSGD\tthe plain one\n"
    stored = _questions(collection, deck)
    assert ("What is RMSprop?", "A running RMS of gradients.", []) in stored.values()
    assert collection.deck_summaries()[0].cards == 3


def test_a_tag_row_has_no_deck_to_add_to_and_enter_moves_to_the_next_field(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("opt.md", DECK.replace("An optimizer.", "x\n\ntags:: t")))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down")  # the tag's row
            await pilot.press("a")
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("up", "a")
            screen = app.screen
            assert isinstance(screen, AddCardScreen)
            await pilot.press("Q", "enter")
            assert app.focused is screen.query_one("#add-answer", TextArea)

    asyncio.run(play())
