"""What a study session covers: all decks, some decks, or the cards with a tag.

A scope is written in the store as ``all``, ``deck:<id>`` or ``tag:<tag>`` (tests and matching
games remember the scope they were played on; the best matching time is per scope).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Select, func, select

from studyapp.store.schema import cards, decks


@dataclass(frozen=True, slots=True)
class Scope:
    """All active cards, or those of some decks, or those with a tag (never both)."""

    decks: tuple[str, ...] | None = None
    tag: str | None = None

    def __post_init__(self) -> None:
        if self.decks is not None and self.tag is not None:
            raise ValueError("a scope is some decks or a tag, not both")
        if self.decks is not None and not self.decks:
            raise ValueError("a deck scope needs at least one deck")

    @classmethod
    def of_decks(cls, keys: Sequence[str] | None) -> Scope:
        """The scope of these decks (None: all decks)."""
        return cls(decks=None if keys is None else tuple(keys))

    @property
    def key(self) -> str:
        """How the store records the scope: ``all``, ``deck:<id>[,<id>…]`` or ``tag:<tag>``."""
        if self.tag is not None:
            return f"tag:{self.tag}"
        if self.decks is not None:
            return "deck:" + ",".join(self.decks)
        return "all"

    @property
    def label(self) -> str:
        """How a screen names the scope."""
        if self.tag is not None:
            return f"#{self.tag}"
        if self.decks is not None:
            return ", ".join(self.decks)
        return "all decks"


def tagged_card_ids(connection: Connection, tag: str) -> Select[tuple[int]]:
    """A query of the ids of cards carrying ``tag`` (exact, case-sensitive match)."""
    if connection.dialect.name == "sqlite":
        values = func.json_each(cards.c.tags).table_valued("value")
        has_tag = select(values.c.value).where(values.c.value == tag).exists()
        return select(cards.c.id).where(has_tag)
    # other databases: read the tag lists (JSON) and match them here
    rows = connection.execute(select(cards.c.id, cards.c.tags)).all()
    return select(cards.c.id).where(cards.c.id.in_([row.id for row in rows if tag in row.tags]))


def in_scope(
    connection: Connection, card_id: ColumnElement[int], deck_id: ColumnElement[int], scope: Scope
) -> ColumnElement[bool] | None:
    """A condition keeping the rows whose card (or deck) is in ``scope``; None for all."""
    if scope.tag is not None:
        return card_id.in_(tagged_card_ids(connection, scope.tag).scalar_subquery())
    if scope.decks is not None:
        return deck_id.in_(
            select(decks.c.id).where(decks.c.key.in_(list(scope.decks))).scalar_subquery()
        )
    return None
