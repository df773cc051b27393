"""The card detail screen: opened from spaced review, its history, and editing the card where
it lives (a fake ``$VISUAL`` editing the deck file; a form for a card with no file)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import parse_deck_text
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.deck_source import DeckSource
from studyapp.store.schema import cards
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.card_detail_text import CHART_HEIGHT
from studyapp.tui.screens.card_detail import NEW_CARD_NOTE, CardDetailScreen, CardEditScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.spaced import SpacedScreen
from tests.conftest import WriteDeck
from tests.store.test_card_history import DECK
from tests.tui.drawn import drawn_lines
from tests.tui.fit import assert_footer_keeps_help_and_leave, footer_keys, resize_round_trip

#: A card whose every field carries escape sequences, bidi overrides and markup.
HOSTILE_DECK = """\
id: hostile
cards:
  - question: "Question \\e]52;c;SGVsbG8=\\a \\e[2J \\u202Eevil\\u202C \\x9b31m [bold]tags[/bold]"
    answer: "Answer \\e[31m red \\u202E"
    short: "short \\e[2J"
    source: "source \\e]8;;http://x\\a"
"""
#: The fake editor: records its arguments beside itself, then edits the file (its last
#: argument) by replacing OLD with NEW, as given in its environment.
FAKE_EDITOR = """#!{python}
import os, pathlib, sys
here = pathlib.Path(sys.argv[0]).parent
(here / "args").write_text("\\n".join(sys.argv[1:]), encoding="utf-8")
path = pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
path.write_text(text.replace(os.environ["FAKE_OLD"], os.environ["FAKE_NEW"]), encoding="utf-8")
"""


def _text(screen: CardDetailScreen, selector: str) -> str:
    """What a Static of the screen draws, as plain text (lines joined by spaces)."""
    return " ".join(line.strip() for line in drawn_lines(screen.query_one(selector, Static)))


def _answers(collection: Collection) -> dict[str, tuple[int, str, bool]]:
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(cards.c.question, cards.c.id, cards.c.answer, cards.c.retired_at)
        ).all()
    return {row.question: (row.id, row.answer, row.retired_at is not None) for row in rows}


@dataclass(frozen=True)
class AfterEdit:
    """What the detail screen showed after ``e`` and the (fake) editor."""

    problems: str
    changed: bool
    answer: str


def edit_with_the_editor(collection: Collection, card_id: int, size: tuple[int, int]) -> AfterEdit:
    """Open the card's detail, press ``e`` (the fake editor runs), and say what it showed."""
    shown: list[AfterEdit] = []

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=size) as pilot:
            await app.push_screen(CardDetailScreen(card_id))
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CardDetailScreen)
            assert screen.detail is not None
            shown.append(
                AfterEdit(
                    _text(screen, "#detail-problems"), screen.changed, screen.detail.card.answer
                )
            )

    asyncio.run(play())
    return shown[0]


@dataclass(frozen=True)
class FileCard:
    """The deck file imported and its card "What is an epoch?"."""

    path: Path
    card_id: int


@pytest.fixture
def epoch(collection: Collection, write_deck: WriteDeck) -> FileCard:
    """DECK written to basics.md and imported; its second card."""
    path = write_deck("basics.md", DECK)
    collection.import_file(path)
    return FileCard(path, _answers(collection)["What is an epoch?"][0])


@pytest.fixture
def exported(collection: Collection, write_deck: WriteDeck) -> int:
    """A CSV export imported (a deck with no file to edit); the id of its one card."""
    collection.import_file(write_deck("export.csv", "What is an epoch?,One pass\n"))
    (card,) = collection.scope_cards(Scope())
    return card.id


async def open_the_form(app: StudyApp, pilot: Pilot[None], card_id: int) -> CardEditScreen:
    """Open the card's detail, then its edit form (``e``)."""
    await app.push_screen(CardDetailScreen(card_id))
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, CardEditScreen)
    return form


