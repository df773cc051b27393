"""What a study session covers: all decks, some decks, the cards with a tag, or the cards a
search finds (custom study: starred cards, a flag, cards due soon, any search).

A scope is written in the store as ``all``, ``deck:<id>``, ``tag:<tag>`` or ``search:<query>``
(tests and matching games remember the scope they were played on; the best matching time is
per scope). The SQL that selects a scope's cards is in :mod:`studyapp.store.scope`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Scope:
    """All active cards, or those of some decks, or those with a tag, or those a search finds
    (one of the three at most)."""

    decks: tuple[str, ...] | None = None
    tag: str | None = None
    #: a search query (:mod:`studyapp.store.search_query`), as custom study writes it
    search: str | None = None
    #: How screens name the scope when the deck's title is known (not part of its identity).
    title: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if sum(part is not None for part in (self.decks, self.tag, self.search)) > 1:
            raise ValueError("a scope is some decks, a tag or a search, not two of them")
        if self.search is not None and not self.search.strip():
            raise ValueError("a search scope needs a query")
        if self.decks is not None and not self.decks:
            raise ValueError("a deck scope needs at least one deck")

    @classmethod
    def of_decks(cls, keys: Sequence[str] | None) -> Scope:
        """The scope of these decks (None: all decks)."""
        return cls(decks=None if keys is None else tuple(keys))

    @property
    def key(self) -> str:
        """How the store records the scope: ``all``, ``deck:<id>[,<id>…]``, ``tag:<tag>`` or
        ``search:<query>``."""
        if self.search is not None:
            return f"search:{self.search}"
        if self.tag is not None:
            return f"tag:{self.tag}"
        if self.decks is not None:
            return "deck:" + ",".join(self.decks)
        return "all"

    @property
    def label(self) -> str:
        """How a screen names the scope: its title if given, else ``#tag``, the deck ids,
        ``search <query>`` or ``all decks``."""
        if self.title:
            return self.title
        if self.search is not None:
            return f"search {self.search}"
        if self.tag is not None:
            return f"#{self.tag}"
        if self.decks is not None:
            return ", ".join(self.decks)
        return "all decks"
