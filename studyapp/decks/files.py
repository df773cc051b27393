"""Deck files on disk: recognise the format by extension, read, and write."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from studyapp.bulk import paused_gc
from studyapp.decks.errors import DeckError

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

# The parsers (and pydantic behind them) are imported on first use, so commands that only
# read the store start quickly.

DeckFormat = Literal["md", "yaml"]
DECK_SUFFIXES: dict[str, DeckFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".yaml": "yaml",
    ".yml": "yaml",
}


def deck_format_of(path: Path) -> DeckFormat | None:
    """The deck format a file name implies, or None if it is not a deck file."""
    return DECK_SUFFIXES.get(path.suffix.lower())


@dataclass(frozen=True, slots=True)
class LocatedDeck:
    """A parsed deck and the line each of its cards starts on (its heading, its YAML item)."""

    deck: DeckSpec
    card_lines: tuple[int, ...]


def parse_deck_text(text: str, path: str, fmt: DeckFormat) -> DeckSpec:
    """Parse deck text in a known format; ``path`` names it in errors and gives the default id."""
    return parse_located_deck(text, path, fmt).deck


def parse_located_deck(text: str, path: str, fmt: DeckFormat) -> LocatedDeck:
    """Parse deck text as :func:`parse_deck_text` does, keeping where each card starts."""
    from studyapp.decks.markdown import read_markdown
    from studyapp.decks.validation import build_deck
    from studyapp.decks.yamlformat import read_yaml

    with paused_gc():
        raw = read_markdown(text, path) if fmt == "md" else read_yaml(text, path)
        deck = build_deck(raw, Path(path).stem)
    # A deck with any problem is refused, so each raw card became the card at its index.
    assert len(deck.cards) == len(raw.cards)
    return LocatedDeck(deck, tuple(card.line for card in raw.cards))


def load_deck(path: Path) -> DeckSpec:
    """Read and validate one deck file; DeckError lists every problem in it."""
    fmt = deck_format_of(path)
    if fmt is None:
        known = ", ".join(DECK_SUFFIXES)
        raise DeckError.single(str(path), None, f"is not a deck file (deck files end in {known})")
    from studyapp.decks.reading import read_text

    return parse_deck_text(read_text(path), str(path), fmt)


def dump_deck(deck: DeckSpec, fmt: DeckFormat) -> str:
    """The deck as text in the given format."""
    from studyapp.decks.markdown import write_markdown
    from studyapp.decks.yamlformat import write_yaml

    return write_markdown(deck) if fmt == "md" else write_yaml(deck)


def find_deck_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each deck file named, and every deck file inside each folder named (sorted, recursive).

    Folders skip README files and hidden entries, so a documented ``cards/`` folder imports cleanly.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if child.is_file() and deck_format_of(child) and child.stem.lower() != "readme":
                    yield child
        else:
            yield path


def deck_file_digest(data: bytes, fmt: DeckFormat) -> str:
    """A digest of a deck file's exact content and of everything that decides how it parses.

    Equal digests mean an import would read exactly the same cards: the bytes, the format,
    the app version and the registered demos (which decide which links are valid) all match.
    """
    from studyapp import __version__
    from studyapp.demos.registry import registry_fingerprint

    context = f"studyapp {__version__}\n{fmt}\n{registry_fingerprint()}\n".encode()
    return hashlib.sha256(context + data).hexdigest()


def bundled_deck_files(folder: Path) -> list[Path]:
    """The deck files of the bundled-decks folder, sorted (none if it is missing)."""
    return sorted(find_deck_files([folder])) if folder.is_dir() else []


def bundled_fingerprint(files: list[Path]) -> str:
    """A digest of the bundled deck files' names and contents: it changes when any of them does."""
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