def fake_edit(monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    """Make the fake editor replace ``old`` with ``new`` in the file."""
    monkeypatch.setenv("FAKE_OLD", old)
    monkeypatch.setenv("FAKE_NEW", new)


@pytest.fixture(autouse=True)
def no_real_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here ever opens the user's editor: $VISUAL is ``false`` unless a test sets the
    fake one."""
    monkeypatch.setenv("VISUAL", "false")


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake editor named ``vi`` (so it is given ``+LINE``) set as $VISUAL."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "vi"
    script.write_text(FAKE_EDITOR.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    return script


def test_i_in_spaced_review_shows_the_card_with_the_rating_just_given(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "space", "2")  # the first card missed: it comes back
            await pilot.press("space", "5")
            assert isinstance(app.screen, SpacedScreen)
            assert app.screen.session.current is not None
            shown = app.screen.session.current.id
            await pilot.press("i")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CardDetailScreen)
            assert detail.card_id == shown
            reviews = _text(detail, "#detail-reviews")
            assert "spaced" in reviews
            assert "2" in reviews
            assert "0→1 d" in reviews
            fields = _text(detail, "#detail-fields")
            assert "basics.md, line 6" in fields
            assert "1 rating" in _text(detail, "#detail-state")
            await resize_round_trip(
                pilot, lambda _width: assert_footer_keeps_help_and_leave(app, leave="esc")
            )
            await pilot.press("escape")
            assert isinstance(app.screen, SpacedScreen)
            assert app.screen.session.current is not None
            assert app.screen.session.revealed  # the detail showed the answer: it is revealed
            assert app.screen.session.current.id == shown

    asyncio.run(play())


def test_e_edits_the_deck_file_at_the_cards_line_and_imports_it_again(
    collection: Collection, epoch: FileCard, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, card_id = epoch.path, epoch.card_id
    collection.rate(card_id, Rating(4))
    fake_edit(
        monkeypatch, "One pass over the training data.", "One full pass over the training set."
    )

    shown = edit_with_the_editor(collection, card_id, (80, 24))
    assert shown == AfterEdit("", True, "One full pass over the training set.")
    assert (editor.parent / "args").read_text(encoding="utf-8").splitlines() == ["+12", str(path)]
    assert path.read_bytes() == DECK.replace(
        "One pass over the training data.", "One full pass over the training set."
    ).encode("utf-8")
    assert _answers(collection)["What is an epoch?"] == (
        card_id,
        "One full pass over the training set.",
        False,
    )
    assert len(collection.card_detail(card_id).reviews) == 1  # the history is kept


def test_a_broken_file_shows_its_errors_and_imports_nothing(
    collection: Collection, epoch: FileCard, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = epoch.path
    before = _answers(collection)
    fake_edit(monkeypatch, "One pass over the training data.", "One full pass.\n\nshrot:: a pass")

    shown = edit_with_the_editor(collection, epoch.card_id, (120, 35))
    assert shown.problems.startswith("Nothing was imported: the file has errors.")
    expected = (
        f'{path}:15: card "What is an epoch?": unknown field "shrot::" (did you mean "short"?)'
    )
    assert expected in shown.problems
    assert not shown.changed
    assert b"shrot:: a pass" in path.read_bytes()  # the file is the user's: left as written
    assert _answers(collection) == before


def test_a_new_question_with_a_derived_id_is_a_new_card_and_the_screen_says_so(
    collection: Collection, epoch: FileCard, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_edit(monkeypatch, "## What is an epoch?", "## What is one epoch?")
    assert editor.exists()
    assert edit_with_the_editor(collection, epoch.card_id, (120, 35)).problems == NEW_CARD_NOTE
    found = _answers(collection)
    assert found["What is an epoch?"] == (epoch.card_id, "One pass over the training data.", True)
    assert found["What is one epoch?"][0] != epoch.card_id


def test_a_card_with_no_file_is_edited_in_a_form(collection: Collection, exported: int) -> None:
    collection.rate(exported, Rating(3))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_the_form(app, pilot, exported)
            keys = footer_keys(app)  # ? is typed into the fields: f1 is help here
            assert (keys.get("f1"), keys.get("^s"), keys.get("esc")) == (True, True, True)
            form.query_one("#edit-answer", TextArea).text = ""
            await pilot.press("ctrl+s")
            assert app.screen is form  # refused: the answer is empty
            problems = form.query_one("#edit-problems", Static)
            assert drawn_lines(problems) == ["Not saved: the answer is empty"]
            form.query_one("#edit-answer", TextArea).text = "One full pass over the data"
            form.query_one("#edit-tags", Input).value = "basics, training"
            await pilot.press("ctrl+s")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CardDetailScreen)
            assert detail.changed
            assert "basics, training" in _text(detail, "#detail-fields")

    asyncio.run(play())
    stored = collection.card_detail(exported)
    assert stored.card.answer == "One full pass over the data"
    assert stored.card.tags == ("basics", "training")
    assert stored.edited_at is not None
    assert [review.rating for review in stored.reviews] == [3]


def test_esc_leaves_the_form_without_saving(collection: Collection, exported: int) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            form = await open_the_form(app, pilot, exported)
            form.query_one("#edit-answer", TextArea).text = "changed"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CardDetailScreen)
            assert not app.screen.changed

    asyncio.run(play())
    assert collection.card_detail(exported).card.answer == "One pass"


@pytest.mark.usefixtures("exported")
def test_a_card_edited_from_spaced_review_shows_edited_when_back(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter", "i")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#edit-answer", TextArea).text = "One full pass"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            spaced = app.screen
            assert isinstance(spaced, SpacedScreen)
            await pilot.press("space")
            assert spaced.session.current is not None
            assert spaced.session.current.answer == "One full pass"
            assert "One full pass" in " ".join(drawn_lines(spaced.query_one("#answer")))

    asyncio.run(play())


def test_help_lists_the_detail_keys(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", DECK))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(CardDetailScreen(1))
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            keys = {binding.action for binding in app.screen.keys}
            assert {"edit", "leave", "cursor", "scroll"} <= keys

    asyncio.run(play())


def test_hostile_card_text_is_shown_as_text_in_the_detail_and_the_form(
    collection: Collection,
) -> None:
    deck = parse_deck_text(HOSTILE_DECK, "hostile.yaml", "yaml")
    collection.import_spec(deck, origin="", fmt="yaml", source=DeckSource("app", None))
    (card,) = collection.scope_cards(Scope())

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            await app.push_screen(CardDetailScreen(card.id))
            await pilot.pause()
            shown = "\n".join(drawn_lines(app.screen))
            assert "[bold]tags[/bold]" in shown  # markup stays text
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, CardEditScreen)
            shown += "\n".join(drawn_lines(app.screen))
        for character in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert character not in shown

    asyncio.run(play())


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_chart_is_drawn_whole_at_each_size(
    collection: Collection, clock: FixedClock, epoch: FileCard, size: tuple[int, int]
) -> None:
    collection.rate(epoch.card_id, Rating(5))
    clock.advance(days=1)
    collection.rate(epoch.card_id, Rating(4))

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=size) as pilot:
            await app.push_screen(CardDetailScreen(epoch.card_id))
            await pilot.pause()
            chart = app.screen.query_one("#detail-chart", Static)
            drawn = drawn_lines(chart)
            assert drawn[0] == "Interval after each spaced rating (days)"
            assert "Ease after each spaced rating" in drawn
            assert chart.size.height == len(drawn) > 2 * CHART_HEIGHT
            assert max(len(line) for line in drawn) <= chart.size.width

    asyncio.run(play())
