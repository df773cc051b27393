"""Card text made safe to show: escape sequences and bidi overrides removed, markup kept as
literal text, in the helpers and in the screens that use them."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from textual.widgets import DataTable

from studyapp.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.matching import MatchScreen
from studyapp.tui.widgets.match_tile import MatchTile
from studyapp.tui.widgets.text import answer_of, cell, note_of, one_line, plain, question_of
from tests.conftest import WriteDeck


@dataclass(frozen=True)
class Card:
    """The parts of a card the text helpers read."""

    question: str
    answer: str
    type: str = "basic"


def test_a_card_loses_its_escape_sequences_and_bidi_overrides() -> None:
    card = Card("What is \x1b[2Jlr?", "The \u202estep size.")
    assert question_of(card) == "What is [2Jlr?"
    assert answer_of(card) == "The step size."


def test_a_cloze_card_shows_its_blanks_then_the_sentence_with_its_revealed_words_in_bold() -> None:
    card = Card("Adam keeps {{two moments::how many}} per weight.", "", "cloze")
    assert question_of(card) == "Adam keeps [how many] per weight."
    assert answer_of(card) == "Adam keeps **two moments** per weight."
    noted = Card("Adam keeps {{two moments}} per weight.", "Mean and variance.", "cloze")
    assert question_of(noted) == "Adam keeps [...] per weight."
    assert answer_of(noted) == "Adam keeps **two moments** per weight.\n\nMean and variance."
    spaced = Card("{{Adam}} and {{RMSprop }}scale steps.", "", "cloze")
    assert answer_of(spaced) == "**Adam** and **RMSprop** scale steps."  # bold hugs the words


@dataclass(frozen=True)
class NotedCard:
    """The parts of a card its note is shown from."""

    question: str
    note: str | None = None


def test_a_note_is_marked_and_stays_plain_text() -> None:
    assert note_of(NotedCard("Q?")) is None
    assert note_of() is None
    note = note_of(NotedCard("Q?", "The seed said [bold]AdaGrad[/bold].\n\nIt is \x1b[31mRMSprop."))
    assert note is not None
    assert note.plain == "Note: The seed said [bold]AdaGrad[/bold].\n\nIt is [31mRMSprop."
    label = note.plain.index("Note: ")
    assert any(span.start == label and "bold" in str(span.style) for span in note.spans)
    assert not any("bold" in str(span.style) for span in note.spans if span.start > label)


def test_notes_of_several_cards_each_name_their_card() -> None:
    note = note_of(
        NotedCard("What does momentum keep?", "A sum, not an average."),
        NotedCard("Without a note?"),
        NotedCard("What does RMSprop divide by?", "Not AdaGrad's sum."),
    )
    assert note is not None
    assert note.plain == (
        "Note on “What does momentum keep?”: A sum, not an average.\n\n"
        "Note on “What does RMSprop divide by?”: Not AdaGrad's sum."
    )


def test_one_line_flattens_and_cuts_with_an_ellipsis() -> None:
    assert one_line(" a\n b  c ", 40) == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("abcde", 5) == "abcde"


def test_markup_in_a_cell_or_a_static_stays_literal_text() -> None:
    text = cell("[bold]x[/bold]\x1b[1m")
    assert (text.plain, text.spans) == ("[bold]x[/bold][1m", [])
    assert cell("a long question about momentum", 12).plain == "a long ques…"
    content = plain("[red]x", "bold")
    assert content.plain == "[red]x"
    assert [span.style for span in content.spans] == ["bold"]


MARKUP_DECK = """---
id: marks
title: "[bold]Marks[/bold]"
---
## What does [red]this[/red] do?
It stays text.

short:: [bold]nothing[/bold]\x1b[31m

## Second card
Plain.

short:: plain answer
"""


def test_card_text_is_never_markup_in_the_new_screens(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("marks.md", MARKUP_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(6))
        async with app.run_test(size=(120, 35)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            title = home.query_one("#decks", DataTable).get_row_at(0)[0]
            assert str(title) == "[bold]Marks[/bold]"
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            shown = {str(tile.render()) for tile in screen.query(MatchTile)}
            assert any("[red]this[/red]" in text for text in shown)
            assert any("[bold]nothing[/bold]" in text for text in shown)
            assert not any("\x1b" in text for text in shown)

    asyncio.run(play())


def test_formulas_are_shown_as_unicode_by_every_helper() -> None:
    card = Card(r"What is $\sqrt{2/\mathrm{fan}_{in}}$?", r"$a*b_t$, not \$5 *now*")
    assert question_of(card) == r"What is √\(2\/fanᵢₙ\)?"  # Markdown: punctuation escaped
    assert answer_of(card) == r"a\*bₜ, not \$5 *now*"  # only the formula's
    assert plain(card.answer).plain == "a*bₜ, not $5 *now*"  # plain text: as it reads
    assert one_line(card.question, 12) == "What is √(2…"
    assert cell(card.question).plain == "What is √(2/fanᵢₙ)?"
    cloze = Card(r"Dropout scales by {{$\frac{1}{1-p}$}}.", "", "cloze")
    assert question_of(cloze) == "Dropout scales by [...]."
    assert answer_of(cloze) == r"Dropout scales by **1\/\(1−p\)**."
    noted = NotedCard(r"What is $\beta_1$?", r"The seed wrote $b_1$ (`$b_1$`).")
    shown = note_of(noted)
    assert shown is not None
    assert shown.plain == "Note: The seed wrote b₁ (`$b_1$`)."
