"""Which reader reads a file given to import: a deck file, an Anki package, a deck backup of
``studyapp deck rm``, or another app's export, by the format named (``--format``) or else by the
file's name.

Deciding costs nothing (no file is opened, no parser imported); the store-side import asks it
for each file and then calls the reader it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from studyapp.decks.files import DECK_SUFFIXES, DeckFormat, deck_format_of

#: The file names of Anki packages: a deck package and a whole-collection backup.
ANKI_PACKAGE_SUFFIXES = (".apkg", ".colpkg")

#: The ``--format`` that reads every file named as an Anki package.
ANKI_PACKAGE_FORMAT = "apkg"

#: The file names of the deck backups ``studyapp deck rm`` writes (a deck and its history).
DECK_BACKUP_SUFFIX = ".studyapp-deck.json"


@dataclass(frozen=True, slots=True)
class DeckFileSource:
    """A deck file of ours, in this format."""

    fmt: DeckFormat


@dataclass(frozen=True, slots=True)
class AnkiPackageSource:
    """An Anki package (.apkg, .colpkg): decks, cards and review history."""


@dataclass(frozen=True, slots=True)
class DeckBackupSource:
    """A deck backup (``.studyapp-deck.json``): a removed deck with its whole history."""


@dataclass(frozen=True, slots=True)
class OtherAppSource:
    """Another app's export, in the format named (None: detected from its text)."""

    fmt: str | None


#: What kind of file a text file given to import is, and so which reader reads it.
TextSource = DeckFileSource | OtherAppSource

#: What kind of file any file given to import is, and so which reader reads it.
ImportSource = DeckFileSource | AnkiPackageSource | DeckBackupSource | OtherAppSource


def text_source(path: Path, fmt: str | None = None) -> TextSource:
    """A deck file if ``fmt`` is md or yaml, or (no ``fmt``) if the name ends like one;
    otherwise another app's export in ``fmt`` (detected when ``fmt`` is None)."""
    if fmt in DECK_SUFFIXES.values():
        return DeckFileSource(cast("DeckFormat", fmt))
    deck_fmt = deck_format_of(path) if fmt is None else None
    return DeckFileSource(deck_fmt) if deck_fmt is not None else OtherAppSource(fmt)


def import_source(path: Path, fmt: str | None = None) -> ImportSource:
    """An Anki package if ``fmt`` is apkg, or (no ``fmt``) if the name ends like one; with no
    ``fmt``, a deck backup if the name ends like one; otherwise the text file
    :func:`text_source` says."""
    if fmt == ANKI_PACKAGE_FORMAT or (fmt is None and path.suffix.lower() in ANKI_PACKAGE_SUFFIXES):
        return AnkiPackageSource()
    if fmt is None and path.name.lower().endswith(DECK_BACKUP_SUFFIX):
        return DeckBackupSource()
    return text_source(path, fmt)
