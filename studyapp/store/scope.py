"""Study scopes in SQL: which cards (or decks) a :class:`~studyapp.scope.Scope` covers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Connection, Select, TableValuedAlias, func, select

from studyapp.scope import Scope
from studyapp.store.schema import card_states, cards, decks
from studyapp.store.search_index import card_tags, has_search_index, tag_names

__all__ = ["Scope", "in_scope", "tag_values", "tagged_card_ids"]


def tag_values(connection: Connection) -> TableValuedAlias:
    """A card's tag list (a JSON array) as a table of its ``value``s, in SQL on either database:
    SQLite's ``json_each``, PostgreSQL's ``json_array_elements_text``."""
    if connection.dialect.name == "sqlite":
        return func.json_each(cards.c.tags).table_valued("value")
    return func.json_array_elements_text(cards.c.tags).table_valued("value").render_derived()


def tagged_card_ids(connection: Connection, tag: str) -> Select[tuple[int]]:
    """A query of the ids of cards carrying ``tag`` (exact, case-sensitive match).

    On SQLite the cards are read from the tag index (:mod:`studyapp.store.search_index`): one
    index range, where reading every card's tag list takes a scan of the whole table.
    """
    if has_search_index(connection):
        tag_id = select(tag_names.c.id).where(tag_names.c.name == tag).scalar_subquery()
        return select(card_tags.c.card_id).where(card_tags.c.tag_id == tag_id)
    values = tag_values(connection)
    has_tag = select(values.c.value).where(values.c.value == tag).exists()
    return select(cards.c.id).where(has_tag)


def in_scope(
    connection: Connection,
    card_id: ColumnElement[int],
    deck_id: ColumnElement[int],
    scope: Scope,
    today: date | None = None,
) -> ColumnElement[bool] | None:
    """A condition keeping the rows whose card (or deck) is in ``scope``; None for all.

    A search scope finds its cards as of the local day ``today`` (its terms may count days
    from it); the system's date when the caller has none.
    """
    if scope.search is not None:  # the card browser's search (a SearchError if unreadable)
        from studyapp.store.search import search_condition

        found = select(card_states.c.card_id).where(
            search_condition(connection, scope.search, today or date.today())
        )
        return card_id.in_(found.scalar_subquery())
    if scope.tag is not None:
        return card_id.in_(tagged_card_ids(connection, scope.tag).scalar_subquery())
    if scope.decks is not None:
        return deck_id.in_(
            select(decks.c.id).where(decks.c.key.in_(list(scope.decks))).scalar_subquery()
        )
    return None
