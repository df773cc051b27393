"""Whose deck is it? An import may update a deck only from the source the deck came from.

A deck's source is its kind (``decks.origin_kind``: bundled, a deck file, another app's text
export, an Anki package, or made here) and the file it was imported from (``decks.origin``).
Importing a file whose deck id is taken by a deck of another source would retire that deck's
cards, so it is refused (:class:`DeckTakenError`) unless the user asks to replace it; the error
says how to import into another deck instead. A deck file moved or renamed (its old path gone)
is the same source, and the bundled decks are one source wherever the app is installed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Final, Literal

from studyapp.decks.errors import DeckError

DeckKind = Literal["bundled", "file", "export", "package", "app"]

#: How a refusal names each kind of source.
_KIND_NAMES: Final[dict[str, str]] = {
    "bundled": "the bundled deck",
    "file": "the deck file",
    "export": "the export",
    "package": "the Anki package",
    "app": "the deck made in studyapp",
}


@dataclass(frozen=True, slots=True)
class DeckSource:
    """Where an import's deck comes from: a kind and the file (absolute path), if any."""

    kind: DeckKind
    origin: str | None


@dataclass(frozen=True, slots=True)
class StoredDeck:
    """A stored deck as an import compares it: its row id and where it came from."""

    id: int
    origin: str | None
    kind: str | None


def same_source(stored: StoredDeck, incoming: DeckSource) -> bool:
    """Whether ``incoming`` may update the stored deck (without the user saying replace).

    The bundled decks update bundled decks only. Otherwise the same file is the same source,
    and so is a file of the same kind when the deck's old file is gone (moved or renamed).
    A deck with no recorded kind (not imported since schema 8) and no file takes any source.
    """
    if incoming.kind == "bundled" or stored.kind == "bundled":
        return incoming.kind == stored.kind
    if stored.kind is None and stored.origin is None:
        return True
    if stored.origin is not None and stored.origin == incoming.origin:
        return True
    return (
        stored.kind == incoming.kind
        and stored.kind != "app"
        and stored.origin is not None
        and not os.path.exists(stored.origin)
    )


class DeckTakenError(DeckError):
    """An import refused because its deck id belongs to a deck from another source."""

    def __init__(self, path: str, deck_id: str, stored: StoredDeck) -> None:
        self.deck_id = deck_id
        owner = _KIND_NAMES.get(stored.kind or "", "another source")
        if stored.kind not in ("bundled", "app", None) and stored.origin:
            owner += f" {stored.origin}"
        elif stored.kind is None and stored.origin:
            owner = stored.origin
        super().__init__(
            DeckError.single(
                path,
                None,
                f'deck id "{deck_id}" belongs to {owner}; nothing was imported (choose another '
                "deck with --deck NEW, or replace that deck's cards with --replace)",
            ).problems
        )
