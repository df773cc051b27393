"""Card text made safe to show: it is data, so it can never restyle or break the screen. Its
``$…$`` formulas are shown as Unicode (:mod:`studyapp.decks.math_text`)."""

from __future__ import annotations

from typing import Protocol

from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from studyapp.decks.cloze import cloze_prompt, find_blanks
from studyapp.decks.math_text import math_to_unicode
from studyapp.terminal_text import terminal_safe


class ShownCard(Protocol):
    """What these helpers read of a card (a :class:`~studyapp.store.cards.CardView` has it)."""

    @property
    def question(self) -> str: ...

    @property
    def answer(self) -> str: ...

    @property
    def type(self) -> str: ...


class NotedCard(Protocol):
    """What a card's note is read from (a :class:`~studyapp.store.cards.CardView` has it)."""

    @property
    def question(self) -> str: ...

    @property
    def note(self) -> str | None: ...


def safe(text: str) -> str:
    """Card text as plain text to show: formulas as Unicode, control characters (escape
    sequences, bidi overrides) removed."""
    return terminal_safe(math_to_unicode(text))


def safe_markdown(text: str) -> str:
    """Card Markdown to show in a Markdown widget: formulas as Unicode (escaped for Markdown),
    control characters removed."""
    return terminal_safe(math_to_unicode(text, markdown=True))


def question_of(card: ShownCard) -> str:
    """What the front of a card shows, as Markdown (a cloze card's blanks as ``[...]``)."""
    return safe_markdown(cloze_prompt(card.question) if card.type == "cloze" else card.question)


def answer_of(card: ShownCard) -> str:
    """What the back of a card shows, as Markdown (a cloze card: the sentence with its revealed
    words in bold, then any notes)."""
    if card.type != "cloze":
        return safe_markdown(card.answer)
    filled = revealed_cloze(card.question)
    return safe_markdown(f"{filled}\n\n{card.answer}" if card.answer else filled)


def note_of(*cards: NotedCard) -> Content | None:
    """The notes of these cards (where and why each departs from its source), to show after
    the answer: "Note:" and the note as plain text; with notes from several cards, each is
    marked with its card's question. None when no card has a note."""
    noted = [card for card in cards if card.note]
    if not noted:
        return None
    parts: list[Content] = []
    for card in noted:
        label = "Note: " if len(noted) == 1 else f"Note on “{one_line(card.question, 40)}”: "
        parts += [Content("\n\n") if parts else Content(""), Content.styled(label, "bold")]
        parts.append(plain(card.note or ""))
    return Content.assemble(*parts)


class CardNote(Static):
    """Under a card's answer, the card's note: dimmed, marked "Note:", plain text (never
    markup); hidden while there is none to show (before the answer, or a card without one)."""

    DEFAULT_CSS = """
    CardNote {
        padding: 0 0 1 0;
        color: $text-muted;
    }
    """

    def show_note(self, *cards: NotedCard) -> None:
        """Show the notes of these cards (none: hide the note)."""
        content = note_of(*cards)
        self.update(content or "")
        self.display = content is not None


def revealed_cloze(question: str) -> str:
    """A cloze question as Markdown with each blank filled in and its words in bold."""
    pieces, cursor = [], 0
    for start, end, text, _hint in find_blanks(question):
        words = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        pieces += [question[cursor:start], f"{lead}**{words}**{trail}" if words else text]
        cursor = end
    return "".join([*pieces, question[cursor:]])


def plain(text: str, style: str = "") -> Content:
    """Card text as literal content for a Static, an option or a cell (never markup)."""
    return Content.styled(safe(text), style) if style else Content(safe(text))


def one_line(text: str, width: int) -> str:
    """Text on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(safe(text).split())
    return flat if len(flat) <= width else flat[: max(0, width - 1)].rstrip() + "…"


def cell(text: str, width: int | None = None) -> Text:
    """Card or deck text for a DataTable cell (a plain string there would be read as markup)."""
    return Text(one_line(text, width) if width else safe(text), end="")


def numbered(number: int, text: str) -> Table:
    """An option's number and its text, the text wrapping under itself (never under the
    number), for an option list."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(str(number), Text(safe(text), end=""))
    return grid
