"""An Anki package's decks and review history written into the store in one transaction.

As for a deck file, the heavy part (comparing decks, replaying the whole history through SM-2,
converting every row) is planned first, reading only (:func:`plan_package`), and the write
(:func:`write_package`) is short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from studyapp.clock import Zone
from studyapp.decks.anki.notes import SUSPENDED_TAG, PackageDecks
from studyapp.store.bulk_rows import BulkStatement, DriverRow
from studyapp.store.importer import (
    DeckPlan,
    ImportReport,
    deck_plan_still_valid,
    plan_deck,
    write_deck,
)
from studyapp.store.review_import import (
    ANKI_BUTTON_RATINGS,
    NEW_CARD,
    WRITE_STATE,
    ImportedRating,
    current_schedules,
    replay_histories,
)
from studyapp.store.reviews import CardSchedule
from studyapp.store.schema import cards, decks, reviews

#: How many names a remark lists before it says "and N more".
NAMES_LISTED = 8


#: The review-log columns a replayed rating fills (all but its id and card).
_LOG_KEYS = tuple(column.name for column in reviews.columns if column.name not in ("id", "card_id"))

#: A card of a package's deck: the deck's id and the card's id within it.
CardKey = tuple[str, str]


@dataclass(slots=True)
class PackagePlan:
    """What importing a package writes, worked out and converted before the write lock."""

    decks: list[DeckPlan]
    schedules: dict[int, tuple[CardSchedule, datetime | None]]  # stored cards' states, as read
    log: BulkStatement
    log_cards: list[CardKey]
    log_rows: list[DriverRow]
    states: BulkStatement
    state_cards: list[CardKey]
    state_rows: list[DriverRow]


def import_package_decks(
    connection: Connection, package: PackageDecks, *, origin: str, now: datetime, zone: Zone
) -> tuple[list[ImportReport], int]:
    """Import every deck of a package and replay its review history; the caller commits.

    Returns a report per deck and how many ratings were replayed.
    """
    return write_package(
        connection, plan_package(connection, package, origin=origin, now=now, zone=zone)
    )


def plan_package(
    connection: Connection, package: PackageDecks, *, origin: str, now: datetime, zone: Zone
) -> PackagePlan:
    """Plan every deck's import and replay the review history over the stored schedules
    (a card new to the store starts from a new card's); reads only."""
    decks = [
        plan_deck(connection, deck, origin=origin, fmt="Anki package", now=now)
        for deck in package.decks
    ]
    stored_ids = {
        (plan.key, card_key): stored[0]
        for plan in decks
        for card_key, stored in plan.existing.items()
    }
    histories: dict[CardKey, list[ImportedRating]] = {}
    for review in package.reviews:
        card = package.cards.get(review.card_id)
        if review.button in ANKI_BUTTON_RATINGS and card is not None:
            rating = ANKI_BUTTON_RATINGS[review.button]
            taken = ImportedRating(0, review.reviewed_at, rating, review.duration_ms or None)
            histories.setdefault(card, []).append(taken)
    schedules = current_schedules(
        connection, [stored_ids[card] for card in histories if card in stored_ids]
    )
    current = {
        card: schedules[stored_ids[card]] if card in stored_ids else NEW_CARD for card in histories
    }
    replay = replay_histories(histories, current, zone)
    log = BulkStatement(insert(reviews), connection.dialect, ("card_id", *_LOG_KEYS))
    states = BulkStatement(WRITE_STATE, connection.dialect, ())
    return PackagePlan(
        decks,
        schedules,
        log,
        [card for card, _ in replay.log],
        [log.row({"card_id": 0, **row}) for _, row in replay.log],
        states,
        [card for card, _ in replay.states],
        [states.row({"target": 0, **row}) for _, row in replay.states],
    )


def package_plan_still_valid(connection: Connection, plan: PackagePlan) -> bool:
    """Whether the stored decks and schedules are still those the plan was made from."""
    if not all(deck_plan_still_valid(connection, deck) for deck in plan.decks):
        return False
    return current_schedules(connection, list(plan.schedules)) == plan.schedules


def write_package(connection: Connection, plan: PackagePlan) -> tuple[list[ImportReport], int]:
    """Write a planned package import (the caller holds the write transaction).

    Returns a report per deck and how many ratings were replayed.
    """
    reports = [write_deck(connection, deck) for deck in plan.decks]
    store_ids = {
        (deck_key, card_key): card_id
        for card_id, deck_key, card_key in connection.execute(
            select(cards.c.id, decks.c.key, cards.c.key)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(decks.c.key.in_([deck.key for deck in plan.decks]))
        )
    }
    log_ids = [store_ids[card] for card in plan.log_cards]
    plan.log.execute(connection, plan.log.set_value(plan.log_rows, "card_id", log_ids))
    state_ids = [store_ids[card] for card in plan.state_cards]
    plan.states.execute(connection, plan.states.set_value(plan.state_rows, "target", state_ids))
    return reports, len(plan.log_rows)


def package_remarks(package: PackageDecks, replayed: int) -> tuple[str, ...]:
    """What to tell the user beyond the per-deck counts: history, media, notes left out."""
    remarks: list[str] = []
    answers = sum(review.button in ANKI_BUTTON_RATINGS for review in package.reviews)
    if answers:
        already = answers - replayed
        known = f" ({already} were here already, or older than a card's history)" if already else ""
        remarks.append(
            f"{replayed} of {answers} reviews from Anki's history replayed into the schedule"
            + known
        )
    if package.media:
        remarks.append(
            f"{_count(len(package.media), 'media file')} not imported "
            f"(the terminal shows no images or sounds; cards name them): "
            + _listed(sorted(package.media))
        )
    if package.skipped:
        remarks.append(
            f"{_count(len(package.skipped), 'note')} skipped: "
            + _listed([str(note) for note in package.skipped], "; ")
        )
    if package.suspended:
        remarks.append(
            f"{_count(package.suspended, 'note')} suspended in Anki "
            f"{'is' if package.suspended == 1 else 'are'} active here, tagged {SUSPENDED_TAG} "
            "(find them with the tag on the home screen)"
        )
    remarks += [f"note {note}" for note in package.dropped]
    return tuple(remarks)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _listed(names: list[str], separator: str = ", ") -> str:
    shown = separator.join(names[:NAMES_LISTED])
    more = len(names) - NAMES_LISTED
    return shown + (f"{separator}and {more} more" if more > 0 else "")
