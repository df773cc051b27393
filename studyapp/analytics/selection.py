"""Which rows of the log a figure reads for a scope (overall, some decks, or a tag).

Card figures read the scope's *active* cards from ``card_states``. Activity figures read the
rows of ``reviews`` and ``answers`` whose card is in the scope, retired cards included: their
past work still happened. Tests and matching games remember the scope they were played on; a
deck or tag view shows those played on exactly that scope, the overall view shows them all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from studyapp.scope import Scope
from studyapp.store.schema import card_states, cards
from studyapp.store.scope import in_scope


def active_cards(
    connection: Connection, scope: Scope, *, by_due: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions on ``card_states`` keeping the scope's active cards.

    Written ``active IS NOT 0`` unless ``by_due`` (for a query on due days): ``active = 1``
    would make SQLite, which has no statistics, pick the queue index and visit nearly every
    row in due order, several times slower than reading the table through.
    """
    active = card_states.c.active
    conditions: list[ColumnElement[bool]] = [active.is_(True) if by_due else active.is_not(False)]
    condition = in_scope(connection, card_states.c.card_id, card_states.c.deck_id, scope)
    if condition is not None:
        conditions.append(condition)
    return conditions


def logged_cards(
    connection: Connection, card_id: ColumnElement[int], scope: Scope
) -> list[ColumnElement[bool]]:
    """Conditions keeping the log rows (by their ``card_id``) of the scope's cards, retired too."""
    condition = in_scope(connection, cards.c.id, cards.c.deck_id, scope)
    if condition is None:
        return []
    return [card_id.in_(select(cards.c.id).where(condition).scalar_subquery())]


def played_on(scope_column: ColumnElement[Any], scope: Scope) -> list[ColumnElement[bool]]:
    """Conditions keeping the tests or games of a scope (all of them for the overall view)."""
    if scope.decks is None and scope.tag is None:
        return []
    return [scope_column == scope.key]
