"""Home's nested decks: ``Parent::Child`` titles as a tree that opens and closes (space, a click,
→ and ←), a parent's counts rolled up from its decks, and a parent studied as all its decks;
removing a deck from home (D) after a confirm, its backup written first."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.tui.app import create_app
from studyapp.tui.screens.add_card import AddCardScreen
from studyapp.tui.screens.confirm import RemoveDeckDialog
from studyapp.tui.screens.custom_study import CustomStudyDialog
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.matching import MatchScreen
from studyapp.tui.screens.spaced import SpacedScreen
from studyapp.tui.screens.test import TestSetupScreen
from tests.conftest import WriteDeck
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_table_fits


def nested_deck(deck_id: str, title: str, cards: int) -> str:
    """A deck file of ``cards`` cards."""
    body = "".join(f"## {title} question {n}?\n{title} answer {n}.\n\n" for n in range(cards))
    return f"---\nid: {deck_id}\ntitle: {title}\n---\n{body}"


@pytest.fixture
def nested(collection: Collection, write_deck: WriteDeck) -> Collection:
    """Decks ML (2 cards), ML::Optimizers (3), ML::Schedules::Cosine (1) and Other (1); one
    Optimizers card rated 5 and the ML card rated 3."""
    for deck_id, title, cards in (
        ("ml", "ML", 2),
        ("ml-optimizers", "ML::Optimizers", 3),
        ("ml-schedules-cosine", "ML::Schedules::Cosine", 1),
        ("other", "Other", 1),
    ):
        collection.import_file(write_deck(f"{deck_id}.md", nested_deck(deck_id, title, cards)))
    cards = {card.question: card.id for card in collection.scope_cards(Scope())}
    collection.rate(cards["ML::Optimizers question 0?"], 5)
    collection.rate(cards["ML question 0?"], 3)
    return collection


def names(table: DataTable[object]) -> list[str]:
    """The Deck column's text, row by row (decks only: up to the all-decks row)."""
    cells = [table.get_row_at(n)[0] for n in range(table.row_count)]
    shown = [cell.plain if isinstance(cell, Text) else str(cell) for cell in cells]
    return [name for name in shown if name != "All decks" and not name.startswith("#")]


def test_the_tree_opens_and_closes_and_rolls_counts_up(nested: Collection) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            table = home.query_one("#decks", DataTable)
            assert names(table) == ["▸ ML", "  Other"]
            # ML and all under it: 6 cards, 4 new, the card rated 3 due again, (5+3)/(5*6)
            assert [str(c) for c in table.get_row_at(0)[1:]] == ["6", "4", "1", "27%"]
            await pilot.press("space")
            assert names(table) == ["▾ ML", "    Optimizers", "  ▸ Schedules", "  Other"]
            assert [str(c) for c in table.get_row_at(1)[1:]] == ["3", "2", "0", "33%"]
            await pilot.press("j", "j", "right")
            assert names(table) == [
                "▾ ML",
                "    Optimizers",
                "  ▾ Schedules",
                "      Cosine",
                "  Other",
            ]
            await pilot.press("j", "left")  # on Cosine: up to Schedules
            assert table.cursor_row == 2
            await pilot.press("left")
            assert names(table)[2:] == ["  ▸ Schedules", "  Other"]
            await pilot.press("left")  # a closed parent: up to ML
            assert table.cursor_row == 0
            await pilot.press("j", "j")
            await pilot.press("k", "k", "space")
            assert names(table) == ["▸ ML", "  Other"]
            await pilot.press("space")  # reopened: Schedules is still closed
            assert names(table)[2] == "  ▸ Schedules"
            for size in ((120, 35), (80, 24)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert_table_fits(table)
                assert_footer_keeps_help_and_leave(app)

    asyncio.run(play())


def test_a_click_on_the_highlighted_parent_opens_it(nested: Collection) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(120, 35)) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            await pilot.click(DataTable, offset=(6, 1))  # the first row (ML, highlighted)
            await pilot.pause()
            assert names(table)[0] == "▾ ML"

    asyncio.run(play())


def test_the_tree_is_kept_when_home_comes_back(nested: Collection) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await pilot.press("space", "l")
            assert isinstance(app.screen, LearnScreen)
            app.screen.dismiss()
            await pilot.pause()
            assert app.screen is home
            assert names(home.query_one("#decks", DataTable))[0] == "▾ ML"

    asyncio.run(play())


def test_a_parent_studies_every_deck_under_it(nested: Collection) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            scope = home.selected_scope()
            assert scope == Scope(decks=("ml", "ml-optimizers", "ml-schedules-cosine"))
            assert scope is not None
            assert scope.label == "ML (3 decks)"
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            assert screen.session.scope == scope
            assert len(screen.session.cards) == 6
            assert nested.stats(scope).cards.cards == 6  # stats take the scope too

    asyncio.run(play())


def test_a_flat_deck_list_has_no_tree(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            assert names(table) == ["Optimizers"]
            await pilot.press("space")
            assert names(table) == ["Optimizers"]

    asyncio.run(play())


def test_d_removes_the_highlighted_deck_after_asking(
    nested: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studyapp.paths.deck_backups_dir", lambda: tmp_path / "backups")

    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            await pilot.press("D")  # on a parent that is a deck: ML itself
            assert isinstance(app.screen, RemoveDeckDialog)
            await pilot.press("escape")
            assert nested.deck_keys() == ["ml", "ml-optimizers", "ml-schedules-cosine", "other"]
            await pilot.press("j", "D")
            assert isinstance(app.screen, RemoveDeckDialog)
            await pilot.press("y")
            await pilot.pause()
            assert nested.deck_keys() == ["ml", "ml-optimizers", "ml-schedules-cosine"]
            assert names(table) == ["▸ ML"]

    asyncio.run(play())
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("other-")
    assert nested.import_paths([backup]).reports[0].deck == "other"


@pytest.mark.parametrize(
    ("key", "screen_type"),
    [("enter", SpacedScreen), ("t", TestSetupScreen), ("m", MatchScreen)],
)
def test_every_mode_starts_on_a_parent(
    nested: Collection, key: str, screen_type: type[Screen[None]]
) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, screen_type)
            parent = Scope(decks=("ml", "ml-optimizers", "ml-schedules-cosine"))
            if isinstance(screen, SpacedScreen):
                assert screen.scope == parent
                assert screen.sub_title == "ML (3 decks)"
            elif isinstance(screen, TestSetupScreen):
                assert (screen.scope, screen.cards) == (parent, 6)
            elif isinstance(screen, MatchScreen):
                assert screen.game.scope == parent

    asyncio.run(play())


def test_adding_a_card_takes_the_rows_deck_and_custom_study_its_decks(
    nested: Collection,
) -> None:
    async def play() -> None:
        app = create_app(nested, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("a")  # on ML, a parent that is a deck: that deck
            screen = app.screen
            assert isinstance(screen, AddCardScreen)
            assert (screen.deck, screen.deck_title) == ("ml", "ML")
            await pilot.press("escape")
            await pilot.press("space", "j", "j", "a")  # on Schedules, only a name: no deck
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("c")  # custom study takes the decks under it
            dialog = app.screen
            assert isinstance(dialog, CustomStudyDialog)
            assert dialog.within == Scope(decks=("ml-schedules-cosine",))
            assert dialog.within.label == "Schedules (1 deck)"

    asyncio.run(play())
