"""The deck files to lint, read exactly as ``studyapp import`` reads them, with card lines.

Each card comes with the line it starts on and with the :class:`~studyapp.store.cards.CardView`
a collection would give the study modes after importing it (the same stored columns,
:func:`~studyapp.store.importer.card_row`), so the rules and the guessability figure run the
app's own multiple-choice builder on exactly what a student would see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studyapp.decks.errors import DeckError
from studyapp.decks.files import (
    DECK_SUFFIXES,
    deck_format_of,
    find_deck_files,
    parse_located_deck,
)
from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.decks.reading import decode_text, read_bytes
from studyapp.lint.findings import Finding, Rule
from studyapp.store.cards import CardView
from studyapp.store.importer import card_row

PARSE_ERROR = Rule(
    "parse-error", "error", "a deck file the importer refuses (its own messages, every problem)"
)


class LintInputError(Exception):
    """A path that cannot be linted at all: missing, unreadable, or holding no deck files."""


@dataclass(frozen=True, slots=True)
class LintedCard:
    """A card to lint: where it is written, as written, and as the study modes see it."""

    path: str
    line: int
    deck: DeckSpec
    spec: CardSpec
    view: CardView

    def finding(self, rule: Rule, message: str) -> Finding:
        """A finding of ``rule`` about this card."""
        return rule.at(self.path, self.line, message, self.spec.id, self.spec.question)


@dataclass(frozen=True, slots=True)
class LintedDecks:
    """Every card of the deck files read, and a finding for each file the importer refused."""

    cards: tuple[LintedCard, ...]
    refused: tuple[Finding, ...]
    files: int


def deck_paths(paths: Sequence[Path]) -> list[Path]:
    """The deck files named and those inside the folders named; LintInputError for a missing
    path, a file that is not a deck file, or no deck files at all."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise LintInputError(f"no such file or folder: {', '.join(missing)}")
    files = list(dict.fromkeys(find_deck_files(paths)))
    for path in files:
        if deck_format_of(path) is None:
            known = ", ".join(DECK_SUFFIXES)
            raise LintInputError(f"{path}: is not a deck file (deck files end in {known})")
    if not files:
        raise LintInputError("no deck files (.md, .yaml) found in " + ", ".join(map(str, paths)))
    return files


def read_decks(paths: Sequence[Path]) -> LintedDecks:
    """Read every deck file under ``paths``; a file the importer refuses becomes a finding per
    problem (the importer's own messages), and one that cannot be read a LintInputError."""
    cards: list[LintedCard] = []
    refused: list[Finding] = []
    files = deck_paths(paths)
    for path in files:
        fmt = deck_format_of(path)
        assert fmt is not None
        name = str(path)
        try:
            data = read_bytes(path)
        except DeckError as error:
            raise LintInputError(str(error.problems[0])) from None
        try:
            located = parse_located_deck(decode_text(data, name), name, fmt)
        except DeckError as error:
            refused.extend(
                PARSE_ERROR.at(p.path, p.line, p.message, question=p.card) for p in error.problems
            )
            continue
        for spec, line in zip(located.deck.cards, located.card_lines, strict=True):
            view = _card_view(len(cards) + 1, located.deck.id, spec)
            cards.append(LintedCard(name, line, located.deck, spec, view))
    return LintedDecks(tuple(cards), tuple(refused), len(files))


def _card_view(number: int, deck_id: str, spec: CardSpec) -> CardView:
    """The card as the study modes get it from a collection that imported it."""
    row = card_row(spec)
    return CardView(
        number, deck_id, row["question"], row["answer"], row["type"], row["short"],
        tuple(row["tags"]), tuple(row["distractors"]), row["demo"], tuple(row["accepted"]),
        numeric=row["numeric_spec"],
    )  # fmt: skip
