"""Read-only queries over the store, returning plain values."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ColumnElement, Connection, and_, case, func, or_, select, true

from studyapp.store.deck_list import DeckSummary, summary_of
from studyapp.store.due_queue import RELEARNING_RATINGS, relearning_parameters
from studyapp.store.schema import card_states, cards, decks
from studyapp.store.scope import tag_values
from studyapp.store.search_index import card_tags, has_search_index, tag_names
from studyapp.store.studiable import studiable

if TYPE_CHECKING:
    from studyapp.decks.models import CardSpec, DeckSpec


def is_new() -> ColumnElement[bool]:
    """Whether a card is *new*, the one meaning of the word in the deck list, the stats and
    the CLI: never rated in any mode (it has no latest rating). The quick deck list's SQL
    tests the same."""
    return card_states.c.last_rating.is_(None)


def practised_unscheduled() -> ColumnElement[bool]:
    """A card rated in learn, a test or a match but never in spaced review: not new, and not
    yet in SM-2's schedule, so spaced review takes it in with the new cards (its first review
    is due)."""
    return and_(card_states.c.due.is_(None), card_states.c.last_rating.is_not(None))


def due_today(today: date) -> ColumnElement[bool]:
    """A card is due today: its due day has come, it is relearning today (the statement's
    parameters: `relearning_parameters`), or it awaits its first spaced review after practice
    in another mode (:func:`practised_unscheduled`). With "New", this is what a spaced review
    of the scope holds today (before the daily limits)."""
    relearning = RELEARNING_RATINGS.subquery()
    return or_(
        card_states.c.due <= today,
        practised_unscheduled(),
        card_states.c.card_id.in_(select(relearning.c.card_id)),
    )


def deck_summaries(connection: Connection, today: date) -> list[DeckSummary]:
    """Every deck with active cards, new cards, cards due today (relearning ones included)
    and mastery %, by deck id. Suspended and buried cards count as cards (and in mastery) but
    are neither new nor due."""
    open_today = studiable(today)
    counts = {
        deck_id: (count, new, due, rating_total)
        for deck_id, count, new, due, rating_total in connection.execute(
            select(
                card_states.c.deck_id,
                func.count(),
                func.sum(case((and_(open_today, is_new()), 1), else_=0)),
                func.sum(case((and_(open_today, due_today(today)), 1), else_=0)),
                func.sum(func.coalesce(card_states.c.last_rating, 0)),
            )
            .where(card_states.c.active.is_(True))
            .group_by(card_states.c.deck_id),
            relearning_parameters(today),
        )
    }
    return [
        summary_of(key, title, *(int(n or 0) for n in counts.get(deck_id, (0, 0, 0, 0))))
        for deck_id, key, title in connection.execute(
            select(decks.c.id, decks.c.key, decks.c.title).order_by(decks.c.key)
        )
    ]


def tag_summaries(connection: Connection, today: date) -> list[DeckSummary]:
    """Every tag of an active card, with the same counts as a deck (key: the tag), by tag."""
    open_today = studiable(today)
    due_now = and_(open_today, due_today(today))
    counts = (
        func.count(),
        func.sum(case((and_(open_today, is_new()), 1), else_=0)),
        func.sum(case((due_now, 1), else_=0)),
        func.sum(func.coalesce(card_states.c.last_rating, 0)),
    )
    if has_search_index(connection):  # the tag index: no card's tag list read
        by_tag = (
            select(tag_names.c.name, *counts)
            .select_from(
                card_states.join(card_tags, card_tags.c.card_id == card_states.c.card_id).join(
                    tag_names, tag_names.c.id == card_tags.c.tag_id
                )
            )
            .group_by(tag_names.c.name)
        )
    else:
        tag = tag_values(connection)
        by_tag = (
            select(tag.c.value, *counts)
            .select_from(
                card_states.join(cards, cards.c.id == card_states.c.card_id).join(tag, true())
            )
            .group_by(tag.c.value)
        )
    rows = connection.execute(
        by_tag.where(card_states.c.active.is_(True)), relearning_parameters(today)
    ).all()
    totals = {str(row[0]): [int(n or 0) for n in row[1:]] for row in rows}
    return [summary_of(name, f"#{name}", *totals[name]) for name in sorted(totals)]


def deck_from_origin(connection: Connection, origin: str, kind: str) -> str | None:
    """The id of the deck last imported from the file ``origin`` as a source of ``kind``, or
    None (none, or several: a package's decks)."""
    found = connection.scalars(
        select(decks.c.key).where(decks.c.origin == origin, decks.c.origin_kind == kind).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None


def deck_keys(connection: Connection) -> list[str]:
    """The ids of all decks, sorted."""
    return list(connection.scalars(select(decks.c.key).order_by(decks.c.key)))


def stored_deck(connection: Connection, key: str) -> DeckSpec | None:
    """A deck's active cards, in file order, as a DeckSpec (for export); None if unknown."""
    from studyapp.decks.models import DeckSpec

    deck = connection.execute(select(decks).where(decks.c.key == key)).mappings().one_or_none()
    if deck is None:
        return None
    rows = connection.execute(
        select(cards)
        .where(cards.c.deck_id == deck["id"], cards.c.retired_at.is_(None))
        .order_by(cards.c.position)
    ).mappings()
    return DeckSpec.model_construct(
        id=deck["key"],
        title=deck["title"],
        description=deck["description"],
        tags=list(deck["tags"]),
        source=deck["source"],
        cards=[card_spec_of_row(row) for row in rows],
    )


def card_spec_of_row(row: Any) -> CardSpec:
    """A stored card row (all its columns) as a CardSpec with its key as id, unvalidated."""
    from studyapp.decks.models import CardSpec, CardType, DemoLink

    demo: dict[str, Any] | None = row["demo"]
    return CardSpec.model_construct(
        id=row["key"],
        question=row["question"],
        answer=row["answer"],
        type=cast(CardType, row["type"]),
        short=row["short"],
        accepted=list(row["accepted"]),
        tags=list(row["tags"]),
        distractors=list(row["distractors"]),
        demo=DemoLink.model_construct(name=demo["name"], params=dict(demo.get("params", {})))
        if demo
        else None,
        source=row["source"],
        note=row["note"],
        **_numeric_fields(row["numeric_spec"]),
    )


def _numeric_fields(spec: dict[str, Any] | None) -> dict[str, Any]:
    """A numeric card's compute, params and tolerance fields from its stored spec."""
    if not spec:
        return {}
    return {
        "compute": spec["compute"],
        "params": dict(spec["params"]),
        "tolerance": spec["tolerance"],
    }
